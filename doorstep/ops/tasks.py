"""Background tasks of Doorstep's own (docs/tasks.md)."""

from datetime import date

from doorstep.ops.jobs import job_task
from doorstep.ops.schedule import run_all


@job_task()
def run_recurring(job, *, name: str, day: str) -> str:
    """One piece of recurring work, run by the worker (``run-scheduled --in-background``)."""
    job.progress(done=0, total=1, message=f"Running {name}")
    outcomes = run_all(today=date.fromisoformat(day), only=[name])
    if not outcomes:
        raise ValueError(f"no recurring work is called {name!r}")
    outcome = outcomes[0]
    if not outcome.ok:
        raise ValueError(f"{name} {outcome.summary}")
    job.progress(done=1, message=outcome.summary)
    job.finish(message=outcome.summary)
    return outcome.summary


@job_task()
def code_comments(job) -> dict:
    """Code (or re-code) every comment, keeping staff corrections: for a "code now" button."""
    return _code(job, only_new=False)


@job_task()
def code_new_comments(job) -> dict:
    """Code the comments that have arrived (imported, or a survey answered) and were never
    coded: queued when they arrive (doorstep/voice/apps.py)."""
    return _code(job, only_new=True)


def _code(job, *, only_new: bool) -> dict:
    from doorstep.voice.services import code_everything

    job.progress(done=0, message="Coding new comments into themes" if only_new
                 else "Coding every comment into themes")  # fmt: skip
    run = code_everything(only_new=only_new, progress=lambda done, total: job.progress(
        done=done, total=total, message=f"{done:,} of {total:,} comments coded"))
    flags = f"{run.flags_raised:,} flag{'' if run.flags_raised == 1 else 's'} raised"
    comments = f"{run.coded:,} comment{'' if run.coded == 1 else 's'} coded"
    summary = f"{comments} ({run.created:,} new), {flags}"
    job.finish(message=summary, url="/voice/")
    return {"coded": run.coded, "created": run.created, "flags_raised": run.flags_raised}


@job_task()
def check_repairs_for_hazards(job, *, year: str) -> int:
    """Read a year's repairs through the hazard phrase rules and keep what they found, so the
    hazards screen opens at once: queued after a repairs import (doorstep/hazards/apps.py)."""
    from doorstep.core.periods import ReportingYear
    from doorstep.hazards.services import read_repairs_for_hazards

    job.progress(done=0, total=1, message=f"Reading {year}'s repairs through the hazard rules")
    found = read_repairs_for_hazards(year=ReportingYear.parse(year))
    job.finish(message=f"{found:,} repairs and hazards found to check or route",
               url="/hazards/")
    return found


@job_task()
def send_email(job, *, to: list, subject: str, body: str, mark_sent: dict | None = None) -> int:
    """Send one e-mail from the worker, so a slow or broken mail server never holds up a page.

    ``mark_sent`` names a record to mark once the message has gone, as plain values:
    ``{"model": "scrutiny.Notification", "pk": 5, "field": "emailed"}``. A mail server that
    refuses or cannot be reached fails the job with a plain message (the page that asked
    for the e-mail has already answered)."""
    from django.apps import apps
    from django.conf import settings
    from django.core.mail import send_mail

    job.progress(done=0, total=1, message=f"Sending “{subject}”")
    try:
        sent = send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, list(to),
                         fail_silently=False)  # fmt: skip
    except Exception as problem:
        raise ValueError(
            f"the mail server did not take the e-mail “{subject}” to {', '.join(to)} "
            f"({type(problem).__name__}). Check the e-mail settings (EMAIL_HOST) and try again."
        ) from problem
    if mark_sent:
        model = apps.get_model(mark_sent["model"])
        model.objects.filter(pk=mark_sent["pk"]).update(**{mark_sent["field"]: bool(sent)})
    job.progress(done=1, message="Sent")
    job.finish(message=f"E-mail “{subject}” sent to {', '.join(to)}")
    return sent


@job_task()
def prepare_pdf(job, *, page: str, user_id: int | None, title: str) -> str:
    """Make the PDF at ``page`` as ``user_id`` sees it and keep it for them (doorstep.ops.pdfs)."""
    from django.urls import reverse

    from doorstep.ops.pdfs import prepared_path, render_pdf_as

    job.progress(done=0, total=1, message=f"Laying out {title}")
    pdf = render_pdf_as(page, user_id=user_id)
    path = prepared_path(job.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    job.progress(done=1)
    job.finish(message=f"{title}: the PDF is ready ({len(pdf) // 1024:,} KB)",
               url=reverse("ops:prepared-pdf", args=[job.id]))
    return str(path)
