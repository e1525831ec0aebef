"""Background tasks of publishing (docs/tasks.md): the board pack's and the residents'
report's PDFs, prepared by the worker and kept under ``DATA_DIR / "prepared"`` for the
person who asked for them."""

from pathlib import Path

from django.conf import settings

from doorstep.ops.jobs import job_task


def prepared_pdf(job_id: int, kind: str = "board-pack") -> Path:
    """Where the worker keeps the PDF a job prepared (``kind``: board-pack or report)."""
    return Path(settings.DATA_DIR) / "prepared" / f"{kind}-job-{job_id}.pdf"


@job_task()
def prepare_board_pack(job, *, user_id: int, year: str, quarter: int | None = None) -> str:
    """Render the board pack (as ``user_id`` may see it) to a PDF file."""
    from django.contrib.auth import get_user_model
    from django.http import HttpRequest
    from django.template.loader import render_to_string
    from django.urls import reverse

    from doorstep.publishing import views

    request = HttpRequest()
    request.user = get_user_model().objects.get(pk=user_id)
    job.progress(done=0, total=2, message="Working out the board pack's figures")
    context = views._board_context(request, year, quarter) | {"for_pdf": True}
    html = render_to_string("publishing/board_pdf.html", context)
    job.progress(done=1, message="Laying out the PDF")
    path = prepared_pdf(job.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(views._pdf(html, base_url=Path(settings.BASE_DIR).as_uri() + "/"))
    job.finish(message=f"{context['pack'].label}: the PDF is ready",
               url=reverse("publishing:board-prepared", args=[job.id]))
    return str(path)


@job_task()
def prepare_report_pdf(job, *, year: str) -> str:
    """Render the residents' report (in English) for a published year to a PDF file."""
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    from doorstep.publishing import views
    from doorstep.resident.languages import ENGLISH

    job.progress(done=0, total=2, message="Working out the report's figures")
    with translation.override(ENGLISH):
        context = views._report_context(None, views._year(year), ENGLISH, for_pdf=True)
        html = render_to_string("publishing/report_pdf.html", context)
    job.progress(done=1, message="Laying out the PDF")
    path = prepared_pdf(job.id, "report")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(views._pdf(html, base_url=Path(settings.BASE_DIR).as_uri() + "/"))
    job.finish(message=f"The residents' report for {context['year'].label}: the PDF is ready",
               url=reverse("publishing:report-prepared", args=[job.id]))
    return str(path)
