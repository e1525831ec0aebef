"""A record of every import attempt, successful or not, and of one that never finished."""

import os
import socket

from django.conf import settings
from django.db import models


def this_process() -> str:
    """Where an import runs, so that one killed half way can be told from one running."""
    return f"{socket.gethostname()[:100]}:{os.getpid()}"


def _is_alive(process: str) -> bool:
    host, _, pid = process.rpartition(":")
    if host != socket.gethostname()[:100] or not pid.isdigit():
        return False  # another server's: it cannot be asked, so it is taken as stopped
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    return True


class ImportRun(models.Model):
    class Outcome(models.TextChoices):
        IMPORTED = "imported", "Imported"
        CHECKED = "checked", "Checked only (dry run)"
        REJECTED = "rejected", "Rejected: nothing written"
        # Recorded when an import starts and replaced when it ends: still there afterwards
        # means the process was killed (or the server stopped) half way. The database is
        # untouched, since an import writes all of its rows in one transaction or none.
        UNFINISHED = "unfinished", "Did not finish: nothing written"

    dataset = models.CharField(max_length=40)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField("file SHA-256", max_length=64)
    run_by = models.CharField(max_length=150, help_text="Who ran it (a user or a system login)")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    # The first errors in full (row, column, reason); error_count says how many in all.
    errors = models.JSONField(default=list, blank=True)
    unknown_columns = models.JSONField(default=list, blank=True)
    # The host and process id running the import, while it runs (see this_process).
    process = models.CharField(max_length=120, blank=True, default="")

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["dataset", "-started_at"])]

    def __str__(self):
        return f"{self.dataset} from {self.file_name} ({self.get_outcome_display()})"

    @property
    def running(self) -> bool:
        """Not finished, and the process that started it is still alive."""
        return self.outcome == self.Outcome.UNFINISHED and _is_alive(self.process)

    @property
    def outcome_label(self) -> str:
        if self.running:
            return "Running"
        return self.get_outcome_display()
