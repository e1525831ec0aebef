"""What publishing a year freezes: the live figures and everything published beside them.

``snapshot(year=...)`` reads the year as it stands now, through the measures engine (every
measure, part and tenure, perception figures for LCRA and LCHO together too, since the
regulator's return has a combined sheet), the conventions and warnings, the survey's
accuracy, the summary of approach of the year's perception surveys, and the survey context
the regulator asks for. ``services.publish_year`` stores it; the regulator's return can also
be written from a snapshot of a year not yet published (``doorstep tsm return``).

Everything in a snapshot is plain JSON-able data, so a stored version reads back the same.
"""

from dataclasses import asdict, dataclass, field
from datetime import date

from django.db.models import Count, F, FloatField, Q, Sum, Value
from django.db.models.functions import Coalesce

from doorstep.core import survey_stats
from doorstep.core.periods import ReportingYear
from doorstep.measures import perception
from doorstep.measures.engine import compute_measures
from doorstep.measures.models import current_conventions
from doorstep.measures.names import MEASURE_NAMES
from doorstep.measures.results import MeasureResult
from doorstep.measures.scope import homes_at_year_end
from doorstep.surveys.approach import build_approach
from doorstep.surveys.models import SampleExclusion, SampleMethod, Survey, SurveyKind
from doorstep.surveys.weighting import current_weighting

SURVEY_TENURES = ("LCRA", "LCHO", "combined")
# Doorstep's channels as the regulator counts them: a doorstep interview is face to face.
RETURN_CHANNELS = {
    "telephone": "telephone",
    "online": "online",
    "face_to_face": "face_to_face",
    "doorstep": "face_to_face",
    "postal": "postal",
    "sms": "sms",
    "other": "other",
}
REGULATOR_CHANNELS = ("telephone", "online", "face_to_face", "postal", "sms", "other")
FILTER_QUESTIONS = {"TP02": "had_repair", "TP03": "had_repair", "TP09": "made_complaint",
                    "TP10": "has_communal_areas"}


@dataclass
class Snapshot:
    year: str
    measures: list[dict] = field(default_factory=list)
    conventions: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    survey_accuracy: dict = field(default_factory=dict)
    summary_of_approach: list = field(default_factory=list)
    survey_context: dict = field(default_factory=dict)
    repair_counts: dict = field(default_factory=dict)
    homes_owned: int | None = None
    # RP02's target timescales as the analyst wrote them (a published version only).
    repair_targets: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def measure_row(result: MeasureResult) -> dict:
    """One frozen figure: numerator, denominator and value unrounded, details as JSON."""
    return {
        "code": result.code,
        "tenure": result.tenure,
        "name": MEASURE_NAMES.get(result.code, result.code),
        "unit": result.unit,
        "numerator": float(result.numerator),
        "denominator": float(result.denominator),
        "value": result.value,
        "details": _plain(result.details),
    }


def _plain(value):
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return float(value) if hasattr(value, "__float__") else str(value)


def snapshot(*, year: ReportingYear, as_of: date | None = None) -> Snapshot:
    """The year's figures and context as they stand now (complaint clocks read ``as_of``)."""
    conventions = current_conventions()
    measure_set = compute_measures(year=year, conventions=conventions, as_of=as_of)
    results = list(measure_set.measures)
    results += perception.perception_measures(year=year, tenure="combined",
                                              conventions=conventions)
    frozen = Snapshot(year=year.label)
    frozen.measures = [measure_row(result) for result in results]
    frozen.conventions = conventions.as_dict()
    frozen.warnings = _plain(measure_set.warnings)
    frozen.survey_accuracy = _plain(measure_set.survey_accuracy)
    surveys = list(_perception_surveys(year))
    frozen.survey_context = {
        tenure: survey_context(year=year, tenure=tenure, surveys=surveys, conventions=conventions)
        for tenure in SURVEY_TENURES
    }
    frozen.summary_of_approach = (
        [_approach(survey) for survey in surveys] if surveys
        else _approach_from_responses(frozen.survey_context)
    )
    frozen.repair_counts = _repair_counts(results)
    frozen.homes_owned = homes_at_year_end(year=year).count()
    return frozen


def _perception_surveys(year: ReportingYear):
    return Survey.objects.filter(
        year=year.label, kind=SurveyKind.PERCEPTION, includes_tsm=True
    ).order_by("fieldwork_starts", "pk")


def _approach(survey: Survey) -> dict:
    approach = build_approach(survey=survey)
    return {
        "survey": survey.name,
        "sections": [[heading, list(lines)] for heading, lines in approach.sections],
        "missing": list(approach.missing),
    }


def _approach_from_responses(context: dict) -> list:
    """The parts of the summary of approach the responses themselves give, for a year whose
    survey was run outside Doorstep (an agency's file imported): the rest is the agency's."""
    achieved, methods = [], []
    for tenure in ("LCRA", "LCHO"):
        figures = context[tenure]
        if not figures["sample_achieved"]:
            continue
        margin = figures["margin_of_error"]
        achieved.append(
            f"{tenure}: {figures['sample_achieved']:,} responses from a tenant population of "
            f"{figures['relevant_population']:,} households; margin of error "
            + (f"{survey_stats.points_text(margin)}." if margin is not None else "not available.")
        )
        counted = ", ".join(f"{channel.replace('_', ' ')} {n:,}"
                            for channel, n in figures["responses_by_method"].items() if n)
        methods.append(f"{tenure}: {counted}.")
    if not achieved:
        return []
    return [{
        "survey": "Survey responses imported into Doorstep",
        "sections": [
            ["Achieved sample size", achieved],
            ["Collection methods", methods],
            ["Other parts of the summary", [
                "The survey was run outside Doorstep: its sample method, representativeness, "
                "weighting, contractor, exclusions and incentives are described in the "
                "survey agency's report."]],
        ],
        "missing": [],
    }]


def _repair_counts(results: list[MeasureResult]) -> dict:
    """RP02's context counts for both priorities added up, as the return asks for them."""
    totals = {"raised": 0, "completed": 0, "closed_other": 0, "outstanding": 0}
    for result in results:
        if result.code in ("RP02-1", "RP02-2") and result.group is None:
            totals["raised"] += result.details.get("raised", 0)
            totals["completed"] += result.details.get("completed", 0)
            totals["closed_other"] += result.details.get("closed_other", 0)
            totals["outstanding"] += result.details.get("outstanding_at_year_end", 0)
    return totals


def _weight():
    return Coalesce(F("weight"), Value(1.0), output_field=FloatField())


def survey_context(*, year: ReportingYear, tenure: str, surveys: list, conventions) -> dict:
    """The survey columns of the return for one tenure (``combined``: both together)."""
    responses = perception.counted_responses(year=year, tenure=tenure, conventions=conventions)
    achieved = responses.count()
    population = perception.relevant_population(year=year, tenure=tenure)
    context = {
        "relevant_population": population,
        "required_sample": survey_stats.required_sample(population) if population else None,
        "sample_achieved": achieved,
        "margin_of_error": _margin(population=population, responses=achieved),
        "responses_by_method": _by_method(responses),
        "weighted": responses.filter(weight__isnull=False).exists(),
        "filter_counts": _filter_counts(responses),
        "tp01_by_method": _tp01_by_method(year=year, tenure=tenure, conventions=conventions),
        "tp01_unweighted": _tp01_unweighted(responses),
    }
    counted = context["responses_by_method"]
    context["predominant_method"] = max(counted, key=counted.get) if any(counted.values()) else None
    context.update(_from_surveys(surveys=surveys, tenure=tenure))
    return context


def _margin(*, population: int, responses: int) -> float | None:
    if not population or not responses or responses > population:
        return None
    if responses == population:
        return 0.0
    return survey_stats.margin_of_error(population=population, responses=responses)


def _by_method(responses) -> dict:
    counts = dict.fromkeys(REGULATOR_CHANNELS, 0)
    for channel, n in responses.values_list("channel").annotate(n=Count("pk")).order_by():
        counts[RETURN_CHANNELS.get(channel, "other")] += n
    return counts


def _filter_counts(responses) -> dict:
    weight = _weight()
    sums = {}
    for field_name in sorted(set(FILTER_QUESTIONS.values())):
        for answer in ("yes", "no"):
            sums[f"{field_name}:{answer}"] = Sum(
                weight, filter=Q(**{field_name: answer}), output_field=FloatField()
            )
    totals = responses.aggregate(**sums)
    return {
        field_name: {answer: float(totals[f"{field_name}:{answer}"] or 0.0)
                     for answer in ("yes", "no")}
        for field_name in sorted(set(FILTER_QUESTIONS.values()))
    }


def _tp01_by_method(*, year: ReportingYear, tenure: str, conventions) -> dict:
    sums: dict[str, list[float]] = {}
    for result in perception.perception_measures(year=year, tenure=tenure, by="channel",
                                                 conventions=conventions):
        if result.code != "TP01":
            continue
        channel = RETURN_CHANNELS.get(result.group, "other")
        found = sums.setdefault(channel, [0.0, 0.0])
        found[0] += result.numerator
        found[1] += result.denominator
    return {channel: (100 * top / base if base else None) for channel, (top, base) in sums.items()}


def _tp01_unweighted(responses) -> dict:
    counts = dict(responses.values_list("tp01").annotate(n=Count("pk")).order_by())
    named = {name: float(counts.get(answer, 0)) for answer, name in
             perception.SATISFIED_SCALE.items() if answer in perception.SCALE_ANSWERS}
    base = sum(named.values())
    satisfied = named["very_satisfied"] + named["fairly_satisfied"]
    return {"counts": named, "proportion": 100 * satisfied / base if base else None}


def _from_surveys(*, surveys: list, tenure: str) -> dict:
    """What only the survey's own records say: census or sample, exclusions, weighting."""
    if not surveys:
        return {"census_or_sample": None, "excluded": None, "weighting_characteristics": []}
    tenures = ("LCRA", "LCHO") if tenure == "combined" else (tenure,)
    excluded = SampleExclusion.objects.filter(
        survey__in=surveys, home__tenure__in=tenures
    ).count()
    census = all(survey.sample_method == SampleMethod.CENSUS for survey in surveys)
    characteristics = []
    for survey in surveys:
        run = current_weighting(survey=survey)
        if run is not None:
            characteristics += [name for name in run.characteristics
                                if name not in characteristics]
    return {
        "census_or_sample": "Census" if census else "Sample",
        "excluded": excluded,
        "weighting_characteristics": characteristics,
    }
