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
    # Subclasses name their foreign key to the case here ("complaint", "case").
    subject: str

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


def log_opening(log: type[ActivityEntry], *, record, by, action: str, summary: str,
                fields: list[str]) -> None:
    """Log a new record: each of ``fields`` that has a value, from nothing to that value."""
    log.objects.create(
        **{log.subject: record},
        by=by,
        action=action,
        summary=summary,
        changes={
            name: [None, as_logged(getattr(record, name))]
            for name in fields
            if getattr(record, name) not in (None, "")
        },
    )


def save_and_log(log: type[ActivityEntry], *, record, locked, by, action: str, summary: str,
                 changes: dict):
    """Save ``changes`` on ``locked`` (the row as read under select_for_update) and log each
    field that changed, before and after; mirror them on ``record``, the caller's copy."""
    before = {name: getattr(locked, name) for name in changes}
    for name, value in changes.items():
        setattr(locked, name, value)
        setattr(record, name, value)
    locked.save(update_fields=list(changes))
    log.objects.create(
        **{log.subject: locked},
        by=by,
        action=action,
        summary=summary,
        changes={
            name: [as_logged(before[name]), as_logged(value)]
            for name, value in changes.items()
            if before[name] != value
        },
    )
    return record
