"""Raking weights: make the respondents add up to the tenant population on chosen margins.

Raking (iterative proportional fitting) starts every respondent at weight 1 and, one
characteristic at a time, multiplies the weights in each category by

    target total of the category ÷ weighted respondents in the category

(the target total is n × the category's population share), round and round until every
margin is met. The weights then add up to n, so their mean is 1.

Trimming keeps a handful of respondents from speaking for too many: a weight above ``cap``
(default 5 × the mean) is cut to the cap, one below ``floor`` (default 0.2 × the mean) is
raised to the floor, and the weights are raked again; this repeats until raking leaves every
weight inside the bounds. If the two cannot both be met, the trimmed weights are kept and
the margins they miss are reported (``margins_met`` false).

Kish's design effect n·Σw² ÷ (Σw)² and the effective sample size (Σw)² ÷ Σw² say what the
weighting costs in precision (``doorstep.core.survey_stats``).
"""

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, F, FloatField, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from doorstep.core import survey_stats
from doorstep.measures.cache import figures_changed
from doorstep.measures.perception import FILTERS
from doorstep.surveys.models import FilterAnswer, Survey, SurveyResponse, WeightingRun
from doorstep.surveys.questions import LCRA_ONLY, TSM_BY_CODE
from doorstep.surveys.representativeness import CHARACTERISTICS, counts_by
from doorstep.surveys.sampling import population
from doorstep.surveys.services import SurveyError

DEFAULT_CAP = 5.0
DEFAULT_FLOOR = 0.2
DEFAULT_CHARACTERISTICS = ("area", "tenure")
_EPSILON = 1e-9


class RakingError(SurveyError):
    """Margins the respondents cannot be raked to, in plain English."""


@dataclass
class RakingResult:
    weights: list[float]
    converged: bool  # raking met every margin before trimming stopped it
    margins_met: bool  # the final (trimmed) weights meet every margin
    trimmed: int  # respondents whose weight was ever capped or floored
    rounds: int  # rake-and-trim rounds
    design_effect: float
    effective_sample: float
    margin_gaps: dict = field(default_factory=dict)  # characteristic -> largest share gap


def rake(
    *,
    respondents: Sequence[dict],
    margins: dict[str, dict],
    cap: float | None = DEFAULT_CAP,
    floor: float | None = DEFAULT_FLOOR,
    tolerance: float = 1e-10,
    max_iterations: int = 1000,
    max_rounds: int = 50,
) -> RakingResult:
    """Raking weights for ``respondents`` (each a {characteristic: category} dict) to the
    population ``margins`` ({characteristic: {category: households}})."""
    n = len(respondents)
    targets = _targets(respondents=respondents, margins=margins)
    if cap is not None and floor is not None and not floor <= 1 <= cap:
        raise RakingError("The weight floor must be at most 1 and the cap at least 1 (x the mean).")
    weights = [1.0] * n
    trimmed: set[int] = set()
    converged = False
    rounds = 0
    for rounds in range(1, max_rounds + 1):  # noqa: B007 - reported below
        weights, converged = _rake_once(
            weights, respondents=respondents, targets=targets,
            tolerance=tolerance, max_iterations=max_iterations,
        )
        outside = _outside(weights, cap=cap, floor=floor)
        if not outside:
            break
        trimmed |= outside
        weights = _clip(weights, cap=cap, floor=floor)
    else:
        weights = _clip(weights, cap=cap, floor=floor)
    gaps = _gaps(weights, respondents=respondents, targets=targets)
    return RakingResult(
        weights=weights,
        converged=converged,
        margins_met=all(gap <= 1e-6 for gap in gaps.values()),
        trimmed=len(trimmed),
        rounds=rounds,
        design_effect=survey_stats.design_effect(weights),
        effective_sample=survey_stats.effective_sample_size(weights),
        margin_gaps=gaps,
    )


def _targets(*, respondents, margins) -> dict[str, dict]:
    n = len(respondents)
    if not n:
        raise RakingError("There are no responses to weight.")
    targets = {}
    for characteristic, households in margins.items():
        known = {category: count for category, count in households.items() if count}
        whole = sum(known.values())
        if not whole:
            raise RakingError(f"The population has no households to weight {characteristic} to.")
        seen = {respondent[characteristic] for respondent in respondents}
        strays = sorted(str(category or "not recorded") for category in seen - known.keys())
        if strays:
            raise RakingError(
                f"Some respondents have a {characteristic} the population does not "
                f"({', '.join(strays)}): check the stock records."
            )
        missing = sorted(str(category or "not recorded") for category in known.keys() - seen)
        if missing:
            raise RakingError(
                f"No one with {characteristic} {', '.join(missing)} has answered, so no weight "
                f"can make up for them: combine categories or weight on something else."
            )
        targets[characteristic] = {c: n * count / whole for c, count in known.items()}
    return targets


def _rake_once(weights, *, respondents, targets, tolerance, max_iterations):
    weights = list(weights)
    for _ in range(max_iterations):
        for characteristic, wanted in targets.items():
            totals = _weighted_totals(
                weights, respondents=respondents, characteristic=characteristic
            )
            factors = {category: wanted[category] / totals[category] for category in wanted}
            weights = [
                weight * factors[respondent[characteristic]]
                for weight, respondent in zip(weights, respondents, strict=True)
            ]
        if max(_gaps(weights, respondents=respondents, targets=targets).values()) < tolerance:
            return weights, True
    return weights, False


def _weighted_totals(weights, *, respondents, characteristic) -> dict:
    totals: dict = defaultdict(float)
    for weight, respondent in zip(weights, respondents, strict=True):
        totals[respondent[characteristic]] += weight
    return totals


def _gaps(weights, *, respondents, targets) -> dict[str, float]:
    """The largest difference, per characteristic, between weighted and population shares."""
    whole = math.fsum(weights)
    n = len(weights)
    gaps = {}
    for characteristic, wanted in targets.items():
        totals = _weighted_totals(weights, respondents=respondents, characteristic=characteristic)
        gaps[characteristic] = max(
            abs(totals[category] / whole - wanted[category] / n) for category in wanted
        )
    return gaps


def _outside(weights, *, cap, floor) -> set[int]:
    return {
        i for i, weight in enumerate(weights)
        if (cap is not None and weight > cap + _EPSILON)
        or (floor is not None and weight < floor - _EPSILON)
    }


def _clip(weights, *, cap, floor) -> list[float]:
    upper = math.inf if cap is None else cap
    lower = 0.0 if floor is None else floor
    return [min(max(weight, lower), upper) for weight in weights]


# Weighting a survey's responses -------------------------------------------------------------


def counted_responses(*, survey: Survey):
    """The survey's responses that count: one per household, the latest (as the measures)."""
    later = SurveyResponse.objects.filter(survey=survey.name, home=OuterRef("home")).filter(
        Q(completed_on__gt=OuterRef("completed_on"))
        | Q(completed_on=OuterRef("completed_on"), response_ref__gt=OuterRef("response_ref"))
    )
    return SurveyResponse.objects.filter(survey=survey.name).exclude(Exists(later))


def weigh(
    *,
    survey: Survey,
    characteristics: Sequence[str] = DEFAULT_CHARACTERISTICS,
    cap: float | None = DEFAULT_CAP,
    floor: float | None = DEFAULT_FLOOR,
) -> tuple[list[int], RakingResult]:
    """Work out (without saving) raking weights for the survey's counted responses."""
    characteristics = _checked_characteristics(characteristics)
    responses = counted_responses(survey=survey)
    homeless = responses.filter(home__isnull=True).count()
    if homeless:
        raise RakingError(
            f"{homeless} responses to {survey} are not linked to a home, so Doorstep cannot "
            "tell which part of the population they represent: link them or leave them out."
        )
    fields = [f"home__{CHARACTERISTICS[name][0]}" for name in characteristics]
    rows = list(responses.order_by("pk").values_list("pk", *fields))
    respondents = [
        {name: value or "" for name, value in zip(characteristics, row[1:], strict=True)}
        for row in rows
    ]
    homes = population(survey=survey)
    margins = {name: counts_by(homes, CHARACTERISTICS[name][0]) for name in characteristics}
    result = rake(respondents=respondents, margins=margins, cap=cap, floor=floor)
    return [row[0] for row in rows], result


@transaction.atomic
def apply_weights(
    *,
    survey: Survey,
    characteristics: Sequence[str] = DEFAULT_CHARACTERISTICS,
    cap: float | None = DEFAULT_CAP,
    floor: float | None = DEFAULT_FLOOR,
    by=None,
) -> WeightingRun:
    """Write raking weights to the responses (the measures then use them) and log the run."""
    pks, result = weigh(survey=survey, characteristics=characteristics, cap=cap, floor=floor)
    SurveyResponse.objects.filter(survey=survey.name).update(weight=None)
    weights = dict(zip(pks, result.weights, strict=True))
    responses = list(SurveyResponse.objects.filter(pk__in=pks))
    for response in responses:
        response.weight = weights[response.pk]
    SurveyResponse.objects.bulk_update(responses, ["weight"], batch_size=1000)
    survey.weightings.filter(cleared_at__isnull=True).update(cleared_at=timezone.now())
    _figures_changed()
    return WeightingRun.objects.create(
        survey=survey,
        characteristics=list(_checked_characteristics(characteristics)),
        cap=cap if cap is not None else math.inf,
        floor=floor if floor is not None else 0.0,
        responses=len(pks),
        design_effect=result.design_effect,
        effective_sample=result.effective_sample,
        margins_met=result.margins_met,
        trimmed=result.trimmed,
        applied_by=by,
    )


@transaction.atomic
def clear_weights(*, survey: Survey) -> int:
    """Take the weights off again: the measures go back to unweighted counts."""
    cleared = SurveyResponse.objects.filter(survey=survey.name, weight__isnull=False).update(
        weight=None
    )
    survey.weightings.filter(cleared_at__isnull=True).update(cleared_at=timezone.now())
    _figures_changed()
    return cleared


def _figures_changed() -> None:
    # Bulk updates send no signals: say it here, so the cached measures use the new weights.
    transaction.on_commit(figures_changed)


def current_weighting(*, survey: Survey) -> WeightingRun | None:
    return survey.weightings.filter(cleared_at__isnull=True).first()


def _checked_characteristics(characteristics) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(name.strip() for name in characteristics if name.strip()))
    unknown = [name for name in chosen if name not in CHARACTERISTICS]
    if unknown or not chosen:
        raise RakingError(
            f"Cannot weight by {', '.join(unknown) or 'nothing'}: choose from "
            + ", ".join(CHARACTERISTICS) + "."
        )
    return chosen


# Results by channel (mode effect) -----------------------------------------------------------


def results_by_channel(*, survey: Survey) -> list[dict]:
    """Satisfaction per TSM question for each channel, unweighted and weighted, so a change in
    the mix of channels is visible beside the headline figures."""
    codes = [code for code in TSM_BY_CODE if code.startswith("TP")]
    if survey.tenure_scope == "LCHO":
        codes = [code for code in codes if code not in LCRA_ONLY]
    weight = Coalesce(F("weight"), Value(1.0), output_field=FloatField())
    aggregates = {"responses": Count("pk")}
    for code in codes:
        field_name = code.lower()
        scope = ~Q(**{FILTERS[code]: FilterAnswer.NO}) if code in FILTERS else Q()
        in_base = scope & Q(**{f"{field_name}__in": (1, 2, 3, 4, 5)})
        positive = scope & Q(**{f"{field_name}__in": (1, 2)})
        aggregates[f"{code}_n"] = Count("pk", filter=in_base)
        aggregates[f"{code}_yes"] = Count("pk", filter=positive)
        aggregates[f"{code}_w"] = Sum(weight, filter=in_base, output_field=FloatField())
        aggregates[f"{code}_wyes"] = Sum(weight, filter=positive, output_field=FloatField())
    rows = list(
        counted_responses(survey=survey).values("channel").annotate(**aggregates)
        .order_by("channel")
    )
    total = sum(row["responses"] for row in rows)
    return [
        {
            "channel": row["channel"],
            "responses": row["responses"],
            "share": row["responses"] / total,
            "measures": {code: _percentages(row, code) for code in codes},
        }
        for row in rows
    ]


def _percentages(row: dict, code: str) -> dict:
    n, weighted_base = row[f"{code}_n"], row[f"{code}_w"]
    return {
        "n": n,
        "unweighted": 100 * row[f"{code}_yes"] / n if n else None,
        "weighted": 100 * (row[f"{code}_wyes"] or 0) / weighted_base if weighted_base else None,
    }
