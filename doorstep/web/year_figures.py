"""The year's measures as the home page lists them, for one person.

The year at a glance (targets, change, significance) is built on the measures engine
separately; this is the plain list: numerator, denominator and value of every measure.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Min
from django.utils import timezone

from doorstep.accounts import access
from doorstep.complaints.models import Complaint
from doorstep.core.periods import ReportingYear
from doorstep.measures.engine import compute_measures
from doorstep.measures.names import MEASURE_NAMES, TENURE_NAMES
from doorstep.measures.provisional import provisional_note, short_words
from doorstep.measures.results import MeasureResult
from doorstep.panel.figures import hidden_figures
from doorstep.repairs.models import Repair
from doorstep.surveys.models import SurveyResponse


@dataclass(frozen=True)
class Figure:
    result: MeasureResult
    name: str
    tenure_name: str
    # True: the base is too small to show to this person without pointing to someone.
    suppressed: bool
    # A year in progress whose survey is short of the regulator's sample: said instead.
    short_of_sample: str = ""


def years_with_records() -> list[ReportingYear]:
    """Every reporting year from the first survey, repair or complaint to the last, newest
    first. The year a page opens on is not the first of these but ``periods.default_year``."""
    days = []
    for model, field in ((SurveyResponse, "completed_on"), (Complaint, "received_on"),
                         (Repair, "reported_at")):
        span = model.objects.aggregate(first=Min(field), last=Max(field))
        days += [_day(value) for value in span.values() if value is not None]
    if not days:
        return []
    first, last = ReportingYear.containing(min(days)), ReportingYear.containing(max(days))
    return [ReportingYear(year) for year in range(last.first_year, first.first_year - 1, -1)]


def year_note(year: ReportingYear | None) -> str:
    """What a page says about a year still in progress (nothing for a complete one)."""
    return provisional_note(year) if year is not None and year.in_progress else ""


def _day(value) -> date:
    # Repairs are reported at a moment: its day is the day in the UK, not in UTC.
    return timezone.localdate(value) if hasattr(value, "date") else value


def year_figures(*, user, year: ReportingYear) -> list[Figure]:
    if not access.can_see_measures(user):
        return []
    results = [r for r in compute_measures(year=year).measures if r.group is None]
    # The panel's rules, secondary suppression included: hiding LCHO alone would let
    # "combined minus LCRA" give it away.
    hidden = frozenset() if access.sees_small_groups(user) else hidden_figures(results)
    return [
        Figure(
            result=result,
            name=MEASURE_NAMES.get(result.code, result.code),
            tenure_name=TENURE_NAMES.get(result.tenure, result.tenure),
            suppressed=(result.code, result.tenure, result.group) in hidden,
            short_of_sample=short_words(result=result, year=year),
        )
        for result in results
    ]

