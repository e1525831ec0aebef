"""Do the respondents look like the tenant population? A chi-square goodness-of-fit test.

For each characteristic (area, tenure, needs type, and any household characteristics the
landlord holds: age band, ethnicity, disability, preferred language) the respondents'
counts are compared with the counts expected if they were spread like the population:

    expected_i = n x (population_i / N),   X² = Σ (observed_i − expected_i)² / expected_i

with k − 1 degrees of freedom (k = categories the population has). The p-value is the
chi-square survival function, worked out here (the regularised upper incomplete gamma
function Q(k/2, X²/2)) so Doorstep needs no statistics library. Households with the
characteristic not recorded are counted and reported but left out of the test: "not
recorded" is not a category residents belong to.
"""

import math

from django.db.models import Count

from doorstep.surveys.models import Survey, SurveyResponse
from doorstep.surveys.sampling import population

SIGNIFICANCE = 0.05
# Below this many expected respondents a category makes the test unreliable (Cochran's rule).
SMALL_EXPECTED = 5

CHARACTERISTICS = {
    "area": ("area", "Area"),
    "tenure": ("tenure", "Tenure"),
    "needs_type": ("needs_type", "Needs type"),
    "age_band": ("household__age_band", "Age band of the lead tenant"),
    "ethnicity": ("household__ethnicity", "Ethnicity"),
    "disability": ("household__disability", "Disability in the household"),
    "preferred_language": ("household__preferred_language", "Preferred language"),
}
HOME_CHARACTERISTICS = ("area", "tenure", "needs_type")


def chi_square_p_value(statistic: float, degrees_of_freedom: int) -> float:
    """P(X² ≥ statistic) for a chi-square distribution: Q(df/2, statistic/2)."""
    if degrees_of_freedom < 1:
        raise ValueError("A chi-square test needs at least one degree of freedom")
    if statistic <= 0:
        return 1.0
    return _upper_regularised_gamma(degrees_of_freedom / 2, statistic / 2)


def _upper_regularised_gamma(a: float, x: float) -> float:
    # The series converges fast below a + 1, the continued fraction above it.
    if x < a + 1:
        return 1.0 - _lower_series(a, x)
    return _upper_continued_fraction(a, x)


def _lower_series(a: float, x: float) -> float:
    term = total = 1.0 / a
    denominator = a
    for _ in range(1000):
        denominator += 1
        term *= x / denominator
        total += term
        if abs(term) < abs(total) * 1e-16:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _upper_continued_fraction(a: float, x: float) -> float:
    # Modified Lentz's method for the continued fraction of Γ(a, x).
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 1000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        step = d * c
        h *= step
        if abs(step - 1) < 1e-16:
            break
    return h * math.exp(-x + a * math.log(x) - math.lgamma(a))


def goodness_of_fit(*, observed: dict, population_counts: dict) -> dict:
    """The test on plain counts: respondents and population by category."""
    categories = sorted(c for c, n in population_counts.items() if n and c not in ("", None))
    known_population = sum(population_counts[c] for c in categories)
    outside = {c: n for c, n in observed.items() if c not in categories}
    respondents = sum(observed.get(c, 0) for c in categories)
    rows, statistic = [], 0.0
    for category in categories:
        share = population_counts[category] / known_population
        expected = respondents * share
        seen = observed.get(category, 0)
        statistic += (seen - expected) ** 2 / expected if expected else 0.0
        rows.append({
            "category": category,
            "population": population_counts[category],
            "population_share": share,
            "respondents": seen,
            "respondent_share": seen / respondents if respondents else None,
            "expected": expected,
        })
    result = {
        "rows": rows,
        "respondents": respondents,
        "not_recorded": {
            "population": sum(n for c, n in population_counts.items() if c in ("", None)),
            "respondents": sum(outside.values()),
        },
        "statistic": None,
        "degrees_of_freedom": len(categories) - 1,
        "p_value": None,
        "small_expected": any(row["expected"] < SMALL_EXPECTED for row in rows),
    }
    if respondents and len(categories) > 1:
        result["statistic"] = statistic
        result["p_value"] = chi_square_p_value(statistic, len(categories) - 1)
    return result


def representativeness(*, survey: Survey) -> list[dict]:
    """Every characteristic the landlord holds, respondents against the population."""
    homes = population(survey=survey)
    answered = homes.filter(
        pk__in=SurveyResponse.objects.filter(survey=survey.name, home__isnull=False).values("home")
    )
    checks = []
    for name, (field, label) in CHARACTERISTICS.items():
        population_counts = counts_by(homes, field)
        if name not in HOME_CHARACTERISTICS and not _held(population_counts):
            continue  # the landlord holds nothing on this: nothing to check
        test = goodness_of_fit(
            observed=counts_by(answered, field), population_counts=population_counts
        )
        test.update(characteristic=name, label=label, verdict=_verdict(label, test))
        checks.append(test)
    return checks


def counts_by(homes, field: str) -> dict:
    rows = homes.values_list(field).annotate(n=Count("pk")).order_by()
    counts: dict = {}
    for value, n in rows:
        key = value or ""
        counts[key] = counts.get(key, 0) + n
    return counts


def _held(counts: dict) -> bool:
    return any(category for category, n in counts.items() if category and n)


def _verdict(label: str, test: dict) -> str:
    if test["p_value"] is None:
        return f"{label}: too few respondents or categories to test."
    caution = (
        " (some categories expect fewer than 5 respondents, so treat the test with caution)"
        if test["small_expected"] else ""
    )
    if test["p_value"] < SIGNIFICANCE:
        return (
            f"{label}: respondents differ from the tenant population (chi-square "
            f"{test['statistic']:.2f}, {test['degrees_of_freedom']} df, "
            f"{_p(test['p_value'])}){caution}."
        )
    return (
        f"{label}: no significant difference between respondents and the tenant population "
        f"(chi-square {test['statistic']:.2f}, {test['degrees_of_freedom']} df, "
        f"{_p(test['p_value'])}){caution}."
    )


def _p(value: float) -> str:
    return "p < 0.001" if value < 0.001 else f"p = {value:.3f}"
