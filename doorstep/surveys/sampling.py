"""Who a survey asks: the population, the sample frame, the sample and the live response count.

- **Population** (N): the owned homes of the survey's tenures in stock on the first day of
  fieldwork, one household each. The required sample per tenure comes from N by the
  regulator's bands (``doorstep.core.survey_stats``); excluded households are still part of
  the relevant tenant population, so exclusions do not lower N.
- **Sample frame**: the population less the households excluded (with published reasons).
- **Sample**: a census (the whole frame) or a stratified random sample: strata are tenure x
  area, each tenure's invitations are shared between its areas in proportion to the frame
  (largest remainders, so the shares add up exactly), and households are drawn at random
  within each stratum. The draw is reproducible: the same seed on the same frame draws the
  same households.
- **Targets**: each tenure's required responses (the required sample rounded up) shared
  between its areas in proportion to the population, so the monitor shows which strata lag.
"""

import math
import random
import secrets
from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from doorstep.core import survey_stats
from doorstep.stock.models import Home
from doorstep.surveys.models import (
    SampledHousehold,
    SampleMethod,
    Survey,
    SurveyResponse,
    TenureScope,
)
from doorstep.surveys.services import SurveyError

UNKNOWN_AREA = "unknown"


def tenures_of(survey: Survey) -> tuple[str, ...]:
    return ("LCRA", "LCHO") if survey.tenure_scope == TenureScope.BOTH else (survey.tenure_scope,)


def in_stock_on(day: date) -> Q:
    return (
        Q(owned=True)
        & (Q(acquired_on__isnull=True) | Q(acquired_on__lte=day))
        & (Q(disposed_on__isnull=True) | Q(disposed_on__gt=day))
    )


def population(*, survey: Survey) -> QuerySet:
    """The relevant tenant population: one household per owned home in scope."""
    return Home.objects.filter(in_stock_on(survey.fieldwork_starts), tenure__in=tenures_of(survey))


def sample_frame(*, survey: Survey) -> QuerySet:
    return population(survey=survey).exclude(pk__in=survey.exclusions.values("home"))


def required_samples(*, survey: Survey) -> dict[str, dict]:
    """For each tenure: N, the required margin and the required sample (unrounded)."""
    counts = dict(
        population(survey=survey).values_list("tenure").annotate(n=Count("pk")).order_by()
    )
    required = {}
    for tenure in tenures_of(survey):
        households = counts.get(tenure, 0)
        required[tenure] = {
            "population": households,
            "required_margin": survey_stats.required_margin(households) if households else None,
            "required_sample": survey_stats.required_sample(households) if households else None,
        }
    return required


def allocate(*, sizes: dict, total: int) -> dict:
    """Share ``total`` between strata in proportion to their sizes (largest remainders).

    Ties in the remainders go to the stratum that sorts first, so the allocation never
    depends on dictionary order.
    """
    whole = sum(sizes.values())
    if total < 0 or total > whole:
        raise SurveyError(f"Cannot share {total:,} between strata holding {whole:,} households.")
    if whole == 0:
        return {stratum: 0 for stratum in sizes}
    quotas = {stratum: total * size / whole for stratum, size in sizes.items()}
    shares = {stratum: math.floor(quota) for stratum, quota in quotas.items()}
    left = total - sum(shares.values())
    by_remainder = sorted(sizes, key=lambda s: (-(quotas[s] - shares[s]), s))
    for stratum in by_remainder[:left]:
        shares[stratum] += 1
    return shares


def _strata(homes: QuerySet) -> dict[tuple[str, str], int]:
    rows = homes.values_list("tenure", "area").annotate(n=Count("pk")).order_by()
    return {(tenure, area or UNKNOWN_AREA): n for tenure, area, n in rows}


@transaction.atomic
def draw_sample(
    *,
    survey: Survey,
    method: str,
    seed: int | None = None,
    response_rate: float | None = None,
    invitations: dict[str, int] | None = None,
) -> dict[tuple[str, str], int]:
    """Draw the survey's sample (replacing an earlier draw) and say how many per stratum.

    For a stratified sample give either the number of ``invitations`` per tenure, or the
    ``response_rate`` expected, from which each tenure's invitations are the required sample
    divided by the rate, rounded up (never more than the frame holds).
    """
    if method not in SampleMethod.values:
        raise SurveyError("Choose a census or a stratified sample.")
    if SurveyResponse.objects.filter(survey=survey.name).exists():
        raise SurveyError(
            f"{survey} already has responses: its sample cannot be drawn again. Set up a new "
            "survey (or wave) to draw a new sample."
        )
    seed = secrets.randbelow(2**31) if seed is None else int(seed)
    frame = sample_frame(survey=survey)
    strata = _strata(frame)
    if not strata:
        raise SurveyError(f"There are no households in {survey}'s sample frame: load the stock.")
    if method == SampleMethod.CENSUS:
        chosen = {stratum: size for stratum, size in strata.items()}
    else:
        chosen = _stratified_sizes(
            survey=survey, strata=strata, response_rate=response_rate, invitations=invitations
        )
    drawn = _draw(frame=frame, sizes=chosen, seed=seed)
    SampledHousehold.objects.filter(survey=survey).delete()
    SampledHousehold.objects.bulk_create(
        SampledHousehold(survey=survey, home_id=pk, tenure=tenure, area=area)
        for (tenure, area), pks in drawn.items()
        for pk in pks
    )
    survey.sample_method, survey.sample_seed = method, seed
    survey.sample_drawn_at = timezone.now()
    survey.save(update_fields=["sample_method", "sample_seed", "sample_drawn_at"])
    return {stratum: len(pks) for stratum, pks in drawn.items()}


def _stratified_sizes(*, survey, strata, response_rate, invitations) -> dict:
    if invitations is None:
        if not response_rate or not 0 < response_rate <= 1:
            raise SurveyError(
                "Give the response rate you expect (above 0, at most 1, e.g. 0.3 for 30%) or "
                "the number of households to invite."
            )
        required = required_samples(survey=survey)
        invitations = {
            tenure: math.ceil(math.ceil(figures["required_sample"] or 0) / response_rate)
            for tenure, figures in required.items()
        }
    sizes = {}
    for tenure in tenures_of(survey):
        in_tenure = {stratum: n for stratum, n in strata.items() if stratum[0] == tenure}
        wanted = invitations.get(tenure, 0)
        if wanted < 0:
            raise SurveyError("The number of households to invite cannot be negative.")
        sizes.update(allocate(sizes=in_tenure, total=min(wanted, sum(in_tenure.values()))))
    return sizes


def _draw(*, frame: QuerySet, sizes: dict, seed: int) -> dict:
    # Homes in reference order within strata in sorted order, one generator for the whole
    # draw: the seed alone decides who is chosen.
    rows = frame.order_by("home_ref").values_list("pk", "tenure", "area")
    members = defaultdict(list)
    for pk, tenure, area in rows:
        members[(tenure, area or UNKNOWN_AREA)].append(pk)
    generator = random.Random(seed)
    return {
        stratum: sorted(generator.sample(members[stratum], sizes[stratum]))
        for stratum in sorted(sizes)
    }


def response_targets(*, survey: Survey) -> dict[tuple[str, str], int]:
    """Responses wanted per stratum: each tenure's required sample shared by population."""
    strata = _strata(population(survey=survey))
    targets = {}
    for tenure, figures in required_samples(survey=survey).items():
        in_tenure = {stratum: n for stratum, n in strata.items() if stratum[0] == tenure}
        needed = math.ceil(figures["required_sample"] or 0)
        targets.update(allocate(sizes=in_tenure, total=min(needed, sum(in_tenure.values()))))
    return targets


def response_progress(*, survey: Survey) -> list[dict]:
    """Live monitoring: per stratum, households, invited, target, achieved and by channel."""
    strata = _strata(population(survey=survey))
    targets = response_targets(survey=survey)
    invited = dict(
        ((tenure, area), n)
        for tenure, area, n in survey.sample.values_list("tenure", "area")
        .annotate(n=Count("pk")).order_by()
    )
    achieved: dict = defaultdict(lambda: defaultdict(int))
    answered = (
        SurveyResponse.objects.filter(survey=survey.name)
        .values_list("tenure", "home__area", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for tenure, area, channel, n in answered:
        achieved[(tenure, area or UNKNOWN_AREA)][channel] += n
    rows = []
    for stratum in sorted(set(strata) | set(achieved)):
        by_channel = dict(sorted(achieved[stratum].items()))
        target = targets.get(stratum, 0)
        total = sum(by_channel.values())
        rows.append({
            "tenure": stratum[0],
            "area": stratum[1],
            "households": strata.get(stratum, 0),
            "invited": invited.get(stratum, 0),
            "target": target,
            "achieved": total,
            "achieved_of_target": total / target if target else None,
            "by_channel": by_channel,
        })
    return rows
