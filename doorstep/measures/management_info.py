"""The management-information measures: BS01–BS05, RP01, RP02, CH01, CH02 and NM01.

Each family is computed in the database by one aggregate query (see ``safety``,
``repairs``, ``complaints`` and ``asb``), plus one shared query for the stock at year end
that CH01 and NM01 divide by. CH02 alone reads the year's complaint dates into Python,
because its working-day clocks cannot be computed portably in SQL (see ``complaints``).

Tenures, as the regulator reports them: RP01 and RP02 for LCRA only; BS01–BS05 and NM01 for
LCRA and LCHO together (tenure "combined"); CH01 and CH02 for LCRA, LCHO and combined.
"""

from datetime import date

from doorstep.core.periods import ReportingYear
from doorstep.measures.asb import NM01_PARTS, asb_measures
from doorstep.measures.complaints import (
    CH01_STAGES,
    CH02_STAGES,
    complaint_timeliness_measures,
    complaint_volume_measures,
)
from doorstep.measures.conventions import DEFAULTS, Conventions
from doorstep.measures.repairs import RP02_PRIORITIES, decent_homes_measures, repair_measures
from doorstep.measures.results import MeasureResult
from doorstep.measures.safety import CHECK_TYPES, safety_measures
from doorstep.measures.scope import (
    TENURES,
    MeasureError,
    check_breakdown,
    check_tenure,
    stock_counts,
)

REPORTED_FOR = {
    **dict.fromkeys(CHECK_TYPES, ("combined",)),
    "RP01": ("LCRA",),
    **dict.fromkeys(RP02_PRIORITIES, ("LCRA",)),
    **dict.fromkeys(CH01_STAGES, TENURES),
    **dict.fromkeys(CH02_STAGES, TENURES),
    **dict.fromkeys(NM01_PARTS, ("combined",)),
}
MANAGEMENT_CODES = tuple(REPORTED_FOR)


def check_code(code: str) -> None:
    if code not in REPORTED_FOR:
        raise MeasureError(
            f"{code!r} is not a management-information measure: use one of "
            + ", ".join(MANAGEMENT_CODES)
        )


def tenures_reported(*, code: str, tenure: str | None) -> tuple[str, ...]:
    """The tenures ``code`` is reported for, narrowed to ``tenure`` when one is asked for."""
    reported = REPORTED_FOR[code]
    return reported if tenure is None else tuple(t for t in reported if t == tenure)


def management_measures(
    *,
    year: ReportingYear,
    tenure: str | None = None,
    by: str | None = None,
    conventions: Conventions = DEFAULTS,
    as_of: date | None = None,
) -> list[MeasureResult]:
    """The management measures reported for ``tenure`` (None: every tenure each is reported
    for), in the spec's order, one result per group when ``by`` names a breakdown.

    ``as_of`` is the day CH02's clocks are read on (today unless given).
    """
    check_tenure(tenure)
    check_breakdown(by)
    wanted = {code: tenures_reported(code=code, tenure=tenure) for code in MANAGEMENT_CODES}
    results: list[MeasureResult] = []
    if wanted["BS01"]:
        results += safety_measures(year=year, by=by)
    if wanted["RP01"]:
        results += decent_homes_measures(year=year, by=by, conventions=conventions)
        results += repair_measures(year=year, by=by)
    if wanted["CH01-1"] or wanted["NM01-1"]:
        stock = stock_counts(year=year, by=by)
    if wanted["CH01-1"]:
        results += complaint_volume_measures(
            year=year, tenures=wanted["CH01-1"], by=by, stock=stock
        )
        results += complaint_timeliness_measures(
            year=year, tenures=wanted["CH02-1"], by=by, conventions=conventions, as_of=as_of
        )
    if wanted["NM01-1"]:
        results += asb_measures(year=year, by=by, stock=stock)
    return in_report_order(results)


def in_report_order(results: list[MeasureResult]) -> list[MeasureResult]:
    # Stable: groups keep the order each family gave them.
    codes = {code: place for place, code in enumerate(MANAGEMENT_CODES)}
    tenures = {tenure: place for place, tenure in enumerate(TENURES)}
    return sorted(results, key=lambda result: (codes[result.code], tenures[result.tenure]))
