"""The benchmarks pages: a measure among the regulator's published landlords, the
landlord's place in it with the surveys' margins of error, peer groups and the import.

Views parse the request, check access, call one function and render. The functions that
put a page together from the services (``benchmark``, ``where_you_stand_panel``) are here,
at the top, because they only arrange what ``doorstep.benchmarks.services`` computes.
"""

import math
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from doorstep.accounts import access
from doorstep.benchmarks import peers as peers_module
from doorstep.benchmarks import rsh, services
from doorstep.benchmarks.forms import (
    FILTERS,
    SURVEY_METHOD_NAMES,
    BenchmarkForm,
    PeerFiltersForm,
    PeerGroupForm,
    WorkbookForm,
)
from doorstep.benchmarks.importing import import_release
from doorstep.benchmarks.models import Release
from doorstep.benchmarks.peers import EVERYONE, PeerError, saved_group
from doorstep.core.periods import ReportingYear
from doorstep.measures.names import MEASURE_NAMES, TENURE_NAMES
from doorstep.web.htmx import is_htmx

REASONS = {
    **rsh.MARKERS,
    rsh.BLANK: "the cell was empty",
    rsh.UNREADABLE: "the cell could not be read as a number",
    services.LEFT_OUT: "left out by the regulator",
    services.NOT_PUBLISHED: "nothing published for this tenure",
}

# --- putting a benchmark together ---------------------------------------------------------


def shown(value, unit: str) -> str:
    """A published value as the regulator shows it: 72.0% or 12.3 per 1,000."""
    if value is None:
        return "no figure"
    return f"{value:.1f}%" if unit == "%" else f"{value:,.1f} per 1,000"


def ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


@dataclass
class StripChart:
    """Where each peer's value falls on one axis, with the quartile box and the landlord's
    own figure: coordinates for the SVG the template draws."""

    width: int
    height: int
    dots: list
    box: dict
    ticks: list
    own: dict | None
    axis_y: int = 150


CHART_LEFT, CHART_RIGHT, CHART_WIDTH = 40, 680, 720


def _axis_top(values: list, unit: str) -> float:
    if unit == "%":
        return 100.0
    largest = max(values) if values else 1.0
    step = 10 ** math.floor(math.log10(largest)) if largest > 0 else 1
    return math.ceil(largest / step) * step


def strip_chart(*, distribution, own_value: float | None) -> StripChart | None:
    values = [row["value"] for row in distribution.values]
    if not values:
        return None
    top = _axis_top(values + ([own_value] if own_value is not None else []), distribution.unit)

    def x(value: float) -> float:
        return round(CHART_LEFT + (CHART_RIGHT - CHART_LEFT) * value / top, 1)

    # Dots spread over five rows in turn so that close values stay visible.
    dots = [{"x": x(row["value"]), "y": 34 + (index % 5) * 10, "code": row["code"]}
            for index, row in enumerate(distribution.values)]  # fmt: skip
    summary = distribution.summary
    box = {name: x(getattr(summary, name)) for name in ("min", "q1", "median", "q3", "max")}
    box["q_width"] = round(box["q3"] - box["q1"], 1)
    ticks = [{"x": x(top * step / 5), "label": f"{top * step / 5:g}"} for step in range(6)]
    own = None
    if own_value is not None:
        own_x = x(own_value)
        own = {
            "x": own_x,
            "label_x": min(max(own_x, 90), CHART_RIGHT - 50),
            "label": f"Yours {shown(own_value, distribution.unit)}",
            "diamond": f"{own_x},{112} {own_x + 8},{120} {own_x},{128} {own_x - 8},{120}",
        }
    return StripChart(width=CHART_WIDTH, height=185, dots=dots, box=box, ticks=ticks, own=own)


def ranked(distribution) -> list[dict]:
    """The peers best first, each with its rank (landlords level share the better rank)."""
    rows, rank, previous = [], 0, None
    for position, row in enumerate(distribution.values, start=1):
        if row["value"] != previous:
            rank, previous = position, row["value"]
        rows.append({**row, "rank": rank, "shown": shown(row["value"], distribution.unit)})
    return rows


@dataclass
class Benchmark:
    distribution: object
    own: services.Own
    stand: dict | None
    chart: StripChart | None
    ranked: list
    missing: list
    summary: str
    comparison: dict | None = None
    comparison_problem: str = ""
    method_effect: dict | None = None
    method_rows: list = field(default_factory=list)
    own_shown: str = ""
    median_shown: str = ""
    name: str = ""
    tenure_name: str = ""
    is_perception: bool = False
    notes: list = field(default_factory=list)


def benchmark(
    *,
    year: str,
    measure: str,
    tenure: str,
    peers=EVERYONE,
    own_code: str = "",
    compare_with: str = "",
) -> Benchmark:
    """Everything the benchmarks page shows for one measure and one set of peers."""
    distribution = services.distribution(year=year, measure=measure, tenure=tenure, peers=peers)
    own = services.own_figure(distribution=distribution, own_code=own_code)
    stand = services.where_you_stand(distribution=distribution, value=own.value,
                                     sample=own.sample, method=own.method,
                                     exclude_code=own.exclude_code)  # fmt: skip
    result = Benchmark(
        distribution=distribution, own=own, stand=stand,
        chart=strip_chart(distribution=distribution, own_value=own.value),
        ranked=ranked(distribution),
        missing=[{"reason": REASONS.get(reason, reason), "marker": reason, "landlords": count}
                 for reason, count in distribution.missing.items()],
        summary=describe(distribution=distribution, stand=stand),
        name=MEASURE_NAMES.get(measure, measure), tenure_name=TENURE_NAMES[tenure],
        is_perception=measure in services.PERCEPTION_CODES,
        own_shown=shown(own.value, distribution.unit),
        median_shown=shown(distribution.summary.median, distribution.unit),
    )  # fmt: skip
    if compare_with:
        _compare(result, peer_code=compare_with)
    if result.is_perception:
        result.method_effect = services.method_effect(year=year)
        result.method_rows = _method_rows(result.method_effect)
    return result


def _method_rows(effect: dict) -> list[dict]:
    counts = effect["landlords_by_predominant"]
    return [
        {
            "method": SURVEY_METHOD_NAMES.get(method, method),
            "landlords": counts[method],
            "median": median,
        }
        for method, median in effect["median_by_predominant"].items()
    ]


def _compare(result: Benchmark, *, peer_code: str) -> None:
    if result.own.sample is None:
        result.comparison_problem = (
            "There is no survey figure of yours to compare with one landlord: the comparison "
            "needs a survey measure and the number of answers behind it."
        )
        return
    try:
        result.comparison = services.compare_with_peer(
            distribution=result.distribution, own=result.own.sample,
            own_method=result.own.method, peer_code=peer_code,
        )  # fmt: skip
    except services.BenchmarkError as problem:
        result.comparison_problem = str(problem)


def describe(*, distribution, stand: dict | None) -> str:
    """The chart in one or two sentences."""
    summary, unit = distribution.summary, distribution.unit
    if not summary.count:
        return (f"No landlord among these peers has a published {distribution.measure} figure "
                f"for {distribution.year}.")  # fmt: skip
    text = (
        f"Among the {summary.count} landlords with a published {distribution.measure} "
        f"figure for {distribution.year} (peers: {distribution.peers.describe()}), the median is "
        f"{shown(summary.median, unit)}; the middle half lie between {shown(summary.q1, unit)} "
        f"and {shown(summary.q3, unit)}, and the range is {shown(summary.min, unit)} to "
        f"{shown(summary.max, unit)}."
    )
    if distribution.lower_is_better:
        text += " Lower is better for this measure."
    if stand and "rank" in stand:
        text += (
            f" Yours, {shown(stand['value'], unit)}, ranks {ordinal(stand['rank'])} of "
            f"{stand['of']}: better than {stand['percentile']:.0f}% of them, in the "
            f"{stand['quartile']}."
        )
    return text


# --- the panel on each measure's page -------------------------------------------------------


def _release_for(year) -> tuple[Release | None, str]:
    """The release of the year, or the latest before it (the regulator publishes a year
    late), with a note saying which."""
    label = year.label if isinstance(year, ReportingYear) else ReportingYear.parse(year).label
    release = Release.objects.filter(year__lte=label).order_by("-year").first()
    if release is None:
        return None, ""
    if release.year == label:
        return release, ""
    return release, (f"The regulator has not published {label} yet: these are the peers' "
                     f"{release.year} figures, the latest published.")  # fmt: skip


def where_you_stand_panel(
    *, user, measure: str, year, tenure: str, result=None, group: str = ""
) -> dict:
    """The context of ``benchmarks/_where_you_stand.html`` for one measure, year and tenure.

    ``result`` is the landlord's own ``MeasureResult`` when the page has it already (else it
    is computed). ``group`` names a saved peer group (all landlords when blank).
    """
    panel = {"measure": measure, "tenure": tenure, "year": str(year), "can_see": False}
    if not access.can_see_measures(user):
        return panel
    panel["can_see"] = True
    try:
        code, tenure = services.check_measure(code=measure, tenure=tenure)
    except services.BenchmarkError as problem:
        return {**panel, "problem": str(problem)}
    release, note = _release_for(year)
    if release is None:
        return {
            **panel,
            "problem": "The regulator's published figures have not been imported "
            "yet, so there are no peers to compare with.",
        }
    try:
        peers = saved_group(name=group) if group else EVERYONE
        distribution = services.distribution(year=release.year, measure=code, tenure=tenure,
                                             peers=peers)  # fmt: skip
        own = services.own_figure(distribution=distribution, result=result)
    except (services.BenchmarkError, PeerError) as problem:
        return {**panel, "problem": str(problem)}
    if (
        own.value is not None
        and result is not None
        and not access.sees_small_groups(user)
        and result.denominator < access.SMALL_GROUP
    ):
        own = services.Own(value=None)  # a figure this small is not shown to this person at all
    stand = services.where_you_stand(distribution=distribution, value=own.value,
                                     sample=own.sample, method=own.method)  # fmt: skip
    query = urlencode({"year": release.year, "measure": code, "tenure": tenure,
                       **({"group": group} if group else {})})  # fmt: skip
    return {
        **panel, "note": note, "distribution": distribution, "stand": stand,
        "summary": describe(distribution=distribution, stand=stand),
        "unit": distribution.unit, "link": f"{reverse('benchmarks:index')}?{query}",
        "median": shown(distribution.summary.median, distribution.unit),
    }  # fmt: skip


# --- the views ----------------------------------------------------------------------------


def _defaults() -> dict:
    latest = services.latest_release()
    return {"year": latest.year if latest else "", "measure": "TP01", "tenure": "LCRA"}


def index(request):
    """A measure among peers: chart, table, summary, the landlord's place and verdicts."""
    access.require(request.user, access.SEE_MEASURES)
    data = request.GET if "measure" in request.GET else _defaults()
    # Before any release is imported the defaults have no year: a form bound to them would
    # have errors nobody made, and the page's title would start "Error:". Leave it unbound.
    imported = Release.objects.exists()
    form = BenchmarkForm(data if imported else None)
    found = None
    if imported and form.is_valid():
        found = _benchmark_or_error(form)
    context = {
        "form": form,
        "found": found,
        "releases": Release.objects.order_by("-year"),
        "can_import": access.can_import(request.user),
        "can_save_groups": access.can_set_targets(request.user),
        "save_query": _filters_query(form) if found else "",
    }
    return render(request, "benchmarks/index.html", context)


def _benchmark_or_error(form: BenchmarkForm) -> Benchmark | None:
    data = form.cleaned_data
    try:
        peers = saved_group(name=data["group"]) if data["group"] else data["peer_filter"]
        return benchmark(year=data["year"], measure=data["measure"], tenure=data["tenure"],
                         peers=peers, own_code=data["own_code"],
                         compare_with=data["compare_with"])  # fmt: skip
    except (services.BenchmarkError, PeerError) as problem:
        form.add_error(None, str(problem))
        return None


def _filters_query(form: BenchmarkForm) -> str:
    """The filters and the measure in use, for the link to save them as a group."""
    data = form.cleaned_data
    pairs = [(name, data[name]) for name in ("year", "measure", "tenure")]
    for name in FILTERS:
        value = data.get(name)
        if name == "landlord_codes":
            value = ", ".join(value or ())
        for one in value if isinstance(value, list) else [value]:
            if one:
                pairs.append((name, one))
    return urlencode(pairs)


@require_http_methods(["GET", "POST"])
def save_group(request):
    """Save the peers in use under a name (one question on its own page)."""
    access.require(request.user, access.SET_TARGETS)
    if request.method == "POST":
        form = PeerGroupForm(request.POST)
        if form.is_valid():
            try:
                group = _save(form)
            except PeerError as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(request, f"Saved the peer group ‘{group.name}’.")
                query = urlencode({"year": request.POST.get("year", ""),
                                   "measure": request.POST.get("measure", ""),
                                   "tenure": request.POST.get("tenure", ""),
                                   "group": group.name})  # fmt: skip
                return redirect(f"{reverse('benchmarks:index')}?{query}")
    else:
        form = PeerGroupForm(initial=_initial_filters(request.GET))
    chosen = PeerFiltersForm(request.POST or request.GET)
    context = {
        "form": form,
        "peers": chosen.peers().describe() if chosen.is_valid() else "the peers chosen",
        "carried": {name: (request.POST or request.GET).get(name, "")
                    for name in ("year", "measure", "tenure")},
    }  # fmt: skip
    return render(request, "benchmarks/save_group.html", context)


def _save(form: PeerGroupForm):
    return peers_module.save_group(name=form.cleaned_data["name"], peers=form.peers(),
                                   description=form.cleaned_data["description"])  # fmt: skip


def _initial_filters(query) -> dict:
    initial = {name: query.getlist(name) for name in FILTERS}
    initial["supported_housing"] = query.get("supported_housing", "")
    initial["landlord_codes"] = query.get("landlord_codes", "")
    return initial


@require_http_methods(["GET", "POST"])
def import_workbook(request):
    """Upload the regulator's workbook; the report of what was read comes back."""
    access.require(request.user, access.IMPORT_DATA)
    form = WorkbookForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        report = _import_upload(form.cleaned_data["workbook"], user=request.user)
        if report.ok:
            return render(request, "benchmarks/import_report.html",
                          {"report": report, "reasons": REASONS,
                           "sheets": _sheet_rows(report)})  # fmt: skip
        form.add_error("workbook", report.message)
    return render(request, "benchmarks/import.html",
                  {"form": form, "releases": Release.objects.order_by("-year")})  # fmt: skip


def _import_upload(upload, *, user):
    # The importer reads a path, and names the release after the file: keep the name.
    name = Path(upload.name).name or "workbook.xlsx"
    with tempfile.TemporaryDirectory(prefix="doorstep-rsh-") as folder:
        path = Path(folder) / name
        with path.open("wb") as file:
            for chunk in upload.chunks():
                file.write(chunk)
        return import_release(path=path, run_by=f"{user.get_username()} (web)")


def _sheet_rows(report) -> list[dict]:
    rows = []
    for sheet, counts in report.sheets.items():
        missing = counts.get("missing", {})
        rows.append({"sheet": sheet, "landlords": counts.get("landlords", 0),
                     "figures": counts.get("figures", 0),
                     "missing": [(marker, REASONS.get(marker, marker), count)
                                 for marker, count in missing.items()]})  # fmt: skip
    return rows


def where_you_stand(request):
    """The "where you stand among peers" panel alone, for htmx or a link from a measure."""
    access.require(request.user, access.SEE_MEASURES)
    year = request.GET.get("year", "")
    try:
        ReportingYear.parse(year)
    except ValueError:
        context = {"can_see": True, "problem": "Give the reporting year, for example 2024/25."}
    else:
        context = where_you_stand_panel(
            user=request.user, measure=request.GET.get("measure", ""), year=year,
            tenure=request.GET.get("tenure", "LCRA"), group=request.GET.get("group", ""),
        )  # fmt: skip
    template = ("benchmarks/_where_you_stand.html" if is_htmx(request)
                else "benchmarks/where_you_stand.html")  # fmt: skip
    return render(request, template, {"panel": context})
