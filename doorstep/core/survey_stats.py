"""Survey accuracy for the perception measures: the regulator's formulas, exactly.

The Tenant Satisfaction Measures Standard sets the accuracy a landlord's survey must reach,
by the size of the relevant tenant population N (households of that tenure), at 95%
confidence and the worst case p = 0.5:

    N below 2,500 -> ±5%, 2,500-9,999 -> ±4%, 10,000-24,999 -> ±3%, 25,000 or more -> ±2%

    required sample  = n0 / (1 + n0 / N), with n0 = 1.96² × 0.25 / e²  (not rounded)
    margin of error  = 100 × 1.96 × √(0.25 / n) × √((N − n) / (N − 1))  (percent)

These reproduce the "Required minimum sample size" and "Estimated margin of error achieved"
columns of the regulator's 2024/25 TSM data for every LCRA landlord (tests/test_survey_stats.py).

The requirement is on the sample size (as the regulator words it): met when the responses
reach the required minimum sample, or when a population under 2,500 was surveyed as a census
(every household invited), however many replied.
(The margin-of-error formula uses N − 1 where the sample-size formula uses N, so at the exact
boundary the margin can exceed the target by a few thousandths of a point; the regulator's
columns are consistent with judging on the sample size.)

With weighted results, Kish's design effect n·Σw² / (Σw)² says how much the weighting
widens the margin, and the effective sample size (Σw)² / Σw² is the unweighted sample that
would be as precise. A blank weight (None) counts as 1, as it does in the measures.
"""

import math
from collections.abc import Iterable
from decimal import Decimal
from numbers import Real

Z_95 = 1.96
# The worst case proportion, giving the widest margin: p × (1 − p) = 0.25.
P_TIMES_Q = 0.25
CENSUS_EXEMPTION_BELOW = 2_500

# (population at or above which the band starts, required margin of error in percent).
ACCURACY_BANDS = ((25_000, 2.0), (10_000, 3.0), (2_500, 4.0), (0, 5.0))


class SurveyFiguresError(ValueError):
    """Survey figures that cannot be right (no responses, more responses than tenants...)."""


def required_margin(population) -> float:
    """The margin of error (± percent) the survey must reach for a population of this size."""
    _check_population(population)
    return next(margin for floor, margin in ACCURACY_BANDS if population >= floor)


def required_sample(population) -> float:
    """The minimum number of responses (unrounded) for the required margin."""
    _check_population(population)
    margin = required_margin(population) / 100
    infinite_population_sample = Z_95**2 * P_TIMES_Q / margin**2
    return infinite_population_sample / (1 + infinite_population_sample / population)


def margin_of_error(*, population, responses) -> float:
    """The margin of error achieved, ± percent at 95% confidence, with the finite
    population correction (a census has none)."""
    _check_survey(population=population, responses=responses)
    if population < 2:
        raise SurveyFiguresError(
            "A margin of error needs a tenant population of at least 2 households"
        )
    finite_population_correction = math.sqrt((population - responses) / (population - 1))
    return 100 * Z_95 * math.sqrt(P_TIMES_Q / responses) * finite_population_correction


def meets_requirement(*, population, responses, census: bool | None = None) -> bool:
    """Whether the survey meets the required accuracy: enough responses, or a census of a
    population under 2,500.

    A census is the approach (every household in the population invited), not a 100%
    response: pass ``census=True`` when the survey was one. Left out, only a survey with a
    response from every household counts as a census.
    """
    _check_survey(population=population, responses=responses)
    if census is None:
        census = responses == population
    if census and population < CENSUS_EXEMPTION_BELOW:
        return True
    return responses >= required_sample(population)


def design_effect(weights: Iterable) -> float:
    """Kish's design effect of a set of weights: n × Σw² ÷ (Σw)² (1 when unweighted)."""
    weights = _checked_weights(weights)
    total = math.fsum(weights)
    return len(weights) * math.fsum(weight * weight for weight in weights) / total**2


def effective_sample_size(weights: Iterable) -> float:
    """The unweighted sample as precise as this weighted one: (Σw)² ÷ Σw²."""
    weights = _checked_weights(weights)
    return math.fsum(weights) ** 2 / math.fsum(weight * weight for weight in weights)


def _check_number(value, *, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, Real | Decimal) or not math.isfinite(value):
        raise SurveyFiguresError(f"The {what} must be a number, not {value!r}")


def _check_population(population) -> None:
    _check_number(population, what="tenant population")
    if population < 1:
        raise SurveyFiguresError(
            f"The tenant population must be at least 1 household, not {population:g}"
        )


def _check_survey(*, population, responses) -> None:
    _check_population(population)
    _check_number(responses, what="number of responses")
    if responses < 1:
        raise SurveyFiguresError("There are no responses, so the survey has no accuracy to measure")
    if responses > population:
        raise SurveyFiguresError(
            f"There are more responses ({responses:g}) than households in the tenant "
            f"population ({population:g}): check both figures"
        )


def _checked_weights(weights: Iterable) -> list[float]:
    checked = [1.0 if weight is None else weight for weight in weights]
    if not checked:
        raise SurveyFiguresError("There are no weights: the survey has no responses")
    for weight in checked:
        _check_number(weight, what="weight")
        if weight < 0:
            raise SurveyFiguresError(f"A weight cannot be negative ({weight:g})")
    if not any(checked):
        raise SurveyFiguresError("Every weight is zero, so the weighted results are empty")
    return [float(weight) for weight in checked]


def points_text(margin, places: int = 1) -> str:
    """A margin of error, the one way Doorstep writes it: "± 9.8 points". It is in
    percentage points (65.0% ± 9.8 points spans 55.2% to 74.8%), never "±9.8%", which
    reads as a percent of the value."""
    if margin is None:
        return ""
    return f"± {float(margin):,.{places}f} points"
