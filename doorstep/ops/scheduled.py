"""The recurring work that exists today, each calling its app's own service.

Other apps add theirs in their own ``scheduled.py`` (see doorstep.ops.schedule).
"""

from datetime import datetime, time

from django.utils import timezone

from doorstep.ops.schedule import recurring


@recurring("complaints digest",
           description="Complaints overdue or due within 2 working days, e-mailed to each handler")
def complaints_digest(*, today):
    from doorstep.complaints.management.commands.complaints_digest import (
        build_digest,
        email_digest,
    )

    digest = build_digest(as_of=today, within_days=2)
    overdue = sum(len(h["overdue"]) for h in digest["handlers"])
    due_soon = sum(len(h["due_soon"]) for h in digest["handlers"])
    handlers = len(digest["handlers"])
    emailed = email_digest(digest)
    steps = "complaint step" if overdue == 1 else "complaint steps"
    return (f"{overdue:,} {steps} overdue and {due_soon:,} due soon, "
            f"for {handlers:,} {'handler' if handlers == 1 else 'handlers'}; "
            f"{emailed:,} e-mailed")


@recurring("flag escalation",
           description="Hazard and safeguarding flags on comments not followed up in time")
def flag_escalation(*, today):
    from doorstep.voice.services import overdue_flags

    late = overdue_flags(today=today).count()
    return f"{late:,} flags past their follow-up day"


@recurring("overdue responses",
           description="Awaab's Law hazard cases with a clock past its deadline")
def overdue_responses(*, today):
    from doorstep.hazards.services import overdue_hazards

    # The end of the day in question: what is overdue by tonight.
    now = timezone.make_aware(datetime.combine(today, time(23, 59)))
    return f"{len(overdue_hazards(now=now)):,} hazard cases overdue"


@recurring("nightly recoding",
           description="Code new comments into themes; staff corrections are kept")
def nightly_recoding(*, today):
    from doorstep.voice.services import code_everything

    run = code_everything(today=today)
    return (f"{run.coded:,} comments coded ({run.created:,} new), {run.flags_raised:,} flags "
            "raised")


@recurring("old prepared PDFs",
           description="PDFs prepared in the background, removed after a week")
def old_prepared_pdfs(*, today):
    from doorstep.ops.pdfs import PREPARED_PDF_DAYS, remove_old_prepared

    removed = remove_old_prepared(today=today)
    return f"{removed:,} prepared {'PDF' if removed == 1 else 'PDFs'} older than " \
           f"{PREPARED_PDF_DAYS} days removed"
