"""Imports in the browser: check a file, see the report, confirm, and the history.

The flow follows the command line's: a dry run first (``import_file(dry_run=True)``), its
report (the ImportRun it records), then the import of exactly the file that was checked.

No web request reads or writes a file's rows: the page keeps the upload in the private
upload folder and queues the check (or, once confirmed, the import) as a background task
(``doorstep.imports.tasks``, run by ``doorstep worker``), then shows the task's page with
its progress (stage and per cent done, refreshed by htmx; without JavaScript, reloading
the page shows the same). When the task has already finished (a small file, or tasks run
at once), the person goes straight to the report.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from doorstep.accounts import access
from doorstep.imports.datasets import DATASETS
from doorstep.imports.forms import (
    DATASET_LABELS,
    UploadForm,
    forget_stale_uploads,
    keep_upload,
    kept_file,
    upload_limit_mb,
)
from doorstep.imports.framework import Lookups
from doorstep.imports.models import ImportRun
from doorstep.imports.tasks import run_upload
from doorstep.ops.jobs import start_job
from doorstep.web.htmx import is_htmx

RUNS_PER_PAGE = 25
PROBLEMS_PER_PAGE = 100


def _go_to(request, url: str) -> HttpResponse:
    """A redirect; for htmx, a whole-page visit, so the report gets its own address."""
    if is_htmx(request):
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


def _start(request, *, path, dataset: str, dry_run: bool) -> HttpResponse:
    """Queue the check or import of a kept file; show its progress, or its report if done."""
    verb = "Check" if dry_run else "Import"
    job = start_job(run_upload, label=f"{verb} {path.name} ({DATASET_LABELS[dataset]})",
                    user=request.user, path=str(path), dataset=dataset,
                    user_id=request.user.pk, dry_run=dry_run)
    if job.status == job.Status.DONE and job.result_url:
        return _go_to(request, job.result_url)
    return _go_to(request, job.get_absolute_url())


def index(request):
    """Choose the dataset and the file; check it (a dry run) and go to its report."""
    access.require(request.user, access.IMPORT_DATA)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        forget_stale_uploads()
        path = keep_upload(form.cleaned_data["file"])
        return _start(request, path=path, dataset=form.cleaned_data["dataset"], dry_run=True)
    context = {"form": form, "limit_mb": upload_limit_mb(),
               "datasets": [(radio, DATASETS[radio.data["value"]]) for radio in form["dataset"]],
               "recent": _labelled(ImportRun.objects.defer("errors", "unknown_columns")[:5])}
    return render(request, "imports/index.html", context)


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
               "seconds": _seconds(import_run)}
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
    return _start(request, path=path, dataset=checked.dataset, dry_run=False)


def history(request):
    """Every import run, newest first, a page at a time."""
    access.require(request.user, access.IMPORT_DATA)
    runs = ImportRun.objects.defer("errors", "unknown_columns")
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    page.runs = _labelled(page.object_list)
    return render(request, "imports/history.html", {"page": page})


def _seconds(import_run: ImportRun) -> str:
    if import_run.finished_at is None:
        return "not finished"
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
