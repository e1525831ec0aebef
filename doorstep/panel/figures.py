"""The year's measures as a scrutiny panel sees them: aggregated, small groups hidden.

Every figure goes through ``suppression``: a figure resting on fewer than 10 residents or
cases is hidden, and so is whatever else would let it be worked out by subtraction (the
groups of a breakdown add up to the whole; a measure's "combined" is its LCRA plus its
LCHO). No records, no names: only values and the number each rests on.
"""

from dataclasses import dataclass

from doorstep.core.periods import ReportingYear
from doorstep.measures.charts import ChartRow, CompactChart, survey_chart
from doorstep.measures.engine import compute_measures
from doorstep.measures.models import Target
from doorstep.measures.names import MEASURE_NAMES, TENURE_NAMES
from doorstep.measures.provisional import short_words
from doorstep.measures.results import MeasureResult
from doorstep.measures.scope import UNKNOWN
from doorstep.panel.suppression import Total, suppress
from doorstep.stock.models import NeedsType

# Breakdowns a panel may ask for. Buildings and schemes are left out on purpose: a block's
# figure is close to a list of neighbours, and schemes sit inside areas, so their hidden
# figures could be worked out from an area's.
PANEL_BREAKDOWNS = {"area": "Area", "needs_type": "Needs type"}
COMBINED_PARTS = ("LCRA", "LCHO")


@dataclass(frozen=True)
class PanelFigure:
    code: str
    name: str
    tenure_name: str
    group: str | None  # None: the whole landlord
    result: MeasureResult
    base: float  # the residents or cases the figure rests on
    counted: str  # what the base counts: "residents", "complaints", ...
    hidden: bool
    # A year in progress whose survey is short of the regulator's sample: said instead of
    # the percentage.
    short_of_sample: str = ""

    @property
    def group_name(self) -> str:
        return group_name(self.group)


def group_name(group: str | None) -> str:
    if group is None:
        return "All homes"
    if group == UNKNOWN:
        return "Not recorded"
    return NeedsType(group).label if group in NeedsType.values else group


def base_of(result: MeasureResult) -> float:
    """The number of residents or cases a figure rests on, for small-number protection.

    A satisfaction figure rests on the residents who answered (unweighted); a rate per 1,000
    homes on the cases counted (the homes are not the small group); any other percentage
    on the cases or homes it divides by.
    """
    if "n" in result.details:
        return result.details["n"] or 0
    if result.unit == "per 1,000":
        return result.numerator
    return result.denominator


def counted(code: str) -> str:
    if code.startswith("TP"):
        return "residents"
    if code.startswith("CH"):
        return "complaints"
    if code.startswith("NM"):
        return "cases"
    if code.startswith("RP02"):
        return "repairs"
    return "homes"


def _key(result: MeasureResult) -> tuple:
    return (result.code, result.tenure, result.group)


def totals_for(results: list[MeasureResult]) -> list[Total]:
    """Every sum a reader could subtract from: groups to their whole, tenures to combined."""
    keys = {_key(result) for result in results}
    groups: dict[tuple, list] = {}
    for code, tenure, group in sorted(keys, key=str):
        if group is not None:
            groups.setdefault((code, tenure), []).append((code, tenure, group))
    totals = [Total(whole=(code, tenure, None), parts=tuple(parts))
              for (code, tenure), parts in groups.items()]
    for code, tenure, group in keys:
        if tenure == "combined":
            parts = tuple((code, part, group) for part in COMBINED_PARTS)
            totals.append(Total(whole=(code, tenure, group), parts=parts))
    return totals


def hidden_figures(results: list[MeasureResult]) -> frozenset:
    """The (code, tenure, group) of every figure a panel member must not see."""
    bases = {_key(result): base_of(result) for result in results}
    return suppress(bases, totals=totals_for(results))


def panel_figures(*, year: ReportingYear, by: str | None = None) -> list[PanelFigure]:
    """Every measure of the year for the panel, each whole followed by its groups."""
    if by is not None and by not in PANEL_BREAKDOWNS:
        raise ValueError(f"{by!r} is not a breakdown the panel can see")
    results = [r for r in compute_measures(year=year).measures if r.group is None]
    if by:
        results += compute_measures(year=year, by=by).measures
    hidden = hidden_figures(results)
    in_order = sorted(results, key=_place(results))
    return [
        PanelFigure(
            code=result.code,
            name=MEASURE_NAMES.get(result.code, result.code),
            tenure_name=TENURE_NAMES.get(result.tenure, result.tenure),
            group=result.group,
            result=result,
            base=base_of(result),
            counted=counted(result.code),
            hidden=_key(result) in hidden,
            short_of_sample=short_words(result=result, year=year),
        )
        for result in in_order
    ]



def panel_chart(*, figures: list[PanelFigure], year: ReportingYear) -> CompactChart | None:
    """The survey measures of rented homes (LCRA) for the whole landlord, each with its
    margin of error and target, as the panel may see them: a hidden figure stays hidden."""
    targets = dict(Target.objects.filter(first_year=year.first_year, tenure="LCRA")
                   .values_list("code", "value"))
    rows = []
    for figure in figures:
        if figure.group is not None or figure.result.tenure != "LCRA" \
                or not figure.code.startswith("TP"):
            continue
        shown = not (figure.hidden or figure.short_of_sample)
        note = "not shown" if figure.hidden else "too few responses so far" \
            if figure.short_of_sample else "no figure"
        target = targets.get(figure.code)
        rows.append(ChartRow(
            code=figure.code, name=figure.name, value=figure.result.value if shown else None,
            margin=figure.result.details.get("margin_of_error") if shown else None,
            target=None if target is None else float(target), note=note,
        ))
    if not rows:
        return None
    chart = survey_chart(chart_id="panel-chart",
                         title=f"Survey measures, {TENURE_NAMES['LCRA']}, {year.shown}", rows=rows)
    return CompactChart(chart=chart, rows=rows, tenure_name=TENURE_NAMES["LCRA"])


def _place(results: list[MeasureResult]):
    """Each whole in the engine's order, its groups straight after it, alphabetically."""
    wholes = {(r.code, r.tenure): n for n, r in enumerate(results) if r.group is None}
    return lambda r: (wholes.get((r.code, r.tenure), len(wholes)), r.group is not None,
                      r.group or "")
