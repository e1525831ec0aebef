"""The data of the annual complaints performance and service-improvement report.

The Complaint Handling Code asks each landlord to publish, every year, a report on its
complaint handling with its self-assessment against the Code and its governing body's
response. ``annual_report`` gathers everything that report shows; the web page and the PDF
only lay it out.

CH01 and CH02 come from the measures engine (``compute_measures``), so the report gives the
same figures as ``doorstep tsm`` and the TSM return; the volumes by stage and tenure are
CH01's numerators. Everything else is counted over the same complaints: a stage belongs to
the year it started in (received for stage 1, escalation requested for stage 2), and is read
as it stood at the end of ``as_of``.

Time taken is in working days from the stage's start to its response (the calendar the
clocks use), over the stages of the year responded to by ``as_of``.

Learning (Code section 9): the root causes found in the year's complaints, counted, and the
improvements made from them: the improvement actions (``doorstep.actions``) linked to the
year's complaints, with their status and dates, rather than each complaint's free-text
learning. Proposed and dropped actions are not improvements and are left out; a complaint
with learning recorded but no action yet is counted, so the gap shows.
"""

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from doorstep.complaints.models import (
    CodeSection,
    GoverningBodyResponse,
    Outcome,
    SelfAssessment,
)
from doorstep.core.periods import ReportingYear
from doorstep.core.workdays import england_calendar
from doorstep.measures.complaints import complaints_of_year
from doorstep.measures.engine import compute_measures
from doorstep.measures.results import MeasureResult

CODES = ("CH01-1", "CH01-2", "CH02-1", "CH02-2")
NOT_RESPONDED = "Not yet responded to"
WITHDRAWN = "Withdrawn before a response"
NO_OUTCOME = "Responded to, outcome not recorded"
NOT_ASSESSED = "Not yet assessed"

_COLUMNS = (
    "complaint_ref", "category", "received_on", "stage1_responded_on", "stage1_outcome",
    "escalated_on", "stage2_responded_on", "stage2_outcome", "withdrawn_on",
    "compensation_gbp", "root_cause__label", "learning", "id",
)
# Actions in these states are improvements made or under way.
IMPROVEMENT_STATUSES = ("agreed", "in_progress", "done")


@dataclass(frozen=True)
class TimeTaken:
    responses: int
    median_working_days: float | None
    mean_working_days: float | None


@dataclass(frozen=True)
class SectionAssessment:
    number: int
    heading: str
    compliant: str | None  # yes, partly, no; None while not assessed
    compliant_label: str
    evidence: str


@dataclass(frozen=True)
class Improvement:
    """An improvement action made (or under way) from the learning of the year's complaints."""

    action_ref: str
    title: str
    what_will_change: str
    summary_for_residents: str
    status: str
    status_label: str
    agreed_on: date | None
    due_on: date | None
    done_on: date | None
    complaints: int  # the year's complaints it answers
    root_causes: tuple[str, ...]  # theirs, the most frequent first


@dataclass
class AnnualComplaintsReport:
    year: ReportingYear
    as_of: date
    # CH01-1, CH01-2, CH02-1, CH02-2 for LCRA, LCHO and combined, from the measures engine.
    measures: list[MeasureResult]
    # Stage -> tenure -> complaints made in the year (CH01's numerators).
    volumes: dict[int, dict[str, int]]
    # (category, stage 1 complaints, stage 2 complaints), the most frequent first.
    categories: list[tuple[str, int, int]]
    # Stage -> outcome label -> complaints.
    outcomes: dict[int, dict[str, int]]
    time_taken: dict[int, TimeTaken]
    compensation_total_gbp: Decimal
    complaints_with_compensation: int
    root_causes: list[tuple[str, int]]
    improvements: list[Improvement]
    # Complaints of the year with learning recorded, and those of them no action answers yet.
    complaints_with_learning: int
    learning_without_action: list[str]
    self_assessment: list[SectionAssessment]
    governing_body_response: GoverningBodyResponse | None
    # The Code: landlords with over 1,000 homes send the report to the Ombudsman by then.
    submission_due_on: date
    provisional: bool = field(default=False)

    def measure(self, code: str, tenure: str = "combined") -> MeasureResult:
        return next(m for m in self.measures if m.code == code and m.tenure == tenure)


def annual_report(*, year: ReportingYear, as_of: date | None = None) -> AnnualComplaintsReport:
    """Everything the year's annual complaints report shows (see the module notes)."""
    as_of = as_of or timezone.localdate()
    measures = [
        result
        for result in compute_measures(year=year, as_of=as_of).measures
        if result.code in CODES and result.group is None
    ]
    rows = [
        dict(zip(_COLUMNS, row, strict=True))
        for row in complaints_of_year(year=year).order_by("complaint_ref").values_list(*_COLUMNS)
    ]
    stages = {stage: [row for row in rows if _made_in(row, stage=stage, year=year)]
              for stage in (1, 2)}
    compensation = [row["compensation_gbp"] for row in rows if row["compensation_gbp"]]
    improvements, answered = _improvements(rows)
    return AnnualComplaintsReport(
        year=year,
        as_of=as_of,
        measures=measures,
        volumes=_volumes(measures),
        categories=_categories(stages),
        outcomes={stage: _outcomes(stages[stage], stage=stage, as_of=as_of) for stage in (1, 2)},
        time_taken=_time_taken(stages, as_of=as_of),
        compensation_total_gbp=sum(compensation, Decimal("0")),
        complaints_with_compensation=len(compensation),
        root_causes=_root_causes(rows),
        improvements=improvements,
        complaints_with_learning=sum(1 for row in rows if row["learning"]),
        learning_without_action=[
            row["complaint_ref"] for row in rows if row["learning"] and row["id"] not in answered
        ],
        self_assessment=self_assessment(year=year),
        governing_body_response=GoverningBodyResponse.objects.filter(year=year.label).first(),
        submission_due_on=date(year.first_year + 1, 9, 30),
        provisional=any(m.details.get("provisional") for m in measures),
    )


def _root_causes(rows: list[dict]) -> list[tuple[str, int]]:
    counts = Counter(row["root_cause__label"] for row in rows if row["root_cause__label"])
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _improvements(rows: list[dict]) -> tuple[list[Improvement], set[int]]:
    """The actions linked to these complaints, and the complaints some such action answers."""
    from doorstep.actions.models import Action

    cause_of = {row["id"]: row["root_cause__label"] for row in rows}
    links = Action.complaints.through.objects.filter(
        complaint_id__in=list(cause_of), action__status__in=IMPROVEMENT_STATUSES,
    ).values_list("action_id", "complaint_id")
    answering: dict[int, list[int]] = {}
    for action_id, complaint_id in links:
        answering.setdefault(action_id, []).append(complaint_id)
    actions = Action.objects.filter(pk__in=list(answering))
    improvements = []
    for action in actions:
        answered = answering[action.pk]
        causes = Counter(cause_of[pk] for pk in answered if cause_of[pk])
        improvements.append(Improvement(
            action_ref=action.action_ref, title=action.title,
            what_will_change=action.what_will_change,
            summary_for_residents=action.summary_for_residents,
            status=action.status, status_label=action.get_status_display(),
            agreed_on=action.agreed_on, due_on=action.due_on, done_on=action.done_on,
            complaints=len(answered),
            root_causes=tuple(cause for cause, _ in sorted(
                causes.items(), key=lambda item: (-item[1], item[0]))),
        ))
    # Done first (the most recent first), then the rest by their due date.
    improvements.sort(key=_improvement_order)
    return improvements, {pk for pks in answering.values() for pk in pks}


def _improvement_order(item: Improvement) -> tuple:
    if item.status == "done" and item.done_on:
        return (0, -item.done_on.toordinal(), item.action_ref)
    return (1, item.due_on or date.max, item.action_ref)


def self_assessment(*, year: ReportingYear) -> list[SectionAssessment]:
    """Every section of the Code with the year's assessment, or "not yet assessed"."""
    assessed = {
        assessment.section_id: assessment
        for assessment in SelfAssessment.objects.filter(year=year.label)
    }
    sections = []
    for section in CodeSection.objects.order_by("number"):
        assessment = assessed.get(section.pk)
        sections.append(SectionAssessment(
            number=section.number,
            heading=section.heading,
            compliant=assessment.compliant if assessment else None,
            compliant_label=assessment.get_compliant_display() if assessment else NOT_ASSESSED,
            evidence=assessment.evidence if assessment else "",
        ))
    return sections


def _made_in(row: dict, *, stage: int, year: ReportingYear) -> bool:
    start = row["received_on"] if stage == 1 else row["escalated_on"]
    return start is not None and start in year


def _volumes(measures: list[MeasureResult]) -> dict[int, dict[str, int]]:
    return {
        stage: {
            m.tenure: int(m.numerator) for m in measures if m.code == f"CH01-{stage}"
        }
        for stage in (1, 2)
    }


def _categories(stages: dict[int, list[dict]]) -> list[tuple[str, int, int]]:
    counts = {stage: Counter(row["category"] or "uncategorised" for row in stages[stage])
              for stage in (1, 2)}
    names = set(counts[1]) | set(counts[2])
    return sorted(
        ((name, counts[1][name], counts[2][name]) for name in names),
        key=lambda item: (-item[1] - item[2], item[0]),
    )


def _outcomes(rows: list[dict], *, stage: int, as_of: date) -> dict[str, int]:
    labels = dict(Outcome.choices)
    counts = Counter()
    for row in rows:
        responded = row[f"stage{stage}_responded_on"]
        withdrawn = row["withdrawn_on"]
        responded = responded if responded and responded <= as_of else None
        withdrawn = withdrawn if withdrawn and withdrawn <= as_of else None
        if withdrawn and (responded is None or withdrawn < responded):
            counts[WITHDRAWN] += 1
        elif responded is None:
            counts[NOT_RESPONDED] += 1
        else:
            counts[labels.get(row[f"stage{stage}_outcome"], NO_OUTCOME)] += 1
    order = [*labels.values(), NO_OUTCOME, WITHDRAWN, NOT_RESPONDED]
    return {label: counts[label] for label in order if counts[label]}


def _time_taken(stages: dict[int, list[dict]], *, as_of: date) -> dict[int, TimeTaken]:
    calendar = england_calendar()
    taken = {}
    for stage, rows in stages.items():
        start = "received_on" if stage == 1 else "escalated_on"
        days = [
            calendar.working_days_between(row[start], row[f"stage{stage}_responded_on"])
            for row in rows
            if row[f"stage{stage}_responded_on"] and row[f"stage{stage}_responded_on"] <= as_of
        ]
        taken[stage] = TimeTaken(
            responses=len(days),
            median_working_days=float(statistics.median(days)) if days else None,
            mean_working_days=statistics.fmean(days) if days else None,
        )
    return taken


# --- what an administrator records for the report ---------------------------------------


class ReportError(ValueError):
    """Something the report's records cannot hold, in words fit to show as they are."""


def record_self_assessment(
    *, year: ReportingYear, section_number: int, compliant: str, evidence: str, by
) -> SelfAssessment:
    """Record (or replace) the year's assessment against one section of the Code."""
    from doorstep.complaints.models import Compliance

    section = CodeSection.objects.filter(number=section_number).first()
    if section is None:
        raise ReportError(f"The Complaint Handling Code has no section {section_number}")
    if compliant not in Compliance.values:
        raise ReportError("Choose whether the landlord is compliant, partly or not compliant")
    if not evidence.strip():
        raise ReportError("Give the evidence for the assessment")
    if compliant != Compliance.YES and len(evidence.strip()) < 20:
        # The Code asks for the actions and timescales wherever a landlord falls short.
        raise ReportError(
            "Say what will be done to comply, and by when: the Code asks for actions and "
            "timescales wherever a section is not fully met"
        )
    assessment, _ = SelfAssessment.objects.update_or_create(
        year=year.label, section=section,
        defaults={"compliant": compliant, "evidence": evidence.strip(), "updated_by": by},
    )
    return assessment


def record_governing_body_response(
    *, year: ReportingYear, text: str, member: str, responded_on: date, by
) -> GoverningBodyResponse:
    """Record (or replace) the governing body's response to the year's report."""
    if not text.strip():
        raise ReportError("Enter the governing body's response")
    if not member.strip():
        raise ReportError("Enter the name of the member responsible for complaints")
    if responded_on > timezone.localdate():
        raise ReportError("The date of the response cannot be in the future")
    if responded_on < year.start:
        raise ReportError(
            f"The response to the {year.label} report cannot be dated before the year began"
        )
    response, _ = GoverningBodyResponse.objects.update_or_create(
        year=year.label,
        defaults={"text": text.strip(), "member": member.strip(),
                  "responded_on": responded_on, "recorded_by": by},
    )
    return response


def governing_body_response(*, year: ReportingYear) -> GoverningBodyResponse | None:
    return GoverningBodyResponse.objects.filter(year=year.label).first()
