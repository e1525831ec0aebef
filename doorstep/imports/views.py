"""Imports in the browser: check a file, see the report, confirm, and the history.

The flow follows the command line's: a dry run first (``import_file(dry_run=True)``), its
report (the ImportRun it records), then the import of exactly the file that was checked.

Progress: the check and the import run inside the request, as ``doorstep import`` runs in
its terminal. While it works, the importer's progress callback writes the stage and the
fraction done to Django's cache (shared by every worker process in production), and the
page asks for it every second with htmx. Nothing runs in the background, so nothing is
left half-done or orphaned when a server process restarts: the request either finishes
or fails like any other. Without JavaScript the page simply waits for the report.
"""

import re
import secrets
import time

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from doorstep.accounts import access
from doorstep.imports.datasets import DATASETS
from doorstep.imports.forms import (
    DATASET_LABELS,
    UploadForm,
    forget,
    forget_stale_uploads,
    keep_upload,
    kept_file,
    upload_limit_mb,
)
from doorstep.imports.framework import Lookups
from doorstep.imports.models import ImportRun
from doorstep.imports.services import import_file
from doorstep.web.htmx import is_htmx

RUNS_PER_PAGE = 25
PROBLEMS_PER_PAGE = 100
PROGRESS_SECONDS = 60 * 60
# Polls with no progress recorded (the file still uploading) before the page stops asking.
POLLS_WITHOUT_NEWS = 300


class ProgressRecord:
    """The importer's progress callback: the stage and fraction done, kept in the cache."""

    def __init__(self, *, user, token: str):
        self.key = progress_key(user=user, token=token)
        self.last_saved = 0.0

    def __call__(self, stage: str, fraction: float) -> None:
        now = time.monotonic()
        if now - self.last_saved < 0.5 and fraction < 1:
            return  # a cache write per chunk would cost more than the chunk
        self.last_saved = now
        self.save({"stage": stage, "fraction": fraction, "finished": False})

    def save(self, state: dict) -> None:
        if self.key:
            cache.set(self.key, state, PROGRESS_SECONDS)

    def finish(self) -> None:
        self.save({"stage": "finished", "fraction": 1.0, "finished": True})


def progress_key(*, user, token: str) -> str:
    # The user's id is part of the key: one person cannot read another's progress.
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        return ""
    return f"imports:progress:{user.pk}:{token}"


def _run_by(user) -> str:
    return f"{user.get_username()} (web)"


def _go_to(request, url: str) -> HttpResponse:
    """A redirect; for htmx, a whole-page visit, so the report gets its own address."""
    if is_htmx(request):
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


def index(request):
    """Choose the dataset and the file; check it (a dry run) and go to its report."""
    access.require(request.user, access.IMPORT_DATA)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        recorder = ProgressRecord(user=request.user, token=request.POST.get("progress", ""))
        try:
            if form.is_valid():
                run_id = _check(form, user=request.user, progress=recorder)
                return _go_to(request, reverse("imports:run", args=[run_id]))
        finally:
            recorder.finish()
    context = {"form": form, "limit_mb": upload_limit_mb(),
               "progress_token": secrets.token_hex(16),
               "datasets": [(radio, DATASETS[radio.data["value"]]) for radio in form["dataset"]],
               "recent": _labelled(ImportRun.objects.defer("errors", "unknown_columns")[:5])}
    return render(request, "imports/index.html", context)


def _check(form: UploadForm, *, user, progress: ProgressRecord) -> int:
    forget_stale_uploads()
    path = keep_upload(form.cleaned_data["file"])
    report = import_file(dataset=form.cleaned_data["dataset"], path=path, dry_run=True,
                         run_by=_run_by(user), user=user, progress=progress)
    if not report.ok:
        forget(path)  # nothing to confirm
    return report.run_id


def run(request, run_id: int):
    """One import run: the same report the command line gives, and, after a clean check,
    the button that imports the file."""
    access.require(request.user, access.IMPORT_DATA)
    import_run = get_object_or_404(ImportRun, pk=run_id)
    problems = Paginator(import_run.errors, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    confirmable = import_run.outcome == ImportRun.Outcome.CHECKED and kept_file(
        sha256=import_run.file_sha256, file_name=import_run.file_name) is not None
    context = {"run": import_run, "problems": problems, "confirmable": confirmable,
               "dataset_label": DATASET_LABELS.get(import_run.dataset, import_run.dataset),
               "more_problems": import_run.error_count - len(import_run.errors),
               "seconds": _seconds(import_run),
               "progress_token": secrets.token_hex(16)}
    return render(request, "imports/run.html", context)


@require_POST
def confirm(request, run_id: int):
    """Import the file a clean check kept, and go to the import's own report."""
    access.require(request.user, access.IMPORT_DATA)
    checked = get_object_or_404(ImportRun, pk=run_id, outcome=ImportRun.Outcome.CHECKED)
    path = kept_file(sha256=checked.file_sha256, file_name=checked.file_name)
    if path is None:
        messages.error(request, "This file is no longer waiting to be imported: it has been "
                       "imported already, or was checked more than a day ago. Upload it again.")
        return _go_to(request, reverse("imports:run", args=[checked.pk]))
    recorder = ProgressRecord(user=request.user, token=request.POST.get("progress", ""))
    try:
        report = import_file(dataset=checked.dataset, path=path, dry_run=False,
                             run_by=_run_by(request.user), user=request.user,
                             progress=recorder)
    finally:
        recorder.finish()
    # Kept only while waiting for a confirmation: imported, or refused on the second check.
    forget(path)
    return _go_to(request, reverse("imports:run", args=[report.run_id]))


def progress(request, token: str):
    """The progress of a check or import, for htmx to poll (a fragment of the page)."""
    access.require(request.user, access.IMPORT_DATA)
    if not is_htmx(request):
        raise Http404("This address is for the progress indicator of the import page.")
    key = progress_key(user=request.user, token=token)
    state = cache.get(key) if key else None
    polls = _whole_number(request.GET.get("polls"))
    context = {"token": token, "state": state, "next_poll": polls + 1,
               "percent": round(100 * state["fraction"]) if state else None,
               "keep_asking": not (state or {}).get("finished") and polls < POLLS_WITHOUT_NEWS}
    return render(request, "imports/_progress.html", context)


def _whole_number(text) -> int:
    return int(text) if (text or "").isdigit() else 0


def history(request):
    """Every import run, newest first, a page at a time."""
    access.require(request.user, access.IMPORT_DATA)
    runs = ImportRun.objects.defer("errors", "unknown_columns")
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    page.runs = _labelled(page.object_list)
    return render(request, "imports/history.html", {"page": page})


def _seconds(import_run: ImportRun) -> str:
    taken = import_run.finished_at - import_run.started_at
    return f"{taken.total_seconds():.1f} s"


def _labelled(runs) -> list[ImportRun]:
    runs = list(runs)
    for each in runs:
        each.dataset_label = DATASET_LABELS.get(each.dataset, each.dataset)
    return runs


def formats(request):
    """The columns of each dataset, in import order, from the importers themselves."""
    access.require(request.user, access.IMPORT_DATA)
    no_records = Lookups(homes={}, buildings={})
    datasets = [(spec, spec.columns(no_records)) for spec in DATASETS.values()]
    return render(request, "imports/formats.html", {"datasets": datasets})
