"""A record of every import attempt, successful or not."""

from django.conf import settings
from django.db import models


class ImportRun(models.Model):
    class Outcome(models.TextChoices):
        IMPORTED = "imported", "Imported"
        CHECKED = "checked", "Checked only (dry run)"
        REJECTED = "rejected", "Rejected: nothing written"

    dataset = models.CharField(max_length=40)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField("file SHA-256", max_length=64)
    run_by = models.CharField(max_length=150, help_text="Who ran it (a user or a system login)")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    # The first errors in full (row, column, reason); error_count says how many in all.
    errors = models.JSONField(default=list, blank=True)
    unknown_columns = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["dataset", "-started_at"])]

    def __str__(self):
        return f"{self.dataset} from {self.file_name} ({self.get_outcome_display()})"
