"""``doorstep complaints-digest``: what is overdue and due soon, handler by handler.

    doorstep complaints-digest [--date YYYY-MM-DD] [--within N] [--format text|json]

Meant for a daily email to each handler. "Due soon" is today or within N working days
(default 2). The JSON gives each handler's user name and email address so that a mailer can
address it; complaints nobody is assigned to come last, under "Not assigned".
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from doorstep.complaints.queues import (
    DEFAULT_DUE_SOON_DAYS,
    by_handler,
    is_due_soon,
    outstanding,
)


class Command(BaseCommand):
    help = "List the complaints that are overdue or due soon, for each handler."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to read the clocks on (default: today)")
        parser.add_argument(
            "--within",
            type=int,
            default=DEFAULT_DUE_SOON_DAYS,
            help=f"Working days ahead that count as due soon (default {DEFAULT_DUE_SOON_DAYS})",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        day = _day(options["date"])
        within = options["within"]
        if within < 0:
            raise CommandError("--within must be 0 or more working days", returncode=2)
        digest = build_digest(as_of=day, within_days=within)
        if options["format"] == "json":
            self.stdout.write(json.dumps(digest, indent=2))
        else:
            self.stdout.write(as_text(digest))


def _day(text: str | None) -> date:
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"{text!r} is not a date: write it as YYYY-MM-DD, for example 2025-11-17",
            returncode=2,
        ) from None


def build_digest(*, as_of: date, within_days: int) -> dict:
    entries = [
        entry
        for entry in outstanding(as_of=as_of)
        if entry.overdue or is_due_soon(entry, within_days=within_days)
    ]
    handlers = []
    for handler, mine in by_handler(entries):
        handlers.append({
            "handler": handler.get_username() if handler else None,
            "name": (handler.get_full_name() or handler.get_username()) if handler
            else "Not assigned",
            "email": handler.email if handler else "",
            "overdue": [_entry(entry) for entry in mine if entry.overdue],
            "due_soon": [_entry(entry) for entry in mine if not entry.overdue],
        })
    return {"date": as_of.isoformat(), "within_working_days": within_days, "handlers": handlers}


def _entry(entry) -> dict:
    complaint, deadline = entry.complaint, entry.deadline
    return {
        "complaint_ref": complaint.complaint_ref,
        "stage": deadline.stage,
        "task": deadline.task,
        "due_on": deadline.due_on.isoformat(),
        "working_days_left": deadline.working_days_left,
        "status": deadline.status,
        "description": deadline.description,
        "team": complaint.team.name if complaint.team else None,
        "category": complaint.category,
    }


def email_digest(digest: dict) -> int:
    """Queue each handler's own part of the digest as an e-mail (sent by the worker, so a slow
    mail server holds nothing up). Handlers without an address, and the complaints nobody is
    assigned to, are on the complaints page only. Returns how many e-mails were queued."""
    from doorstep.ops.jobs import start_job
    from doorstep.ops.tasks import send_email

    day = date.fromisoformat(digest["date"])
    queued = 0
    for handler in digest["handlers"]:
        if not handler["email"]:
            continue
        start_job(send_email, label=f"Complaints digest for {handler['name']}",
                  to=[handler["email"]],
                  subject=f"Complaints overdue or due soon, {day.day} {day:%B %Y}",
                  body=as_text({**digest, "handlers": [handler]}))
        queued += 1
    return queued


def as_text(digest: dict) -> str:
    day = date.fromisoformat(digest["date"])
    within = digest["within_working_days"]
    lines = [
        f"Complaints overdue or due within {within} working day{'s' if within != 1 else ''}, "
        f"as at {day:%a} {day.day} {day:%b %Y}"
    ]
    if not digest["handlers"]:
        lines.append("Nothing is overdue or due soon.")
    for handler in digest["handlers"]:
        lines.append("")
        lines.append(
            f"{handler['name']}: {len(handler['overdue'])} overdue, "
            f"{len(handler['due_soon'])} due soon"
        )
        for heading, key in (("OVERDUE", "overdue"), ("DUE SOON", "due_soon")):
            for entry in handler[key]:
                what = "acknowledgement" if entry["task"] == "acknowledge" else "response"
                lines.append(
                    f"  {heading:<8}  {entry['complaint_ref']}  stage {entry['stage']} {what}: "
                    f"{entry['description']}"
                )
    return "\n".join(lines)
