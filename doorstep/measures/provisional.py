"""A reporting year still in progress: what its figures may say, in one place.

The pages, the panel's pages and the downloads all follow these rules:

* the year a page opens on is the latest complete one (``doorstep.core.periods.default_year``);
* a year still running is named "2026/27 year to date (provisional)" (``ReportingYear.shown``);
* its changes since last year are given in points, never called better or worse, and never
  called significant: a year to date is not the year, and the surveys and repairs still to
  come can move it either way;
* a survey (perception) measure whose responses so far are fewer than the regulator's
  required sample says so instead of giving a percentage that looks final. The required
  sample is the regulator's: n0 = 1.96² × 0.25 ÷ e², then n0 ÷ (1 + n0 ÷ N), e being ±5%
  to ±2% by the size N of the tenant population (``doorstep.core.survey_stats``).
"""

import math

from doorstep.core import survey_stats
from doorstep.core.periods import ReportingYear
from doorstep.measures.engine import PERCEPTION_CODES
from doorstep.measures.results import MeasureResult


def required_sample(result: MeasureResult) -> float | None:
    """The responses the regulator requires behind a survey measure (unrounded), or None
    when the result is not a survey measure or its tenant population is not known."""
    population = result.details.get("population")
    if result.code not in PERCEPTION_CODES or not population:
        return None
    return survey_stats.required_sample(population)


def short_of_sample(*, result: MeasureResult, year: ReportingYear) -> float | None:
    """The required sample when a year in progress has fewer responses than it (the
    figure is then not shown as a percentage), otherwise None.

    A complete year's figure is final however many answered: it is published, with the
    reasons for missing the sample, and its margin of error says how precise it is."""
    if not year.in_progress:
        return None
    required = required_sample(result)
    if required is None or result.details.get("n", 0) >= required:
        return None
    return required


def sample_words(*, result: MeasureResult, required: float) -> str:
    """"Too few responses so far: 1 of the 80 the regulator requires"."""
    n = result.details.get("n", 0)
    return (f"Too few responses so far: {n:,} of the {math.ceil(required):,} the regulator "
            "requires, so no percentage is given yet")


def short_words(*, result: MeasureResult, year: ReportingYear) -> str:
    """``sample_words`` when the figure is short of the sample (``short_of_sample``), or ""."""
    required = short_of_sample(result=result, year=year)
    return "" if required is None else sample_words(result=result, required=required)


def provisional_note(year: ReportingYear) -> str:
    """Why a year in progress is read differently, said once on each page that shows one."""
    return (
        f"{year.label} is still in progress: it runs to 31 March {year.end.year}, so these "
        "figures are a year to date and provisional. Changes since "
        f"{year.previous.label} are given in points without being called better or worse, "
        "because the rest of the year can still move them either way, and a survey measure "
        "with fewer responses than the regulator requires says so instead of giving a "
        "percentage."
    )
