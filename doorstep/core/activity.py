"""The activity log shared by records that are worked in Doorstep (complaints, hazard
cases): every change, who made it, when, what, and each field before and after.

Each kind of case has its own log table (a subclass with a foreign key to the case), so a
case's history is one indexed lookup; the columns and their meaning are defined once here.
"""

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class ActivityEntry(models.Model):
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=40)
    summary = models.TextField(help_text="What happened, in plain English")
    # {field attname: [before, after]} with values as text (see ``as_logged``), so an import
    # can tell which fields Doorstep has changed.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


def as_logged(value) -> str | None:
    """A field's value as the log keeps it: the form an import file would give it."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
