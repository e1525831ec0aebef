"""Complaint casework: one function per transition, and each case's deadlines.

Every transition checks the complaint's state, makes its change and writes a
``ComplaintActivity`` row (who, when, what, each field before and after) in one
transaction, with the complaint's row locked so two handlers cannot act on stale state. A
change the Code or the case's state does not allow raises ``CaseworkError`` (a ValueError)
whose message can be shown to the handler as it is.

Transitions act on the instance passed in and update it, so a caller can keep using it.
Dates are the days things happened; they may be entered after the event, but never in the
future.

The deadlines come from ``doorstep.complaints.clocks``, the same clocks CH02 uses, so a case
page and the measure cannot disagree.
"""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from uuid import uuid4

from django.db import transaction
from django.utils import timezone

from doorstep.complaints import clocks
from doorstep.complaints.models import (
    Complaint,
    ComplaintActivity,
    ComplaintChannel,
    ComplaintTeam,
    Outcome,
    RootCause,
)
from doorstep.core.activity import log_opening, save_and_log
from doorstep.core.signals import records_arrived
from doorstep.core.workdays import WorkingDayCalendar, england_calendar
from doorstep.stock.models import Tenure

# Shown beside the "log a complaint" form: the Code's definition, and its line between a
# complaint and a service request.
COMPLAINT_GUIDANCE = (
    "A complaint is an expression of dissatisfaction, however made, about the standard of "
    "service, actions or lack of action by us, our staff or anyone acting for us, affecting "
    "a resident or a group of residents. The resident does not have to use the word "
    '"complaint".'
)
SERVICE_REQUEST_GUIDANCE = (
    "A service request is a request to put something right, such as reporting a repair: "
    "raise it as a service request, not a complaint. If the resident is unhappy with how a "
    "service request has been handled (a repair missed, a promise broken, a slow reply), "
    "that is a complaint: log it, and link the repair or give the service request's "
    "reference. If the resident asks for something to be treated as a complaint, log it."
)

DUE = "due"
OVERDUE = "overdue"
MET = "met"
MISSED = "missed"
NOT_NEEDED = "not_needed"

REFERENCE_PREFIX = "DS-"


class CaseworkError(ValueError):
    """A change the Complaint Handling Code or the case's state does not allow."""


# --- logging a complaint ---------------------------------------------------------------


@transaction.atomic
def log_complaint(
    *,
    by,
    received_on: date,
    channel: str,
    home=None,
    tenure: str = "",
    category: str = "",
    description: str = "",
    complaint_ref: str = "",
    service_request_repair=None,
    service_request_ref: str = "",
    team: ComplaintTeam | None = None,
    stage1_handler=None,
) -> Complaint:
    """Log a new stage 1 complaint; with no ``complaint_ref`` Doorstep gives it one (DS-...)."""
    _check_choice(channel, ComplaintChannel, what="a channel")
    _not_future(received_on, what="The date the complaint was received")
    tenure = _tenure(home=home, tenure=tenure)
    complaint_ref = complaint_ref.strip()
    if complaint_ref and Complaint.objects.filter(complaint_ref=complaint_ref).exists():
        raise CaseworkError(
            f"There is already a complaint {complaint_ref}: open it rather than log it again"
        )
    complaint = Complaint.objects.create(
        complaint_ref=complaint_ref or f"new-{uuid4().hex}",
        home=home,
        tenure=tenure,
        received_on=received_on,
        channel=channel,
        category=category.strip(),
        description=description,
        service_request_repair=service_request_repair,
        service_request_ref=service_request_ref.strip(),
        team=team,
        stage1_handler=stage1_handler,
    )
    if not complaint_ref:
        # The primary key makes a short reference no one else can take at the same moment.
        complaint.complaint_ref = f"{REFERENCE_PREFIX}{complaint.pk:06d}"
        complaint.save(update_fields=["complaint_ref"])
    fields = [
        "complaint_ref", "home_id", "tenure", "received_on", "channel", "category",
        "description", "service_request_repair_id", "service_request_ref", "team_id",
        "stage1_handler_id",
    ]
    log_opening(
        ComplaintActivity, record=complaint, by=by, action="logged", fields=fields,
        summary=f"Complaint logged: received {_day(received_on)} by "
        f"{ComplaintChannel(channel).label.lower()}",
    )
    if description.strip():  # the resident's words, coded in the background once saved
        transaction.on_commit(lambda: records_arrived.send(sender=Complaint,
                                                           dataset="complaints"))
    return complaint


def _tenure(*, home, tenure: str) -> str:
    if home is None:
        if tenure not in Tenure.values:
            raise CaseworkError(
                "Say which tenure the resident has (LCRA or LCHO) when the complaint is not "
                "linked to a home"
            )
        return tenure
    if tenure and tenure != home.tenure:
        raise CaseworkError(
            f"The tenure given ({tenure}) is not the tenure of home {home.home_ref} "
            f"({home.tenure})"
        )
    return home.tenure


# --- transitions ----------------------------------------------------------------------


@transaction.atomic
def acknowledge(*, complaint: Complaint, by, on: date) -> Complaint:
    """Acknowledge the complaint at the stage it is at."""
    case = _locked(complaint)
    stage = case.stage
    _open_stage(case, stage=stage, doing="acknowledge it")
    if _stage_value(case, stage, "acknowledged_on"):
        raise CaseworkError(
            f"Stage {stage} was already acknowledged on "
            f"{_day(_stage_value(case, stage, 'acknowledged_on'))}"
        )
    _on_or_after_start(case, stage=stage, day=on, what="The acknowledgement")
    return _change(
        complaint, case, by=by, action=f"stage{stage}_acknowledged",
        summary=f"Stage {stage} acknowledged on {_day(on)}",
        changes={f"stage{stage}_acknowledged_on": on},
    )


@transaction.atomic
def extend(
    *, complaint: Complaint, by, working_days: int, reason: str, notified_on: date
) -> Complaint:
    """Extend the response deadline at the current stage, with the reason told to the resident.

    Extensions add up: the total at a stage can be at most 10 working days at stage 1 and 20
    at stage 2 (the Code's limits).
    """
    case = _locked(complaint)
    stage = case.stage
    _open_stage(case, stage=stage, doing="extend its deadline")
    if working_days < 1:
        raise CaseworkError("An extension must be at least 1 working day")
    if not reason.strip():
        raise CaseworkError("Give the reason for the extension: the resident must be told why")
    longest = clocks.TIMESCALES[stage][2]
    already = _stage_value(case, stage, "extension_days") or 0
    if already + working_days > longest:
        left = longest - already
        raise CaseworkError(
            f"A stage {stage} extension can be at most {longest} working days under the "
            f"Complaint Handling Code. This complaint already has {already}, so "
            + (f"at most {left} more can be given." if left else "no more can be given.")
        )
    _on_or_after_start(case, stage=stage, day=notified_on, what="The date the resident was told")
    total = already + working_days
    new_deadline = _respond_by(case, stage=stage, extension_days=total)
    return _change(
        complaint, case, by=by, action=f"stage{stage}_extended",
        summary=f"Stage {stage} response extended by {_working_days(working_days)} to "
        f"{_day(new_deadline)}; the resident was told on {_day(notified_on)}. "
        f"Reason: {reason.strip()}",
        changes={
            f"stage{stage}_extension_days": total,
            f"stage{stage}_extension_reason": reason.strip(),
            f"stage{stage}_extension_notified_on": notified_on,
        },
    )


@transaction.atomic
def respond_at_stage1(*, complaint: Complaint, by, on: date, outcome: str) -> Complaint:
    """Record the stage 1 response and its outcome."""
    return _respond(complaint, stage=1, by=by, on=on, outcome=outcome)


@transaction.atomic
def respond_at_stage2(*, complaint: Complaint, by, on: date, outcome: str) -> Complaint:
    """Record the final (stage 2) response; it needs a stage 2 handler assigned first."""
    return _respond(complaint, stage=2, by=by, on=on, outcome=outcome)


def _respond(complaint: Complaint, *, stage: int, by, on: date, outcome: str) -> Complaint:
    case = _locked(complaint)
    if case.stage != stage:
        raise CaseworkError(
            "This complaint has been escalated: record the stage 2 response"
            if case.stage == 2
            else "This complaint has not been escalated to stage 2"
        )
    _open_stage(case, stage=stage, doing="record a response")
    _check_choice(outcome, Outcome, what="an outcome")
    if stage == 2 and case.stage2_handler_id is None:
        raise CaseworkError(
            "Assign a stage 2 handler before recording the final response: the Code requires "
            "someone other than the stage 1 handler to give it"
        )
    _on_or_after_start(case, stage=stage, day=on, what="The response")
    acknowledged_on = _stage_value(case, stage, "acknowledged_on")
    if acknowledged_on and on < acknowledged_on:
        raise CaseworkError(
            f"The response date {_day(on)} is before the acknowledgement on {_day(acknowledged_on)}"
        )
    return _change(
        complaint, case, by=by, action=f"stage{stage}_responded",
        summary=f"Stage {stage} response given on {_day(on)}: {Outcome(outcome).label.lower()}",
        changes={f"stage{stage}_responded_on": on, f"stage{stage}_outcome": outcome},
    )


@transaction.atomic
def escalate(*, complaint: Complaint, by, requested_on: date, reason: str = "") -> Complaint:
    """Take the complaint to stage 2: the resident asked for it after the stage 1 response."""
    case = _locked(complaint)
    if case.withdrawn_on:
        raise CaseworkError(f"The complaint was withdrawn on {_day(case.withdrawn_on)}")
    if case.escalated_on:
        raise CaseworkError(f"The complaint was already escalated on {_day(case.escalated_on)}")
    if case.stage1_responded_on is None:
        raise CaseworkError(
            "Stage 1 has no response yet: a complaint goes to stage 2 when the resident is "
            "unhappy with the stage 1 response"
        )
    _not_future(requested_on, what="The escalation request")
    if requested_on < case.stage1_responded_on:
        raise CaseworkError(
            f"The escalation request ({_day(requested_on)}) is before the stage 1 response "
            f"({_day(case.stage1_responded_on)})"
        )
    return _change(
        complaint, case, by=by, action="escalated",
        summary=f"Escalated to stage 2 at the resident's request of {_day(requested_on)}",
        changes={"escalated_on": requested_on, "escalation_reason": reason.strip()},
    )


@transaction.atomic
def assign_stage1_handler(*, complaint: Complaint, by, handler) -> Complaint:
    case = _locked(complaint)
    _open_stage(case, stage=1, doing="change its stage 1 handler")
    if handler is not None and handler.pk == case.stage2_handler_id:
        raise CaseworkError(f"{_name(handler)} is this complaint's stage 2 handler")
    return _change(
        complaint, case, by=by, action="stage1_handler_assigned",
        summary=f"Stage 1 handler: {_name(handler)}",
        changes={"stage1_handler_id": handler.pk if handler else None},
    )


@transaction.atomic
def assign_stage2_handler(*, complaint: Complaint, by, handler) -> Complaint:
    """Assign who gives the final response: never the person who handled stage 1."""
    case = _locked(complaint)
    if not case.escalated_on:
        raise CaseworkError("The complaint has not been escalated to stage 2")
    _open_stage(case, stage=2, doing="change its stage 2 handler")
    if handler is None:
        raise CaseworkError("Choose who will handle stage 2")
    if handler.pk == case.stage1_handler_id:
        raise CaseworkError(
            f"{_name(handler)} handled stage 1. The Complaint Handling Code requires the "
            "stage 2 response to come from someone else: choose another handler."
        )
    return _change(
        complaint, case, by=by, action="stage2_handler_assigned",
        summary=f"Stage 2 handler: {_name(handler)}",
        changes={"stage2_handler_id": handler.pk},
    )


@transaction.atomic
def assign_team(*, complaint: Complaint, by, team: ComplaintTeam | None) -> Complaint:
    case = _locked(complaint)
    return _change(
        complaint, case, by=by, action="team_assigned",
        summary=f"Team: {team.name if team else 'none'}",
        changes={"team_id": team.pk if team else None},
    )


@transaction.atomic
def withdraw(*, complaint: Complaint, by, on: date, reason: str) -> Complaint:
    """The resident withdrew the complaint before the current stage's response."""
    case = _locked(complaint)
    _open_stage(case, stage=case.stage, doing="withdraw it")
    if not reason.strip():
        raise CaseworkError("Record why the complaint was withdrawn")
    _on_or_after_start(case, stage=case.stage, day=on, what="The withdrawal")
    return _change(
        complaint, case, by=by, action="withdrawn",
        summary=f"Withdrawn by the resident on {_day(on)}. Reason: {reason.strip()}",
        changes={"withdrawn_on": on, "withdrawal_reason": reason.strip()},
    )


@transaction.atomic
def record_remedy(
    *, complaint: Complaint, by, remedies: str, compensation_gbp: Decimal | None = None
) -> Complaint:
    """What was done to put things right, and any compensation paid or offered."""
    case = _locked(complaint)
    if compensation_gbp is not None:
        compensation_gbp = Decimal(compensation_gbp)
        if compensation_gbp < 0:
            raise CaseworkError("Compensation cannot be a negative amount")
    if not remedies.strip() and compensation_gbp is None:
        raise CaseworkError("Describe the remedy or give the compensation amount")
    money = "" if compensation_gbp is None else f"; compensation £{compensation_gbp:,.2f}"
    return _change(
        complaint, case, by=by, action="remedy_recorded",
        summary=f"Remedy recorded{money}",
        changes={"remedies": remedies.strip(), "compensation_gbp": compensation_gbp},
    )


@transaction.atomic
def record_learning(
    *, complaint: Complaint, by, learning: str, root_cause: RootCause | None = None
) -> Complaint:
    """The root cause (one of the list) and what the landlord learned (Code section 9).

    The annual report counts the root causes and lists the actions linked to the
    complaints; "you said, we did" counts them under the cause's theme.
    """
    case = _locked(complaint)
    if not learning.strip():
        raise CaseworkError("Describe what was learned")
    if root_cause is not None and not RootCause.objects.filter(pk=root_cause.pk).exists():
        raise CaseworkError("Choose a root cause from the list")
    return _change(
        complaint, case, by=by, action="learning_recorded",
        summary="Learning recorded" + (f": root cause {root_cause.label}" if root_cause else ""),
        changes={"learning": learning.strip(), "root_cause_id": root_cause and root_cause.pk},
    )


LETTER_FIELDS = ("understanding", "outcomes_sought", "stage1_reasons", "stage2_reasons",
                 "remedies", "remedy_due_on")


@transaction.atomic
def record_letter_parts(*, complaint: Complaint, by, **parts) -> Complaint:
    """What the acknowledgement and response letters say (see letters.py), logged."""
    unknown = set(parts) - set(LETTER_FIELDS)
    if unknown:
        raise CaseworkError(f"Not a part of a letter: {', '.join(sorted(unknown))}")
    case = _locked(complaint)
    changes = {name: value.strip() if isinstance(value, str) else value
               for name, value in parts.items()}
    return _change(complaint, case, by=by, action="letter_parts_recorded",
                   summary="Letter wording recorded", changes=changes)


def root_causes_offered():
    """The root causes a handler can choose: those in use, in the administrator's order."""
    return RootCause.objects.filter(in_use=True).order_by("position", "label")


def root_cause_spellings() -> dict[str, int]:
    """Every root cause by its code and by its label (for the import), any case."""
    spellings = {}
    for pk, code, label in RootCause.objects.values_list("pk", "code", "label"):
        spellings[code.lower()] = pk
        spellings[label.lower()] = pk
    return spellings


# --- shared checks and the activity log -------------------------------------------------


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _change(complaint: Complaint, case: Complaint, **change) -> Complaint:
    """Save the change on the locked ``case``, log it, and mirror it on ``complaint``."""
    return save_and_log(ComplaintActivity, record=complaint, locked=case, **change)


def _stage_value(case: Complaint, stage: int, name: str):
    return getattr(case, f"stage{stage}_{name}")


def _stage_start(case: Complaint, stage: int) -> date:
    return case.received_on if stage == 1 else case.escalated_on


def _open_stage(case: Complaint, *, stage: int, doing: str) -> None:
    if case.withdrawn_on:
        raise CaseworkError(
            f"The complaint was withdrawn on {_day(case.withdrawn_on)}: you cannot {doing}"
        )
    responded_on = _stage_value(case, stage, "responded_on")
    if responded_on:
        raise CaseworkError(
            f"Stage {stage} was responded to on {_day(responded_on)}: you cannot {doing}"
        )


def _on_or_after_start(case: Complaint, *, stage: int, day: date, what: str) -> None:
    _not_future(day, what=what)
    start = _stage_start(case, stage)
    if day < start:
        started = "received" if stage == 1 else "escalated"
        raise CaseworkError(
            f"{what} ({_day(day)}) is before the complaint was {started} ({_day(start)})"
        )


def _not_future(day: date, *, what: str) -> None:
    if day > timezone.localdate():
        raise CaseworkError(f"{what} ({_day(day)}) is in the future")


def _check_choice(value: str, choices, *, what: str) -> None:
    if value not in choices.values:
        allowed = ", ".join(label.lower() for label in choices.labels)
        raise CaseworkError(f"{value!r} is not {what}: choose one of {allowed}")


def _respond_by(case: Complaint, *, stage: int, extension_days: int) -> date:
    clock = clocks.stage_timeliness(
        stage=stage,
        received_on=_stage_start(case, stage),
        acknowledged_on=_stage_value(case, stage, "acknowledged_on"),
        responded_on=None,
        extension_days=extension_days,
        withdrawn_on=None,
        as_of=max(timezone.localdate(), _stage_start(case, stage)),
        calendar=england_calendar(),
    )
    return clock.respond_by




def _name(user) -> str:
    if user is None:
        return "nobody"
    return user.get_full_name() or user.get_username()


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _working_days(n: int) -> str:
    return f"{n} working day{'s' if n != 1 else ''}"


# --- deadlines ------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """One of a case's Code deadlines, where it stands, and that in plain English."""

    stage: int
    task: str  # "acknowledge" or "respond"
    due_on: date
    done_on: date | None
    status: str  # met, missed, due, overdue or not_needed
    description: str
    # Negative once overdue; None when done or no longer needed.
    working_days_left: int | None = None

    @property
    def label(self) -> str:
        what = "acknowledgement" if self.task == "acknowledge" else "response"
        return f"Stage {self.stage} {what}"


@dataclass(frozen=True)
class CaseClocks:
    deadlines: list[Deadline]
    # Stage -> where the stage stands for CH02, in plain English.
    verdicts: dict[int, str]
    clocks: dict[int, clocks.StageClock]

    def outstanding(self) -> list[Deadline]:
        return [deadline for deadline in self.deadlines if deadline.status in (DUE, OVERDUE)]


VERDICTS = {
    clocks.IN_TIME: "Within the Code's timescales",
    clocks.LATE_ACKNOWLEDGEMENT: "Outside the Code's timescales: acknowledged late",
    clocks.LATE_RESPONSE: "Outside the Code's timescales: responded to late",
    clocks.LATE_BOTH: "Outside the Code's timescales: acknowledged and responded to late",
    clocks.PENDING: "Open: the response is not due yet",
    clocks.OVERDUE: "Outside the Code's timescales: the response is overdue",
    clocks.WITHDRAWN: "Withdrawn before a response",
}


def case_deadlines(
    *,
    complaint: Complaint,
    as_of: date | None = None,
    calendar: WorkingDayCalendar | None = None,
    missing_acknowledgement: str = "from_deadline",
) -> CaseClocks:
    """Each stage's acknowledgement and response deadlines as they stood on ``as_of``.

    Pass ``calendar`` when working through many complaints (one calendar query in all).
    """
    as_of = as_of or timezone.localdate()
    calendar = calendar or england_calendar()
    deadlines, verdicts, stage_clocks = [], {}, {}
    for stage in (1, 2):
        start = _stage_start(complaint, stage)
        if start is None or start > as_of:
            continue
        clock = clocks.stage_timeliness(
            stage=stage,
            received_on=start,
            acknowledged_on=_stage_value(complaint, stage, "acknowledged_on"),
            responded_on=_stage_value(complaint, stage, "responded_on"),
            # As CH02 does: an extension longer than the Code allows (a data error the
            # measures' warnings list) counts only up to the limit.
            extension_days=min(
                _stage_value(complaint, stage, "extension_days") or 0, clocks.TIMESCALES[stage][2]
            ),
            withdrawn_on=complaint.withdrawn_on,
            as_of=as_of,
            calendar=calendar,
            missing_acknowledgement=missing_acknowledgement,
        )
        stage_clocks[stage] = clock
        verdicts[stage] = VERDICTS[clock.status]
        known = _known_dates(complaint, stage=stage, as_of=as_of)
        deadlines.append(_acknowledgement(stage, clock, known, as_of=as_of, calendar=calendar))
        deadlines.append(
            _response(stage, clock, known, complaint=complaint, as_of=as_of, calendar=calendar)
        )
    return CaseClocks(deadlines=deadlines, verdicts=verdicts, clocks=stage_clocks)


def _known_dates(complaint: Complaint, *, stage: int, as_of: date) -> dict:
    """The stage's dates as known on ``as_of`` (later ones had not happened yet)."""
    names = {
        "acknowledged": _stage_value(complaint, stage, "acknowledged_on"),
        "responded": _stage_value(complaint, stage, "responded_on"),
        "withdrawn": complaint.withdrawn_on,
    }
    return {name: day if day and day <= as_of else None for name, day in names.items()}


def _acknowledgement(stage, clock, known, *, as_of, calendar) -> Deadline:
    due = clock.acknowledge_by
    acknowledged, responded = known["acknowledged"], known["responded"]
    if acknowledged:
        return _done(stage, "acknowledge", due, acknowledged, calendar=calendar,
                     verb="Acknowledged")
    if responded and responded <= due:
        return Deadline(
            stage, "acknowledge", due, responded, MET,
            f"No separate acknowledgement: the response on {_day(responded)} came within the "
            f"acknowledgement time (due by {_day(due)})",
        )
    if responded:
        return Deadline(
            stage, "acknowledge", due, None, MISSED,
            f"Never acknowledged (was due by {_day(due)})",
        )
    return _open_deadline(stage, "acknowledge", due, known, as_of=as_of, calendar=calendar)


def _response(stage, clock, known, *, complaint, as_of, calendar) -> Deadline:
    due = clock.respond_by
    extension = _stage_value(complaint, stage, "extension_days") or 0
    note = f" (includes a {_working_days(extension)} extension)" if extension else ""
    withdrawn, responded = known["withdrawn"], known["responded"]
    if responded and not (withdrawn and withdrawn < responded):
        deadline = _done(stage, "respond", due, responded, calendar=calendar,
                         verb="Responded to")
    else:
        deadline = _open_deadline(stage, "respond", due, known, as_of=as_of, calendar=calendar)
    return replace(deadline, description=deadline.description + note)


def _done(stage, task, due, done, *, calendar, verb: str) -> Deadline:
    if done <= due:
        return Deadline(
            stage, task, due, done, MET, f"{verb} on {_day(done)}, in time (due by {_day(due)})"
        )
    # A weekend day after the deadline is still late: count it as at least one working day.
    late = max(calendar.working_days_between(due, done), 1)
    return Deadline(
        stage, task, due, done, MISSED,
        f"{verb} on {_day(done)}, {_working_days(late)} late (due by {_day(due)})",
    )


def _open_deadline(stage, task, due, known, *, as_of, calendar) -> Deadline:
    if known["withdrawn"]:
        return Deadline(
            stage, task, due, None, NOT_NEEDED,
            f"Not needed: the complaint was withdrawn on {_day(known['withdrawn'])}",
        )
    if due >= as_of:
        left = calendar.working_days_between(as_of, due)
        when = "today" if due == as_of else f"by {_day(due)}"
        counted = "" if due == as_of else f" ({_working_days(left)} left)"
        return Deadline(stage, task, due, None, DUE, f"Due {when}{counted}", left)
    late = calendar.working_days_between(due, as_of)
    return Deadline(
        stage, task, due, None, OVERDUE,
        f"Overdue: was due by {_day(due)} ({_working_days(late)} ago)", -late,
    )


# --- who can be given a complaint -------------------------------------------------------


def complaint_handlers():
    """Active people whose role lets them handle complaints, by name (for the handler lists)."""
    from django.contrib.auth import get_user_model

    from doorstep.accounts.models import Role

    return (
        get_user_model().objects.filter(
            is_active=True,
            profile__role__in=[Role.COMPLAINTS_HANDLER, Role.ADMINISTRATOR],
        )
        .order_by("first_name", "last_name", "username")
    )


# --- what a case page shows -------------------------------------------------------------

ACKNOWLEDGE = "acknowledge"
EXTEND = "extend"
RESPOND = "respond"
ESCALATE = "escalate"
STAGE1_HANDLER = "stage-1-handler"
STAGE2_HANDLER = "stage-2-handler"
FINAL_RESPONSE = "final-response"
WITHDRAW = "withdraw"
TEAM = "team"
REMEDY = "remedy"
LEARNING = "learning"


def next_steps(*, complaint: Complaint) -> list[str]:
    """The transitions the complaint's state allows now, in the order a handler meets them.

    The transitions check again when they run; this only decides which to offer.
    """
    stage = complaint.stage
    still_open = not complaint.withdrawn_on and not _stage_value(complaint, stage, "responded_on")
    steps = []
    if still_open and not _stage_value(complaint, stage, "acknowledged_on"):
        steps.append(ACKNOWLEDGE)
    if still_open and stage == 1:
        steps += [EXTEND, RESPOND, STAGE1_HANDLER]
    if still_open and stage == 2:
        steps += [STAGE2_HANDLER, EXTEND, FINAL_RESPONSE]
    if stage == 1 and complaint.stage1_responded_on and not complaint.withdrawn_on:
        steps.append(ESCALATE)
    if still_open:
        steps.append(WITHDRAW)
    return [*steps, TEAM, REMEDY, LEARNING]


@dataclass(frozen=True)
class CaseFile:
    complaint: Complaint
    clocks: CaseClocks
    activity: list[ComplaintActivity]
    next_steps: list[str]


def case_file(*, complaint: Complaint, as_of: date | None = None) -> CaseFile:
    """Everything the case page shows: deadlines, the activity log and what can be done."""
    return CaseFile(
        complaint=complaint,
        clocks=case_deadlines(complaint=complaint, as_of=as_of),
        activity=list(complaint.activity.select_related("by").order_by("at", "pk")),
        next_steps=next_steps(complaint=complaint),
    )
