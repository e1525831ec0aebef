"""What the analyst's survey pages show, gathered from the sampling, weighting and
representativeness services, with plain-English warnings beside the figures.

Nothing here changes a record. Every function runs a fixed number of queries whatever the
size of the landlord (aggregates by tenure, area and channel, never a query per row), so
the pages stay quick on a large stock.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Count, F, FloatField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from doorstep.core import survey_stats
from doorstep.resident.models import Invitation
from doorstep.surveys.models import Channel, SampleMethod, Survey
from doorstep.surveys.representativeness import CHARACTERISTICS, counts_by
from doorstep.surveys.sampling import population, required_samples, response_progress
from doorstep.surveys.sampling import sample_frame as frame_of

CHANNEL_ORDER = list(Channel.values)
CHANNEL_NAMES = dict(Channel.choices)
# The same tolerance weighting.rake uses to say a margin is met.
MARGIN_MET_WITHIN = 1e-6


def channel_name(channel: str) -> str:
    return CHANNEL_NAMES.get(channel, channel)


def _by_tenure(queryset, tenure_field: str) -> dict[str, int]:
    return dict(queryset.values_list(tenure_field).annotate(n=Count("pk")).order_by())


# The sample ------------------------------------------------------------------------------------


@dataclass
class TenurePlan:
    tenure: str
    population: int
    required_margin: float | None
    required_sample: float | None
    excluded: int
    frame: int
    invited: int
    warnings: list[str] = field(default_factory=list)

    @property
    def responses_needed(self) -> int:
        return math.ceil(self.required_sample or 0)

    @property
    def rate_needed(self) -> float | None:
        """The share of invited households that must answer to reach the required sample."""
        if not self.invited or not self.responses_needed:
            return None
        return self.responses_needed / self.invited


def sample_plan(*, survey: Survey) -> list[TenurePlan]:
    """Per tenure: the population, the required sample, who is left out and who is invited,
    and a warning wherever the requirement cannot be met as things stand."""
    frame = _by_tenure(frame_of(survey=survey), "tenure")
    excluded = _by_tenure(survey.exclusions.all(), "home__tenure")
    invited = _by_tenure(survey.sample.all(), "tenure")
    plans = []
    for tenure, figures in required_samples(survey=survey).items():
        plan = TenurePlan(
            tenure=tenure, population=figures["population"],
            required_margin=figures["required_margin"],
            required_sample=figures["required_sample"], excluded=excluded.get(tenure, 0),
            frame=frame.get(tenure, 0), invited=invited.get(tenure, 0),
        )
        plan.warnings = _warnings(plan, survey=survey)
        plans.append(plan)
    return plans


def _warnings(plan: TenurePlan, *, survey: Survey) -> list[str]:
    if not plan.population:
        return [f"There are no {plan.tenure} households in stock on "
                f"{survey.fieldwork_starts:%d/%m/%Y}: load the stock, or change who the survey "
                "covers."]
    needed, tenure = plan.responses_needed, plan.tenure
    # A census of fewer than 2,500 households meets the requirement however many answer.
    exempt = plan.population < survey_stats.CENSUS_EXEMPTION_BELOW
    census = survey.sample_method == SampleMethod.CENSUS
    if exempt and census:
        return []
    if plan.frame < needed:
        if exempt:
            return [f"Only a census can meet the requirement for {tenure}: {needed:,} responses "
                    f"are needed and only {plan.frame:,} households can be asked. Draw a census "
                    "(every household invited)."]
        return [f"The requirement for {tenure} cannot be met: {needed:,} responses are needed "
                f"and only {plan.frame:,} households can be asked."]
    if survey.sample_drawn_at and plan.invited < needed:
        return [f"The requirement for {tenure} cannot be met with this sample: {needed:,} "
                f"responses are needed and only {plan.invited:,} households are invited. "
                "Invite more households" + (", or draw a census." if exempt else ".")]
    return []


# Links ------------------------------------------------------------------------------------------


def link_counts(*, survey: Survey) -> dict[str, int]:
    """Single-use links: issued, used, expired unused, and sampled households with none."""
    now = timezone.now()
    links = Invitation.objects.filter(survey=survey).aggregate(
        issued=Count("pk"),
        used=Count("pk", filter=Q(used_at__isnull=False)),
        expired=Count("pk", filter=Q(used_at__isnull=True, expires_at__lte=now)),
        households=Count("home", distinct=True),
    )
    links["without_link"] = (
        survey.sample.exclude(home__in=Invitation.objects.filter(survey=survey).values("home"))
        .exclude(home__in=survey.exclusions.values("home")).count()
    )
    links["sampled"] = survey.sample.count()
    return links


# Progress ---------------------------------------------------------------------------------------


@dataclass
class TenureProgress:
    tenure: str
    population: int
    required_margin: float | None
    required_sample: float | None
    invited: int
    target: int
    achieved: int
    by_channel: dict[str, int]
    margin: float | None  # the margin of error achieved, ± percent
    meets: bool

    @property
    def responses_needed(self) -> int:
        return math.ceil(self.required_sample or 0)


def progress(*, survey: Survey) -> dict:
    """Responses per stratum (tenure x area) against target and by channel, and per tenure the
    achieved sample and margin of error against the regulator's requirement."""
    strata = response_progress(survey=survey)
    channels = sorted({c for row in strata for c in row["by_channel"]}, key=_channel_position)
    required = required_samples(survey=survey)
    census = survey.sample_method == SampleMethod.CENSUS
    tenures = []
    for tenure, figures in required.items():
        rows = [row for row in strata if row["tenure"] == tenure]
        achieved = sum(row["achieved"] for row in rows)
        tenures.append(TenureProgress(
            tenure=tenure, population=figures["population"],
            required_margin=figures["required_margin"],
            required_sample=figures["required_sample"],
            invited=sum(row["invited"] for row in rows),
            target=sum(row["target"] for row in rows), achieved=achieved,
            by_channel=_add_channels(rows),
            margin=_margin(figures["population"], achieved),
            meets=_meets(figures["population"], achieved, census=census),
        ))
    return {
        "strata": strata,
        "channels": channels,
        "tenures": tenures,
        "achieved": sum(row["achieved"] for row in strata),
        "by_channel": _add_channels(strata),
    }


def _channel_position(channel: str) -> tuple[int, str]:
    return (CHANNEL_ORDER.index(channel) if channel in CHANNEL_ORDER else len(CHANNEL_ORDER),
            channel)


def _add_channels(rows) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in rows:
        for channel, n in row["by_channel"].items():
            totals[channel] = totals.get(channel, 0) + n
    return dict(sorted(totals.items(), key=lambda item: _channel_position(item[0])))


def _margin(households: int, responses: int) -> float | None:
    if households < 2 or not 0 < responses <= households:
        return None
    if responses == households:
        return 0.0
    return survey_stats.margin_of_error(population=households, responses=responses)


def _meets(households: int, responses: int, *, census: bool) -> bool:
    if not households or not 0 < responses <= households:
        return False
    return survey_stats.meets_requirement(population=households, responses=responses,
                                          census=census)


# Weighting --------------------------------------------------------------------------------------


def weighting_margins(checks: list[dict]) -> list[tuple[str, str]]:
    """The characteristics the landlord holds, as (name, label), from the representativeness
    checks: the margins an analyst may weight to."""
    return [(check["characteristic"], check["label"]) for check in checks]


def weighted_profile(*, survey: Survey, characteristics, responses) -> list[dict]:
    """For each characteristic, the population's share of each category beside the
    respondents' share, unweighted and weighted (a blank weight counts as 1), and the
    largest gap: where it is above zero the weights miss that margin.

    ``responses`` are the responses that count (``weighting.counted_responses``).
    """
    homes = population(survey=survey)
    weight = Coalesce(F("weight"), Value(1.0), output_field=FloatField())
    profile = []
    for name in characteristics:
        field_name, label = CHARACTERISTICS[name]
        households = {c: n for c, n in counts_by(homes, field_name).items() if c and n}
        answered = {
            value or "": (n, w) for value, n, w in
            responses.values_list(f"home__{field_name}")
            .annotate(n=Count("pk"), w=Sum(weight, output_field=FloatField())).order_by()
        }
        profile.append(_profile_of(name, label, households, answered))
    return profile


def _profile_of(name: str, label: str, households: dict, answered: dict) -> dict:
    whole = sum(households.values())
    respondents = sum(n for category, (n, _) in answered.items() if category in households)
    weighted = sum(w for category, (_, w) in answered.items() if category in households)
    rows = []
    for category in sorted(households):
        n, w = answered.get(category, (0, 0.0))
        rows.append({
            "category": category,
            "population_share": households[category] / whole,
            "respondents": n,
            "unweighted_share": n / respondents if respondents else None,
            "weighted_share": w / weighted if weighted else None,
        })
    gap = max((abs(row["weighted_share"] - row["population_share"]) for row in rows
               if row["weighted_share"] is not None), default=None)
    return {"characteristic": name, "label": label, "rows": rows, "gap": gap,
            "met": gap is not None and gap <= MARGIN_MET_WITHIN,
            "not_recorded": sum(n for category, (n, _) in answered.items()
                                if category not in households)}
