"""The health check the monitoring calls, and a background job's progress page."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from doorstep.accounts.access import job_for
from doorstep.ops import pdfs

logger = logging.getLogger("doorstep.healthz")


@require_GET
@never_cache
@login_not_required
def healthz(request):
    """200 when Doorstep can answer and reach its database, 503 when it cannot. Says nothing
    about the data: it is open to anyone, for the load balancer and the monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
def job(request, job_id: int):
    job = job_for(request.user, job_id)
    return render(request, "ops/job.html", {"job": job})


@never_cache
def job_progress(request, job_id: int):
    """The progress panel alone, for htmx to refresh in place on any page that shows it."""
    job = job_for(request.user, job_id)
    return render(request, "ops/_job.html", {"job": job})


@require_POST
@login_not_required
def prepare_pdf(request):
    """"Prepare in the background" beside a PDF link: the worker makes that PDF as this person
    (its view checks their access then) and the job's page links to it when it is ready. Open
    to the public for the public residents' report; a job is still followed only by its
    starter, so the public is sent to the PDF itself."""
    page = request.POST.get("page", "")
    try:
        pdfs.pdf_page(page)
    except pdfs.NotAPdfPage:
        raise Http404("There is no such PDF.") from None
    if not request.user.is_authenticated:
        return redirect(page)
    title = request.POST.get("title", "").strip()[:120] or "The PDF"
    return redirect(pdfs.start_preparing(user=request.user, page=page, title=title))


def prepared_pdf(request, job_id: int):
    """The PDF a "Prepare in the background" job made, for the person who started it."""
    job = job_for(request.user, job_id)
    path = pdfs.prepared_path(job.pk)
    if job.status != job.Status.DONE or not path.exists():
        # The job's own page, saying why: not ready yet, or removed after a week.
        return render(request, "ops/job.html", {"job": job, "pdf_gone": job.finished,
                                                "kept_days": pdfs.PREPARED_PDF_DAYS}, status=404)
    return FileResponse(path.open("rb"), as_attachment=True, content_type="application/pdf",
                        filename=f"{slugify(job.label.removeprefix('PDF: '))}-{job.pk}.pdf")
