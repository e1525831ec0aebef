"""Shared records: the organisation's own closure days (used by the working-day calendar)."""

from django.db import models


class ClosureDay(models.Model):
    """A day the organisation is closed although it is not a bank holiday in England.

    Complaint and hazard clocks skip it like a bank holiday (see ``doorstep.core.workdays``).
    """

    date = models.DateField(unique=True)
    reason = models.CharField(
        max_length=200, help_text="For example: office move, extra day at Christmas"
    )

    class Meta:
        ordering = ["date"]
        verbose_name = "closure day"

    def __str__(self):
        return f"{self.date:%a %d %b %Y}: {self.reason}"
