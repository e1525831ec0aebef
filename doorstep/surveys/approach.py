"""The summary of approach published with the perception measures, from the survey's records.

Every item the regulator asks landlords to publish (``../shared/spec/measures.md``) has a
section. Figures come from the survey itself (responses, sample, exclusions, weighting,
representativeness tests); the parts only a person can write (the contractor's role,
incentives, why a required sample was missed, commentary, other issues) come from the
survey's ``ApproachNotes``. A part still to be written shows as "[To be written: ...]" and
is listed in ``missing``, so nothing unfinished is published by accident.
"""

import html
import re
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min
from django.utils.html import strip_tags

from doorstep.core import survey_stats
from doorstep.surveys.models import (
    ApproachNotes,
    Channel,
    ExclusionReason,
    SampleMethod,
    Survey,
    SurveyKind,
)
from doorstep.surveys.representativeness import representativeness
from doorstep.surveys.sampling import required_samples, tenures_of
from doorstep.surveys.weighting import counted_responses, current_weighting

CHANNEL_NAMES = dict(Channel.choices)
REASON_NAMES = dict(ExclusionReason.choices)


# What is left of a tag once the tags are stripped: a "<" that starts one ("<img ...", unclosed).
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def staff_text(text: str) -> str:
    """A part written by staff as plain text: whatever HTML was typed is stripped (a tag's
    text is kept, the tag is not), so neither the page, the download nor a PDF made from
    them carries markup a person typed. A "<" that could still open a tag is written as a
    word-safe "‹"; "a < b" is left alone."""
    plain = html.unescape(strip_tags(text or ""))  # "&lt;b&gt;" typed is a tag too
    return _TAG_START.sub("‹", plain).strip()


@dataclass
class Approach:
    survey: Survey
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def human(self, text: str, *, item: str) -> str:
        text = staff_text(text)
        if text:
            return text
        self.missing.append(item)
        return f"[To be written: {item}]"


def build_approach(*, survey: Survey) -> Approach:
    notes = ApproachNotes.objects.filter(survey=survey).first() or ApproachNotes(survey=survey)
    approach = Approach(survey=survey)
    accuracy = _accuracy(survey=survey)
    approach.sections = [
        ("Achieved sample size", _achieved(accuracy)),
        ("Timing of the survey", _timing(survey)),
        ("Collection methods", _methods(survey)),
        ("Sample method", _sample_method(survey)),
        ("Representativeness", _representativeness(survey, notes, approach)),
        ("Weighting", _weighting(survey)),
        ("External contractor", [approach.human(notes.contractor, item="the role of any "
                                 "external contractor, or that none was used")]),
        ("Households excluded from the sample frame", _exclusions(survey)),
        ("Reasons for missing the required sample size", _missed(accuracy, notes, approach)),
        ("Incentives", [approach.human(notes.incentives, item="the incentives offered, or that "
                        "there were none")]),
        ("Other methodological issues", _other_issues(survey, notes, approach)),
    ]
    return approach


def _accuracy(*, survey: Survey) -> list[dict]:
    achieved = dict(
        counted_responses(survey=survey).values_list("tenure").annotate(n=Count("pk")).order_by()
    )
    census = survey.sample_method == SampleMethod.CENSUS
    rows = []
    for tenure, figures in required_samples(survey=survey).items():
        households, responses = figures["population"], achieved.get(tenure, 0)
        row = {"tenure": tenure, "responses": responses, **figures, "margin": None,
               "meets": False}
        if households and 0 < responses <= households:
            row["margin"] = 0.0 if responses == households else survey_stats.margin_of_error(
                population=households, responses=responses)
            row["meets"] = survey_stats.meets_requirement(
                population=households, responses=responses, census=census)
        rows.append(row)
    return rows


def _achieved(accuracy: list[dict]) -> list[str]:
    lines = []
    for row in accuracy:
        if not row["population"]:
            lines.append(f"{row['tenure']}: no households in the tenant population.")
            continue
        margin = survey_stats.points_text(row["margin"]) or "not available"
        required = survey_stats.points_text(row["required_margin"], 0)
        lines.append(
            f"{row['tenure']}: {row['responses']:,} responses from a tenant population of "
            f"{row['population']:,} households (required minimum sample "
            f"{row['required_sample']:,.1f} for {required} at 95% "
            f"confidence); margin of error achieved {margin}."
        )
    return lines


def _timing(survey: Survey) -> list[str]:
    dates = counted_responses(survey=survey).aggregate(first=Min("completed_on"),
                                                        last=Max("completed_on"))
    lines = [f"Fieldwork ran from {_day(survey.fieldwork_starts)} to "
             f"{_day(survey.fieldwork_ends)} (reporting year {survey.year})."]
    if dates["first"]:
        lines.append(f"Responses were received between {_day(dates['first'])} and "
                     f"{_day(dates['last'])}.")
    return lines


def _methods(survey: Survey) -> list[str]:
    counts = (
        counted_responses(survey=survey).values_list("channel").annotate(n=Count("pk"))
        .order_by("-n", "channel")
    )
    lines = [f"{CHANNEL_NAMES.get(channel, channel)}: {n:,} responses" for channel, n in counts]
    return lines or ["No responses have been recorded yet."]


def _sample_method(survey: Survey) -> list[str]:
    if survey.sample_method == SampleMethod.CENSUS:
        invited = survey.sample.count()
        return [f"A census: all {invited:,} households in the sample frame were invited."]
    if survey.sample_method == SampleMethod.STRATIFIED:
        by_tenure = dict(survey.sample.values_list("tenure").annotate(n=Count("pk")).order_by())
        invited = "; ".join(f"{tenure} {n:,}" for tenure, n in sorted(by_tenure.items()))
        return [
            "A stratified random sample by area and tenure: each tenure's invitations were "
            "shared between its areas in proportion to the number of households, and "
            "households were chosen at random within each area "
            f"(Doorstep draw, seed {survey.sample_seed}).",
            f"Households invited: {invited}.",
        ]
    if survey.kind != SurveyKind.PERCEPTION:
        return ["Residents were invited after the service they received (a transactional "
                "survey), not sampled from the population."]
    return ["No sample has been drawn in Doorstep for this survey."]


def _representativeness(survey: Survey, notes: ApproachNotes, approach: Approach) -> list[str]:
    checks = representativeness(survey=survey)
    lines = [
        "Respondents were compared with the tenant population on "
        + ", ".join(check["label"].lower() for check in checks)
        + " (chi-square goodness-of-fit tests at the 5% level)."
    ]
    lines.extend(check["verdict"] for check in checks)
    lines.append(approach.human(notes.representativeness,
                                item="commentary on how representative the respondents are"))
    return lines


def _weighting(survey: Survey) -> list[str]:
    run = current_weighting(survey=survey)
    if run is None:
        return ["No weighting was applied: every response counts once."]
    names = ", ".join(run.characteristics)
    return [
        f"Responses were weighted by raking (iterative proportional fitting) to the tenant "
        f"population's profile by {names}.",
        f"Weights were trimmed to between {run.floor:g} and {run.cap:g} times the mean "
        f"({run.trimmed} responses trimmed); design effect {run.design_effect:.2f}, effective "
        f"sample size {run.effective_sample:,.0f} of {run.responses:,} responses."
        + ("" if run.margins_met else " After trimming the weighted profile does not match "
           "the population exactly."),
    ]


def _exclusions(survey: Survey) -> list[str]:
    rows = survey.exclusions.values_list("home__tenure", "reason").annotate(n=Count("pk"))
    rows = sorted(rows.order_by())
    if not rows:
        return ["No households were excluded from the sample frame."]
    total = sum(n for _, _, n in rows)
    were = "household was" if total == 1 else "households were"
    lines = [f"{total:,} {were} excluded from the sample frame:"]
    lines.extend(f"{tenure}: {n:,} \u2014 {REASON_NAMES.get(reason, reason)}"
                 for tenure, reason, n in rows)
    others = survey.exclusions.filter(reason=ExclusionReason.OTHER).values_list("note", flat=True)
    lines.extend(f"Other reason given: {note}" for note in sorted(set(others)))
    return lines


def _missed(accuracy: list[dict], notes: ApproachNotes, approach: Approach) -> list[str]:
    missed = [row["tenure"] for row in accuracy if row["population"] and not row["meets"]]
    if not missed:
        return ["The required sample size was met."]
    return [
        f"The required sample size was not met for {', '.join(missed)}.",
        approach.human(notes.missed_sample_reasons,
                       item="why the required sample size was not met"),
    ]


def _other_issues(survey: Survey, notes: ApproachNotes, approach: Approach) -> list[str]:
    lines = [approach.human(notes.other_issues, item="other methodological issues, including "
                            "anything that affects comparison with last year")]
    previous = _previous_survey(survey)
    if previous is not None:
        lines.append(_channel_mix_change(previous=previous, current=survey))
    return lines


def _previous_survey(survey: Survey) -> Survey | None:
    return (
        Survey.objects.filter(kind=survey.kind, tenure_scope=survey.tenure_scope,
                              fieldwork_starts__lt=survey.fieldwork_starts)
        .exclude(year=survey.year).order_by("-fieldwork_starts").first()
    )


def _channel_mix_change(*, previous: Survey, current: Survey) -> str:
    # Postal surveys report higher satisfaction than online ones, so a shift in the mix of
    # channels can move the results on its own: say so beside last year's figures.
    def mix(survey):
        counts = dict(counted_responses(survey=survey).values_list("channel")
                      .annotate(n=Count("pk")).order_by())
        total = sum(counts.values()) or 1
        return {channel: n / total for channel, n in counts.items()}

    before, now = mix(previous), mix(current)
    described = "; ".join(
        f"{CHANNEL_NAMES.get(channel, channel)} {100 * before.get(channel, 0):.0f}% \u2192 "
        f"{100 * now.get(channel, 0):.0f}%"
        for channel in sorted(set(before) | set(now))
    )
    return (f"Mix of collection methods compared with {previous.name} ({previous.year}): "
            f"{described}. Satisfaction differs by method, so part of any change may come "
            "from the change of method.")


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"


def render(approach: Approach, *, markdown: bool = True) -> str:
    survey = approach.survey
    title = f"Summary of approach: {survey.name} ({survey.year})"
    scope = ", ".join(tenures_of(survey))
    out = [f"# {title}" if markdown else f"{title}\n{'=' * len(title)}", "",
           f"{survey.get_kind_display()} of {scope} households.", ""]
    for number, (heading, lines) in enumerate(approach.sections, start=1):
        heading = f"{number}. {heading}"
        out.append(f"## {heading}" if markdown else f"{heading}\n{'-' * len(heading)}")
        out.append("")
        out.extend(f"- {line}" if markdown and len(lines) > 1 else line for line in lines)
        out.append("")
    return "\n".join(out).rstrip() + "\n"
