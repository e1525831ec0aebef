"""The perception measures TP01-TP12, from the survey responses of a reporting year.

The rules are the regulator's (``../shared/spec/measures.md``, "Perception measures"):

- value = 100 x (answers 1 + 2) / (answers 1 to 5): a volunteered don't know (9) is recorded
  but never in the base;
- TP02/TP03 count only respondents who had a repair, TP09 those who complained, TP10 those
  with communal areas. A blank filter with an answer is in scope; filter "no" with an answer
  is a data error, left out and reported by :func:`perception_warnings`;
- weighted responses count their weight (a blank weight counts as 1); n stays unweighted;
- one household counts once a year (convention ``superseded_responses``): under "latest" a
  home with several responses in the year counts only its latest, by ``completed_on`` with
  ties broken by the higher ``response_ref``. A response with no home is never superseded,
  because nothing says which household gave it.

Responses belong to the year by ``completed_on`` and to a tenure by their own ``tenure``
(a response may have no home). All twelve questions of one tenure and breakdown are counted
in ONE aggregate query with conditional sums, so the cost does not grow with the questions.

Margins of error use N = owned homes of the tenure in stock at year end. For a breakdown by
area, scheme, needs type or building, N is the homes of that tenure in the group; for a
breakdown by channel, and for the "unknown" group (responses with no home, or homes with the
field blank), the tenure's whole population is used, as no smaller population is known.
"""

from collections.abc import Iterable

from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from doorstep.core import survey_stats
from doorstep.core.labels import label
from doorstep.core.periods import ReportingYear
from doorstep.measures.conventions import ALLOWED, DEFAULTS, Conventions
from doorstep.measures.results import MeasureResult
from doorstep.measures.scope import BREAKDOWNS as HOME_BREAKDOWNS
from doorstep.measures.scope import (
    TENURES,
    UNKNOWN,
    MeasureError,
    home_group,
    homes_at_year_end,
)
from doorstep.surveys.models import QUESTIONS, FilterAnswer, SurveyResponse
from doorstep.surveys.questions import LCRA_ONLY

# The filter question that puts a respondent in scope of a question.
FILTERS = {
    "TP02": "had_repair",
    "TP03": "had_repair",
    "TP09": "made_complaint",
    "TP10": "has_communal_areas",
}

SATISFIED_SCALE = {
    1: "very_satisfied",
    2: "fairly_satisfied",
    3: "neither",
    4: "fairly_dissatisfied",
    5: "very_dissatisfied",
    9: "dont_know",
}
# TP08 asks whether the landlord treats them fairly: an agree scale, same codes.
AGREE_SCALE = {
    1: "strongly_agree",
    2: "agree",
    3: "neither",
    4: "disagree",
    5: "strongly_disagree",
    9: "dont_know",
}
SCALE_ANSWERS = (1, 2, 3, 4, 5)
POSITIVE_ANSWERS = (1, 2)
DONT_KNOW = 9

# Home-based breakdowns share the management measures' groups (``scope.home_group``):
# responses with no home, and homes with the field blank, fall in "unknown". Channel is the
# survey's own.
BREAKDOWNS = (*HOME_BREAKDOWNS, "channel")

EXPLAIN_COLUMNS = [
    "response_ref",
    "home_ref",
    "tenure",
    "completed_on",
    "channel",
    "answer",
    "filter",
    "weight",
    "in_base",
    "reason",
]
EXAMPLES = 5


class PerceptionError(MeasureError):
    """A request for perception figures that cannot be answered, in plain English."""


def measure_codes(*, tenure: str) -> list[str]:
    """The TP codes reported for a tenure: TP02-TP04 are asked of renters only."""
    _check_tenure(tenure)
    if tenure == "LCRA":
        return list(QUESTIONS)
    return [code for code in QUESTIONS if code not in LCRA_ONLY]


def answer_names(*, code: str) -> dict[int, str]:
    return AGREE_SCALE if code == "TP08" else SATISFIED_SCALE


def perception_measures(
    *,
    year: ReportingYear,
    tenure: str,
    by: str | None = None,
    conventions: Conventions = DEFAULTS,
) -> list[MeasureResult]:
    """TP01-TP12 (those that apply to the tenure), overall or one result per group."""
    codes = measure_codes(tenure=tenure)
    _check_breakdown(by)
    responses = counted_responses(year=year, tenure=tenure, conventions=conventions)
    aggregates = _aggregates(codes=codes)
    if by is None:
        groups = {None: responses.aggregate(**aggregates)}
    else:
        rows = (
            responses.annotate(breakdown_group=_response_group(by))
            .values("breakdown_group")
            .annotate(**aggregates)
            .order_by("breakdown_group")
        )
        groups = {row["breakdown_group"]: row for row in rows}
    populations = _populations(year=year, tenure=tenure, by=by)
    return [
        _result(
            code=code,
            tenure=tenure,
            group=group,
            sums=sums,
            population=populations.get(group, populations[None]),
        )
        for code in codes
        for group, sums in groups.items()
    ]


def counted_responses(
    *, year: ReportingYear, tenure: str, conventions: Conventions = DEFAULTS
) -> QuerySet:
    """The responses of the tenure in the year that count: superseded ones left out."""
    _check_tenure(tenure)
    _check_conventions(conventions)
    responses = _responses_in_year(year=year, tenure=tenure)
    if conventions.superseded_responses == "latest":
        responses = responses.exclude(_later_response_exists(year=year))
    return responses


def survey_accuracy(
    *,
    year: ReportingYear,
    tenure: str,
    population: int | None = None,
    conventions: Conventions = DEFAULTS,
) -> dict:
    """The regulator's accuracy test for the tenure's survey in the year.

    ``population`` (optional) overrides N, the owned homes of the tenure in stock at year end,
    for a landlord whose relevant tenant population differs from its stock records (e.g. it
    excluded homes from the sample frame) or whose stock is not loaded.
    """
    if population is None:
        population = relevant_population(year=year, tenure=tenure)
    if population <= 0:
        raise PerceptionError(
            f"There are no owned {tenure.replace('combined', 'LCRA or LCHO')} homes in stock "
            f"at the end of {year.label}, so the survey's accuracy cannot be worked out: "
            "load the stock or give the relevant tenant population."
        )
    responses = counted_responses(year=year, tenure=tenure, conventions=conventions).count()
    accuracy = {
        "tenure": tenure,
        "population": population,
        "responses": responses,
        "required_margin": survey_stats.required_margin(population),
        "required_sample": survey_stats.required_sample(population),
        "margin_of_error": _margin(population=population, responses=responses),
        "meets_requirement": _meets(population=population, responses=responses),
        "census": responses == population,
    }
    if responses > population:
        accuracy["message"] = (
            f"There are more {tenure} survey responses ({responses:,}) than homes in the "
            f"tenant population ({population:,}): check the stock records and the responses' "
            "tenure. No margin of error can be given."
        )
    return accuracy


def perception_explain(
    *,
    code: str,
    year: ReportingYear,
    tenure: str,
    conventions: Conventions = DEFAULTS,
) -> tuple[list[str], list[dict]]:
    """Every response of the tenure in the year and whether it is in the measure's base."""
    code = (code or "").strip().upper()
    if code not in measure_codes(tenure=tenure):
        raise PerceptionError(_unknown_code_message(code=code, tenure=tenure))
    _check_conventions(conventions)
    field, filter_field = code.lower(), FILTERS.get(code)
    responses = (
        _responses_in_year(year=year, tenure=tenure)
        .annotate(latest_ref=_latest_response_of_home(year=year))
        .select_related("home")
        .order_by("completed_on", "response_ref")
    )
    names = answer_names(code=code)
    rows = []
    for response in responses:
        answer = getattr(response, field)
        filter_answer = getattr(response, filter_field) if filter_field else ""
        reason = _reason_left_out(
            response=response,
            answer=answer,
            filter_answer=filter_answer,
            conventions=conventions,
        )
        rows.append(
            {
                "response_ref": response.response_ref,
                "home_ref": response.home.home_ref if response.home_id else "",
                "tenure": response.tenure,
                "completed_on": response.completed_on.isoformat(),
                "channel": response.channel,
                "answer": names.get(answer, ""),
                "filter": filter_answer,
                "weight": 1.0 if response.weight is None else response.weight,
                "in_base": reason == "",
                "reason": reason,
            }
        )
    return list(EXPLAIN_COLUMNS), rows


def perception_warnings(*, year: ReportingYear, conventions: Conventions = DEFAULTS) -> list[dict]:
    """Data-quality problems in the year's survey responses (all tenures)."""
    _check_conventions(conventions)
    responses = _responses_in_year(year=year, tenure="combined")
    warnings = [
        _filter_warning(responses=responses, code=code, filter_field=filter_field, year=year)
        for code, filter_field in FILTERS.items()
    ]
    warnings.append(
        _warning(
            code="response_without_home",
            problems=responses.filter(home__isnull=True),
            message="{count} survey responses in {year} are not linked to a home: they count in "
            "the measures but cannot be superseded or broken down by area, scheme, needs "
            'type or building (they show as "unknown").',
            year=year,
        )
    )
    convention = label(conventions.superseded_responses, within="superseded_responses")
    if conventions.superseded_responses == "latest":
        message = (
            "{count} survey responses in {year} are superseded by a later response "
            f"from the same home and are left out (the convention: {convention})."
        )
    else:
        message = (
            "{count} survey responses in {year} come from a home that answered again "
            f"later in the year; all are counted (the convention: {convention})."
        )
    warnings.append(
        _warning(
            code="superseded_responses",
            problems=responses.filter(_later_response_exists(year=year)),
            message=message,
            year=year,
        )
    )
    return [warning for warning in warnings if warning]


def relevant_population(*, year: ReportingYear, tenure: str) -> int:
    """N: owned homes of the tenure in stock at year end (the management measures' stock)."""
    _check_tenure(tenure)
    return homes_at_year_end(year=year).aggregate(homes=_homes_of(tenure))["homes"]


def _homes_of(tenure: str) -> Count:
    # A filtered count, not a WHERE on tenure: on SQLite a WHERE uses the tenure index and
    # then fetches most of the table row by row, several times slower than one plain scan.
    if tenure == "combined":
        return Count("pk")
    return Count("pk", filter=Q(tenure=tenure))


# The one aggregate query -------------------------------------------------------------------


def _weight():
    # A blank weight counts as 1: unweighted surveys leave it empty.
    return Coalesce(F("weight"), Value(1.0), output_field=FloatField())


def _in_scope(code: str) -> Q:
    # A scale answer with filter "no" is a data error: not counted (see the warnings).
    filter_field = FILTERS.get(code)
    return ~Q(**{filter_field: FilterAnswer.NO}) if filter_field else Q()


def _aggregates(*, codes: Iterable[str]) -> dict:
    weight = _weight()
    aggregates = {"weighted_responses": Count("weight")}
    for code in codes:
        field, scope = code.lower(), _in_scope(code)
        for answer in (*SCALE_ANSWERS, DONT_KNOW):
            aggregates[f"{field}_{answer}"] = Sum(
                weight, filter=scope & Q(**{field: answer}), output_field=FloatField()
            )
        in_base = scope & Q(**{f"{field}__in": SCALE_ANSWERS})
        aggregates[f"{field}_n"] = Count("pk", filter=in_base)
        # Sum of squared weights, for Kish's design effect.
        aggregates[f"{field}_w2"] = Sum(weight * weight, filter=in_base, output_field=FloatField())
    return aggregates


def _result(*, code: str, tenure: str, group, sums: dict, population: int) -> MeasureResult:
    field, names = code.lower(), answer_names(code=code)
    counts = {
        names[answer]: float(sums[f"{field}_{answer}"] or 0.0)
        for answer in (*SCALE_ANSWERS, DONT_KNOW)
    }
    numerator = sum(float(sums[f"{field}_{answer}"] or 0.0) for answer in POSITIVE_ANSWERS)
    denominator = sum(float(sums[f"{field}_{answer}"] or 0.0) for answer in SCALE_ANSWERS)
    n = sums[f"{field}_n"] or 0
    details = {
        "n": n,
        "counts": counts,
        "population": population,
        "margin_of_error": _margin(population=population, responses=n),
    }
    if sums["weighted_responses"]:
        details.update(
            _design_effect(
                n=n, sum_weights=denominator, sum_squared_weights=float(sums[f"{field}_w2"] or 0)
            )
        )
    return MeasureResult(
        code=code,
        tenure=tenure,
        numerator=numerator,
        denominator=denominator,
        unit="%",
        group=group,
        details=details,
    )


def _design_effect(*, n: int, sum_weights: float, sum_squared_weights: float) -> dict:
    # Kish, from the sums the query already has, so no row ever leaves the database:
    # deff = n * sum(w^2) / (sum w)^2 and effective n = (sum w)^2 / sum(w^2).
    if not n or not sum_weights or not sum_squared_weights:
        return {"design_effect": None, "effective_n": None}
    return {
        "design_effect": n * sum_squared_weights / sum_weights**2,
        "effective_n": sum_weights**2 / sum_squared_weights,
    }


def _margin(*, population: int, responses: int) -> float | None:
    # No figure without responses, or when more responses than homes (stock not loaded).
    if not responses or not population or responses > population:
        return None
    if responses == population:
        return 0.0  # a census has no sampling error (and N - 1 may be 0)
    return survey_stats.margin_of_error(population=population, responses=responses)


def _meets(*, population: int, responses: int) -> bool:
    if not responses or responses > population:
        return False
    return survey_stats.meets_requirement(population=population, responses=responses)


# Which responses are counted, and their groups --------------------------------------------


def _responses_in_year(*, year: ReportingYear, tenure: str) -> QuerySet:
    _check_tenure(tenure)
    responses = SurveyResponse.objects.filter(completed_on__range=(year.start, year.end))
    if tenure != "combined":
        responses = responses.filter(tenure=tenure)
    return responses


def _later_responses(*, year: ReportingYear) -> QuerySet:
    # home = NULL never matches in SQL, so a response with no home is never superseded.
    return SurveyResponse.objects.filter(
        home=OuterRef("home"), completed_on__range=(year.start, year.end)
    )


def _later_response_exists(*, year: ReportingYear) -> Exists:
    later = _later_responses(year=year).filter(
        Q(completed_on__gt=OuterRef("completed_on"))
        | Q(completed_on=OuterRef("completed_on"), response_ref__gt=OuterRef("response_ref"))
    )
    return Exists(later)


def _latest_response_of_home(*, year: ReportingYear) -> Subquery:
    latest = _later_responses(year=year).order_by("-completed_on", "-response_ref")
    return Subquery(latest.values("response_ref")[:1])


def _response_group(by: str):
    if by == "channel":
        return F("channel")
    return home_group(by=by, prefix="home__")


def _populations(*, year: ReportingYear, tenure: str, by: str | None) -> dict:
    """N for each group; the key None holds the tenure's whole population (the fallback)."""
    if by not in HOME_BREAKDOWNS:
        return {None: relevant_population(year=year, tenure=tenure)}
    rows = (
        homes_at_year_end(year=year)
        .annotate(breakdown_group=home_group(by=by))
        .values("breakdown_group")
        .annotate(homes=_homes_of(tenure))
        .order_by()
    )
    populations = {row["breakdown_group"]: row["homes"] for row in rows}
    whole = sum(populations.values())
    # Blank fields and responses with no home share "unknown": no known population.
    populations.pop(UNKNOWN, None)
    return populations | {None: whole}


# Explain and warnings ----------------------------------------------------------------------


def _reason_left_out(*, response, answer, filter_answer: str, conventions) -> str:
    superseded = (
        conventions.superseded_responses == "latest"
        and response.latest_ref is not None
        and response.latest_ref != response.response_ref
    )
    if superseded:
        return f"superseded by response {response.latest_ref}"
    if answer is None:
        return "not asked"
    if filter_answer == FilterAnswer.NO:
        return 'filter answered "no" (data error)'
    if answer == DONT_KNOW:
        return "don't know"
    return ""


def _filter_warning(
    *, responses: QuerySet, code: str, filter_field: str, year: ReportingYear
) -> dict | None:
    problems = responses.filter(**{filter_field: FilterAnswer.NO, f"{code.lower()}__isnull": False})
    question = SurveyResponse._meta.get_field(filter_field).verbose_name
    warning = _warning(
        code="filter_no_with_answer",
        problems=problems,
        message=f'{{count}} survey responses in {{year}} answered {code} but said "no" to '
        f'"{question}": these answers are left out of {code} until the filter or '
        "the answer is corrected.",
        year=year,
    )
    if warning:
        warning["measure"] = code
    return warning


def _warning(*, code: str, problems: QuerySet, message: str, year: ReportingYear) -> dict | None:
    refs = list(problems.order_by("response_ref").values_list("response_ref", flat=True)[:EXAMPLES])
    if not refs:
        return None
    count = len(refs) if len(refs) < EXAMPLES else problems.count()
    return {
        "code": code,
        "message": message.format(count=count, year=year.label),
        "count": count,
        "examples": refs,
    }


# Checking the request ----------------------------------------------------------------------


def _check_tenure(tenure: str) -> None:
    if tenure not in TENURES:
        raise PerceptionError(
            f"{tenure!r} is not a tenure Doorstep reports on: choose LCRA, LCHO or combined."
        )


def _check_breakdown(by: str | None) -> None:
    if by is not None and by not in BREAKDOWNS:
        raise PerceptionError(
            f"Perception measures cannot be broken down by {by!r}: choose one of "
            f"{', '.join(BREAKDOWNS)}."
        )


def _check_conventions(conventions: Conventions) -> None:
    allowed = ALLOWED["superseded_responses"]
    if conventions.superseded_responses not in allowed:
        raise PerceptionError(
            f"The convention superseded_responses must be one of {', '.join(allowed)}, "
            f"not {conventions.superseded_responses!r}."
        )


def _unknown_code_message(*, code: str, tenure: str) -> str:
    if code in LCRA_ONLY:
        return f"{code} is reported for LCRA (rented homes) only, not for {tenure}."
    return (
        f"{code!r} is not a perception measure: choose one of "
        f"{', '.join(measure_codes(tenure=tenure))}."
    )
