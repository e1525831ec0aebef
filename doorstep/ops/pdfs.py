"""PDFs prepared by the worker: any of Doorstep's PDF pages, made as the person who asked.

A PDF can take longer to lay out than a page should wait (a year's hazard cases, a board
pack), so each PDF link has a "Prepare in the background" button beside it. The worker then
calls the PDF's own view with a request from the person who pressed it: the view checks their
access and builds the same PDF it would have sent, so there is one way of making each PDF and
one set of access rules. The file is kept under ``DATA_DIR / "prepared"`` for its starter (and
an administrator) to download, and removed after ``PREPARED_PDF_DAYS`` by the recurring work.
"""

from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

# The pages that answer with a PDF, by their URL names: only these can be prepared.
PDF_PAGES = frozenset({
    "complaints:report-pdf",
    "hazards:report-pdf",
    "publishing:report-pdf",
    "publishing:report-language-pdf",
    "publishing:board-year-pdf",
    "publishing:board-quarter-pdf",
    "scrutiny:pack-pdf",
})
# How long a prepared PDF is kept (the files hold what the starter may see, nothing public).
PREPARED_PDF_DAYS = 7


class NotAPdfPage(ValueError):
    """The address given is not one of Doorstep's PDF pages."""


class _WorkerRequest(HttpRequest):
    """A GET from the worker, as the person who started the job. No browser is involved, so
    there is no host to check: absolute addresses in the PDF say the server's own name."""

    def get_host(self) -> str:
        return "localhost"


def pdf_page(path: str):
    """The view of the PDF page at ``path`` and its arguments; NotAPdfPage otherwise."""
    try:
        match = resolve(path)
    except Resolver404:
        raise NotAPdfPage("that address is not one of Doorstep's pages") from None
    if match.view_name not in PDF_PAGES:
        raise NotAPdfPage("that page is not a PDF")
    return match


def render_pdf_as(path: str, *, user_id: int | None) -> bytes:
    """The PDF the page at ``path`` gives ``user_id`` (None: the public), or a ValueError that
    says plainly why there is none (no longer allowed, gone, not a PDF)."""
    match = pdf_page(path)
    request = _WorkerRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.user = (get_user_model().objects.get(pk=user_id) if user_id is not None
                    else AnonymousUser())
    request.session = SessionBase()
    response = _call(match, request)
    if response.status_code in (403, 404):
        raise ValueError("that PDF is not one you can see now (it may have been removed, or "
                         "your access changed)")
    if response.status_code != 200 or response.get("Content-Type") != "application/pdf":
        raise ValueError("the PDF could not be made (the server may be missing the fonts or "
                         "the PDF library: see docs/deploy.md)")
    return response.content


def _call(match, request) -> HttpResponse:
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    try:
        return match.func(request, *match.args, **match.kwargs)
    except PermissionDenied:
        return HttpResponse(status=403)
    except Http404:
        return HttpResponse(status=404)


def start_preparing(*, user, page: str, title: str):
    """Queue the PDF at ``page`` to be made as ``user``; the job (its page follows it)."""
    from doorstep.ops.jobs import start_job
    from doorstep.ops.tasks import prepare_pdf

    pdf_page(page)
    return start_job(prepare_pdf, label=f"PDF: {title}", user=user, page=page,
                     user_id=user.pk, title=title)


def prepared_path(job_id: int) -> Path:
    return Path(settings.DATA_DIR) / "prepared" / f"job-{job_id}.pdf"


def remove_old_prepared(*, today: date) -> int:
    """Delete prepared PDFs older than PREPARED_PDF_DAYS; how many were removed."""
    folder = Path(settings.DATA_DIR) / "prepared"
    if not folder.is_dir():
        return 0
    cutoff = datetime.combine(today - timedelta(days=PREPARED_PDF_DAYS), datetime.min.time())
    removed = 0
    for pdf in folder.glob("*.pdf"):
        if datetime.fromtimestamp(pdf.stat().st_mtime) < cutoff:
            pdf.unlink(missing_ok=True)
            removed += 1
    return removed
