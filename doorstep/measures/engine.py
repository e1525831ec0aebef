"""The measures engine: a year's full set of Tenant Satisfaction Measures in one call.

``compute_measures`` combines the perception measures (TP01–TP12, ``perception``) and the
management-information measures (BS, RP, CH, NM, ``management_info``) with the
data-quality warnings of both, the conventions the figures were computed under and the
survey's accuracy per tenure. ``explain`` lists the records behind one figure. The command
line (``doorstep tsm``), the screens and the reports all go through these two functions.

Tenure None means every tenure each measure is reported for: TP01 and TP05–TP12 for LCRA and
LCHO, TP02–TP04 for LCRA, the management measures as ``management_info`` says. Perception
figures for the two tenures combined come only when "combined" is asked for, as the
regulator publishes them only on request. A breakdown by survey channel applies to the
perception measures alone: repairs, complaints and homes have no survey channel.
"""

from dataclasses import dataclass, field
from datetime import date

from doorstep.core.periods import ReportingYear, WholeDays
from doorstep.measures import perception
from doorstep.measures.conventions import Conventions
from doorstep.measures.data_quality import management_warnings
from doorstep.measures.explain import management_explain
from doorstep.measures.management_info import MANAGEMENT_CODES, management_measures
from doorstep.measures.models import current_conventions
from doorstep.measures.results import MeasureResult
from doorstep.measures.scope import BREAKDOWNS, TENURES, MeasureError, check_tenure

PERCEPTION_CODES = tuple(f"TP{number:02d}" for number in range(1, 13))
ALL_CODES = PERCEPTION_CODES + MANAGEMENT_CODES
ALL_BREAKDOWNS = (*BREAKDOWNS, "channel")
# Tenures the perception measures are reported for when no tenure is asked for.
PERCEPTION_TENURES = ("LCRA", "LCHO")


@dataclass
class MeasureSet:
    year: ReportingYear
    tenure: str | None
    by: str | None
    conventions: Conventions
    measures: list[MeasureResult] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    survey_accuracy: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The JSON contract of ``doorstep tsm`` (values unrounded)."""
        return {
            "year": self.year.label,
            "period_start": self.year.start.isoformat(),
            "period_end": self.year.end.isoformat(),
            "tenure": self.tenure,
            "by": self.by,
            "conventions": self.conventions.as_dict(),
            "warnings": self.warnings,
            "survey_accuracy": self.survey_accuracy,
            "measures": [_measure_row(result) for result in self.measures],
        }


def _measure_row(result: MeasureResult) -> dict:
    row = result.as_dict()
    row["numerator"] = float(row["numerator"])
    row["denominator"] = float(row["denominator"])
    return row


def check_breakdown(by: str | None) -> None:
    if by is not None and by not in ALL_BREAKDOWNS:
        raise MeasureError(f"{by!r} is not a breakdown: choose one of " + ", ".join(ALL_BREAKDOWNS))


def compute_measures(
    *,
    year: ReportingYear,
    tenure: str | None = None,
    by: str | None = None,
    conventions: Conventions | None = None,
    as_of: date | None = None,
) -> MeasureSet:
    """Every measure of the year for ``tenure`` (None: all), with warnings and accuracy.

    ``as_of`` is the day the complaint clocks are read on (today unless given).
    """
    check_tenure(tenure)
    check_breakdown(by)
    conventions = conventions or current_conventions()
    result = MeasureSet(year=year, tenure=tenure, by=by, conventions=conventions)
    tenures = PERCEPTION_TENURES if tenure is None else (tenure,)
    for each in tenures:
        result.measures += perception.perception_measures(
            year=year, tenure=each, by=by, conventions=conventions
        )
        result.survey_accuracy[each] = _accuracy(year=year, tenure=each)
    result.warnings += perception.perception_warnings(year=year, conventions=conventions)
    if by != "channel":
        result.measures += management_measures(
            year=year, tenure=tenure, by=by, conventions=conventions, as_of=as_of
        )
    result.warnings += management_warnings(year=year)
    result.measures = in_report_order(result.measures)
    return result


def _accuracy(*, year: ReportingYear, tenure: str) -> dict:
    try:
        return perception.survey_accuracy(year=year, tenure=tenure)
    except ValueError as problem:
        # No stock loaded for the tenure: say so beside the figures rather than fail them all.
        return {"tenure": tenure, "message": str(problem)}


def in_report_order(results: list[MeasureResult]) -> list[MeasureResult]:
    # Stable, so each code's groups stay in the order their family gave them.
    codes = {code: place for place, code in enumerate(ALL_CODES)}
    tenures = {tenure: place for place, tenure in enumerate(TENURES)}
    return sorted(
        results, key=lambda result: (codes.get(result.code, len(codes)), tenures[result.tenure])
    )


def explain(
    *,
    code: str,
    year: ReportingYear,
    tenure: str | None = None,
    conventions: Conventions | None = None,
    as_of: date | None = None,
) -> tuple[list[str], list[list]]:
    """The records behind one figure: ``(columns, rows)``, rows as lists in column order."""
    code = (code or "").strip().upper()
    if code not in ALL_CODES:
        raise MeasureError(
            f"{code!r} is not a Tenant Satisfaction Measure: use a code such as TP01, BS01, "
            "RP02-1, CH02-2 or NM01-1"
        )
    check_tenure(tenure)
    conventions = conventions or current_conventions()
    if code in MANAGEMENT_CODES:
        return management_explain(
            code=code, year=year, tenure=tenure, conventions=conventions, as_of=as_of
        )
    # With no tenure asked for, a perception figure is explained for the renters (LCRA),
    # the tenure every TP measure is reported for.
    columns, rows = perception.perception_explain(
        code=code, year=year, tenure=tenure or "LCRA", conventions=conventions
    )
    return list(columns), [
        [row[column] for column in columns] if isinstance(row, dict) else list(row) for row in rows
    ]


@dataclass(frozen=True)
class DateWindow(WholeDays):
    """Any run of whole days, ``start`` to ``end`` inclusive, read by every measure family
    exactly as it reads a reporting year: records dated in the window, and the stock,
    safety and stock-condition snapshots taken on its last day (the window's "year end")."""

    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def compute_measure_over(
    *,
    code: str,
    start: date,
    end: date,
    tenure: str,
    by: str | None = None,
    conventions: Conventions | None = None,
) -> list[MeasureResult]:
    """One measure over any window of days (not only a reporting year), by its own
    definition, for one tenure: the whole, or one result per group when ``by`` is given.
    The re-measurement of improvement actions (doorstep/actions/remeasure.py) uses it."""
    if code not in ALL_CODES:
        raise MeasureError(f"{code!r} is not a Tenant Satisfaction Measure")
    check_tenure(tenure)
    check_breakdown(by)
    if end < start:
        raise MeasureError(f"The window ends ({end}) before it starts ({start})")
    window = DateWindow(start=start, end=end)
    conventions = conventions or current_conventions()
    if code in PERCEPTION_CODES:
        results = perception.perception_measures(
            year=window, tenure=tenure, by=by, conventions=conventions
        )
    else:
        results = _management_family(code=code, window=window, tenure=tenure, by=by,
                                     conventions=conventions)
    return [result for result in results if result.code == code and result.tenure == tenure]


def _management_family(*, code, window, tenure, by, conventions) -> list[MeasureResult]:
    # Only the family the code belongs to, so one measure costs one family's queries.
    from doorstep.measures import asb, complaints, repairs, safety
    from doorstep.measures.scope import stock_counts

    family = code[:2]
    if family == "BS":
        return safety.safety_measures(year=window, by=by)
    if code == "RP01":
        return repairs.decent_homes_measures(year=window, by=by, conventions=conventions)
    if family == "RP":
        return repairs.repair_measures(year=window, by=by)
    if code.startswith("CH02"):
        return complaints.complaint_timeliness_measures(
            year=window, tenures=(tenure,), by=by, conventions=conventions, as_of=window.end
        )
    stock = stock_counts(year=window, by=by)
    if family == "CH":
        return complaints.complaint_volume_measures(
            year=window, tenures=(tenure,), by=by, stock=stock
        )
    return asb.asb_measures(year=window, by=by, stock=stock)
