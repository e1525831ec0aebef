"""Publishing's pages: the analyst's published years, the public report and open data, the
board pack. Short views: parse, call one service, render.

Public (no sign-in, listed with reasons in tests/test_web_security.py): the residents'
report and its PDF, and the open data files. They read published versions only.
"""

import json
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_POST

from doorstep.accounts import access
from doorstep.core.periods import PeriodError, ReportingYear
from doorstep.publishing import board, open_data, regulator_return, services
from doorstep.publishing.forms import CorrectionForm, LicenceForm, PublishForm
from doorstep.publishing.models import PublishedYear
from doorstep.publishing.report import residents_report
from doorstep.resident.languages import BY_CODE, ENGLISH, LANGUAGES
from doorstep.web.pdf import html_to_pdf

FIRST_YEAR = 2020


def _year(slug: str) -> ReportingYear:
    try:
        return ReportingYear.parse(slug)
    except PeriodError:
        raise Http404("There is no such reporting year.") from None


def _slug(year: ReportingYear) -> str:
    return year.label.replace("/", "-")


def _version(year: ReportingYear, number=None):
    try:
        return services.version_of(year=year, number=number)
    except services.PublishingError:
        raise Http404("That year has not been published.") from None


# The analyst's pages


def published_list(request):
    access.require(request.user, access.SEE_MEASURES)
    publishes = access.can(request.user, access.PUBLISH_FIGURES)
    ended = [ReportingYear(first).label for first in
             range(ReportingYear.containing(timezone.localdate()).first_year - 1,
                   FIRST_YEAR - 1, -1)]
    done = set(PublishedYear.objects.values_list("year", flat=True))
    form = PublishForm(request.POST or None, years=[y for y in ended if y not in done])
    if request.method == "POST":
        access.require(request.user, access.PUBLISH_FIGURES)
        if form.is_valid():
            data = form.cleaned_data
            year = ReportingYear.parse(data.pop("year"))
            try:
                version = services.publish_year(year=year, by=request.user, **data)
            except services.PublishingError as problem:
                form.add_error("year", str(problem))
            else:
                messages.success(request, f"{year.label} is published: "
                                 f"{version.figures.count()} figures frozen.")
                return redirect("publishing:year", year=_slug(year))
    years = PublishedYear.objects.prefetch_related("versions")
    return render(request, "publishing/published_list.html", {
        "form": form, "publishes": publishes, "years": years,
    })


def published_year(request, year):
    access.require(request.user, access.SEE_MEASURES)
    year = _year(year)
    number = request.GET.get("version")
    version = _version(year, int(number) if (number or "").isdigit() else None)
    publishes = access.can(request.user, access.PUBLISH_FIGURES)
    correction = CorrectionForm(initial={"methodological_note": version.methodological_note})
    licence = LicenceForm(initial={"licence": version.published_year.licence})
    if request.method == "POST":
        access.require(request.user, access.PUBLISH_FIGURES)
        if "licence" in request.POST:
            licence = LicenceForm(request.POST)
            if licence.is_valid():
                services.set_licence(year=year, by=request.user,
                                     licence=licence.cleaned_data["licence"])
                messages.success(request, "The licence is saved.")
                return redirect("publishing:year", year=_slug(year))
        else:
            correction = CorrectionForm(request.POST)
            if correction.is_valid():
                try:
                    new = services.correct_year(year=year, by=request.user,
                                                **correction.cleaned_data)
                except services.PublishingError as problem:
                    correction.add_error("reason", str(problem))
                else:
                    messages.success(request, f"Version {new.number} of {year.label} is "
                                     "published.")
                    return redirect("publishing:year", year=_slug(year))
    latest = services.version_of(year=year)
    differences = services.live_differences(version=latest) if version == latest else []
    return render(request, "publishing/published_year.html", {
        "year": year, "slug": _slug(year), "version": version, "latest": latest,
        "versions": version.published_year.versions.order_by("number"),
        "figures": version.figures.order_by("pk"), "differences": differences,
        "publishes": publishes, "correction": correction, "licence_form": licence,
        "activity": version.published_year.activity.order_by("-at")[:20],
    })


def return_download(request, year):
    access.require(request.user, access.PUBLISH_FIGURES)
    year = _year(year)
    number = request.GET.get("version")
    version = _version(year, int(number) if (number or "").isdigit() else None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "return.xlsx"
        regulator_return.write_return(
            services.as_snapshot(version), path=path, landlord_name=settings.LANDLORD_NAME,
            landlord_code=settings.LANDLORD_CODE,
            about=f"Published figures: {year.label} version {version.number}.",
        )
        content = path.read_bytes()
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = (
        f'attachment; filename="tsm-return-{_slug(year)}-v{version.number}.xlsx"')
    return response


# Open data (public)


@login_not_required
def open_data_csv(request, year):
    version = _version(_year(year))
    response = HttpResponse(open_data.as_csv(version), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="tsm-{_slug(_year(year))}.csv"'
    _licence_link(response, version)
    return response


@login_not_required
def open_data_json(request, year):
    version = _version(_year(year))
    response = HttpResponse(json.dumps(open_data.as_json(version), indent=1),
                            content_type="application/json")
    _licence_link(response, version)
    return response


def _licence_link(response, version) -> None:
    from doorstep.publishing.models import LICENCE_URLS

    response["Link"] = f'<{LICENCE_URLS[version.published_year.licence]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it


# The residents' report (public)


def _language(code: str | None) -> str:
    if code is None:
        return ENGLISH
    if code not in BY_CODE or code == ENGLISH:
        raise Http404("The report is not in that language.")
    return code


def _report_context(request, year: ReportingYear, language: str, *, for_pdf=False) -> dict:
    try:
        report = residents_report(year=year)
    except services.PublishingError:
        raise Http404("That year has not been published.") from None
    slug = _slug(year)
    return {
        "report": report,
        "year": year,
        "slug": slug,
        "landlord_name": settings.LANDLORD_NAME,
        "page_language": language,
        "right_to_left": BY_CODE[language].right_to_left,
        "english": language == ENGLISH,
        "languages": [
            {"code": each.code, "own_name": each.own_name, "current": each.code == language,
             "url": reverse("publishing:report", args=[slug]) if each.code == ENGLISH
             else reverse("publishing:report-language", args=[slug, each.code])}
            for each in LANGUAGES
        ],
        "pdf_url": (reverse("publishing:report-pdf", args=[slug]) if language == ENGLISH
                    else reverse("publishing:report-language-pdf", args=[slug, language])),
        "csv_url": reverse("publishing:open-csv", args=[slug]),
        "json_url": reverse("publishing:open-json", args=[slug]),
        "for_pdf": for_pdf,
    }


def _kept(kind: str, year: ReportingYear, language: str, make):
    """A public page or PDF, made once per published version, language and state of the
    records (the "you said, we did", complaints, scrutiny and involvement parts are read as
    they stand; ``report.sources_stamp`` marks the last two): public
    pages must not cost a full computation per visit."""
    from django.core.cache import cache

    from doorstep.measures.cache import TIMEOUT, data_version
    from doorstep.publishing.report import sources_stamp

    version = _version(year)
    licence = version.published_year.licence
    key = (f"publishing:{kind}:{version.pk}:{licence}:{language}:{data_version()}:"
           f"{sources_stamp()}")
    found = cache.get(key)
    if found is None:
        found = make()
        cache.set(key, found, timeout=TIMEOUT)
    return found


@login_not_required
def report_page(request, year, language=None):
    language, year = _language(language), _year(year)

    def make():
        with translation.override(language):
            context = _report_context(request, year, language)
            return render_to_string("publishing/report.html", context, request=request)

    return HttpResponse(_kept("report", year, language, make))


@login_not_required
def report_pdf(request, year, language=None):
    language, year = _language(language), _year(year)

    def make():
        with translation.override(language):
            context = _report_context(request, year, language, for_pdf=True)
            html = render_to_string("publishing/report_pdf.html", context, request=request)
        return _pdf(html, base_url=request.build_absolute_uri("/"))

    response = HttpResponse(_kept("report-pdf", year, language, make),
                            content_type="application/pdf")
    suffix = "" if language == ENGLISH else f"-{language}"
    response["Content-Disposition"] = (
        f'inline; filename="residents-report-{_slug(year)}{suffix}.pdf"')
    return response


@require_POST
def report_prepare(request, year):
    """"Prepare the PDF" of the residents' report, for signed-in staff: the worker makes it."""
    from doorstep.ops.pdfs import start_preparing

    found = _year(year)
    _version(found)  # 404 unless the year is published
    page = reverse("publishing:report-pdf", args=[_slug(found)])
    return redirect(start_preparing(user=request.user, page=page,
                                    title=f"Residents' report, {found.label}"))


def _pdf(html: str, *, base_url: str) -> bytes:
    return html_to_pdf(html, stylesheet="publishing/report-print.css", base_url=base_url)


# The board pack


def board_index(request):
    access.require(request.user, access.SEE_BOARD_PACK)
    today = timezone.localdate()
    current = ReportingYear.containing(today)
    years = [ReportingYear(first) for first in range(current.first_year, FIRST_YEAR - 1, -1)]
    return render(request, "publishing/board_index.html", {
        "years": [(year, _slug(year)) for year in years[:4]],
    })


def _board_context(request, year, quarter):
    access.require(request.user, access.SEE_BOARD_PACK)
    try:
        period = board.period_from(year=year, quarter=quarter)
    except (PeriodError, board.BoardPackError):
        raise Http404("There is no such period.") from None
    pack = board.board_pack(user=request.user, period=period)
    slug = _slug(period.year if pack.is_quarter else period)
    return {"pack": pack, "slug": slug, "quarter": quarter,
            "landlord_name": settings.LANDLORD_NAME,
            "pdf_url": (reverse("publishing:board-quarter-pdf", args=[slug, quarter])
                        if quarter else reverse("publishing:board-year-pdf", args=[slug])),
            "prepare_url": (reverse("publishing:board-quarter-prepare", args=[slug, quarter])
                            if quarter else reverse("publishing:board-year-prepare",
                                                    args=[slug]))}


def board_page(request, year, quarter=None):
    return render(request, "publishing/board.html", _board_context(request, year, quarter))


@require_POST
def board_prepare(request, year, quarter=None):
    """"Prepare the PDF": the worker makes the board pack's PDF; its job page links to it."""
    from doorstep.ops.pdfs import start_preparing

    access.require(request.user, access.SEE_BOARD_PACK)
    try:
        pack_period = board.period_from(year=year, quarter=quarter)  # a bad period is a 404
    except (PeriodError, board.BoardPackError):
        raise Http404("There is no such period.") from None
    page = (reverse("publishing:board-quarter-pdf", args=[year, quarter]) if quarter
            else reverse("publishing:board-year-pdf", args=[year]))
    return redirect(start_preparing(user=request.user, page=page,
                                    title=f"Board pack, {pack_period.label}"))


def board_pdf(request, year, quarter=None):
    context = _board_context(request, year, quarter) | {"for_pdf": True}
    html = render_to_string("publishing/board_pdf.html", context, request=request)
    response = HttpResponse(_pdf(html, base_url=request.build_absolute_uri("/")),
                            content_type="application/pdf")
    name = context["pack"].label.replace("/", "-").replace(" ", "-").lower()
    response["Content-Disposition"] = f'attachment; filename="board-pack-{name}.pdf"'
    return response
