"""A background job as the person who started it sees it.

The task framework (django-tasks, with its database queue) keeps the task itself: its
arguments, its attempts, its return value. ``Job`` keeps what a person wants to know while
it runs: what it is, who started it, how far it has got in plain words, and where to see
the outcome. See docs/tasks.md.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    label = models.CharField(max_length=200, help_text='What it is, e.g. "Import repairs.csv"')
    task_name = models.CharField(max_length=255, help_text="The task's module path")
    task_result_id = models.CharField(max_length=64, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="jobs",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(blank=True, help_text="The latest progress, in plain words")
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["started_by", "-created_at"])]

    def __str__(self):
        return f"{self.label} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("ops:job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    @property
    def progress_text(self) -> str:
        """"3,000 of 12,000 done (25%)", or "3,000 done" while the total is not known."""
        if not self.total:
            return f"{self.done:,} done" if self.done else ""
        return f"{self.done:,} of {self.total:,} done ({self.percent}%)"
