"""The health check the monitoring calls, and a background job's progress page."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from doorstep.accounts.access import job_for

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
