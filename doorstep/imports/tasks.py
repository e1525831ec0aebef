"""Imports from the browser, as background work (docs/tasks.md): no web request reads a file.

The page keeps the upload (``forms.keep_upload``) and queues ``check_upload``; the worker
(``doorstep worker``) checks it as a dry run, or writes it once the person has confirmed
the check, exactly as ``doorstep import`` does. The job's page shows how far it has got.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from doorstep.imports.forms import DATASET_LABELS, forget
from doorstep.imports.services import import_file
from doorstep.ops.jobs import job_task

STAGES = {"checking": "Checking every row", "writing": "Writing the changes"}


class JobProgressReport:
    """The importer's progress callback, as the job's progress (per cent done, and the
    stage). An update made inside the import's own transaction would be seen only when it
    commits (or never, if the file is refused), so those are skipped: the importer says
    "writing" before its transaction opens."""

    def __init__(self, job):
        self.job = job
        self.depth = len(connection.atomic_blocks)
        self.last = None

    def __call__(self, stage: str, fraction: float) -> None:
        if len(connection.atomic_blocks) > self.depth:
            return
        percent = max(0, min(100, int(100 * fraction)))
        state = (stage, percent)
        if state == self.last:
            return
        self.last = state
        label = STAGES.get(stage, stage.capitalize())
        self.job.progress(done=percent, total=100, message=f"{label}: {percent}% done")


@job_task()
def run_upload(job, *, path: str, dataset: str, user_id: int, dry_run: bool) -> dict:
    """Check (``dry_run``) or import an upload kept under DATA_DIR/uploads."""
    user = get_user_model().objects.filter(pk=user_id).first()
    kept = Path(path)
    report = import_file(
        dataset=dataset, path=kept, dry_run=dry_run,
        run_by=f"{user.get_username()} (web)" if user else "web",
        user=user, progress=JobProgressReport(job),
    )
    if not (dry_run and report.ok):
        forget(kept)  # kept only while a clean check waits for its confirmation
    job.finish(message=_outcome(report), url=reverse("imports:run", args=[report.run_id]))
    return {"import_run": report.run_id, "ok": report.ok}


def _outcome(report) -> str:
    what = f"{report.rows:,} {DATASET_LABELS.get(report.dataset, report.dataset).lower()} rows"
    if not report.ok:
        count = len(report.errors)
        return f"Nothing was imported: {count:,} problem{'s' if count != 1 else ''} found."
    if report.dry_run:
        return f"Checked {what}: ready to import."
    return f"Imported {what}."
