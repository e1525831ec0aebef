"""Hazard casework (Awaab's Law): opening cases, one function per step, and the clocks.

As for complaints, each step checks the case's state, makes its change and writes a
``HazardActivity`` row in one transaction with the case's row locked, and a step the case
does not allow raises ``HazardError`` (a ValueError) with a message fit to show as it is.
Steps act on the instance passed in and update it.
"""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import uuid4

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from doorstep.core.activity import log_opening, save_and_log
from doorstep.core.periods import ReportingYear
from doorstep.core.workdays import WorkingDayCalendar, england_calendar
from doorstep.hazards import clocks
from doorstep.hazards.clocks import describe_day as _day
from doorstep.hazards.clocks import describe_moment as _moment
from doorstep.hazards.models import HazardActivity, HazardCase, HazardKind, HazardSource
from doorstep.repairs.models import Repair

REFERENCE_PREFIX = "HZ-"
DAMP_MOULD_CATEGORY = "damp_mould"


class HazardError(ValueError):
    """A step the case's state or Awaab's Law does not allow."""


# --- opening a case ---------------------------------------------------------------------


@transaction.atomic
def open_hazard_case(
    *,
    by,
    kind: str,
    aware_at: datetime,
    home=None,
    repair: Repair | None = None,
    comment=None,
    description: str = "",
    handler=None,
) -> HazardCase:
    """Open a case from a report, a repair or a flagged comment (give at most one of the two).

    The home comes from the repair or the comment's survey response when not given.
    """
    if kind not in HazardKind.values:
        raise HazardError(f"{kind!r} is not a kind of hazard: choose emergency or damp_mould")
    if repair is not None and comment is not None:
        raise HazardError("Open a case from a repair or from a comment, not both")
    if aware_at > timezone.now():
        raise HazardError("The time the landlord became aware is in the future")
    if repair is not None:
        _no_open_case(repair=repair)
        home = home or repair.home
    if comment is not None:
        home = home or comment.response.home
    source = (
        HazardSource.REPAIR if repair else HazardSource.COMMENT if comment else HazardSource.REPORT
    )
    case = HazardCase.objects.create(
        hazard_ref=f"new-{uuid4().hex}",
        kind=kind,
        source=source,
        home=home,
        repair=repair,
        comment=comment,
        description=description,
        handler=handler,
        aware_at=aware_at,
    )
    case.hazard_ref = f"{REFERENCE_PREFIX}{case.pk:06d}"
    case.save(update_fields=["hazard_ref"])
    fields = ["hazard_ref", "kind", "source", "home_id", "repair_id", "comment_id",
              "description", "handler_id", "aware_at"]
    log_opening(
        HazardActivity, record=case, by=by, action="opened", fields=fields,
        summary=f"{HazardKind(kind).label} case opened from {_source(case)}; aware "
        f"{_moment(aware_at)}",
    )
    return case


def open_from_repair(*, repair: Repair, by, kind: str = HazardKind.DAMP_MOULD,
                     handler=None) -> HazardCase:
    """A case for a repair: the landlord became aware when the repair was reported."""
    return open_hazard_case(
        by=by, kind=kind, aware_at=repair.reported_at, repair=repair,
        description=repair.description, handler=handler,
    )


def open_from_flag(*, flag, by, kind: str, aware_at: datetime, handler=None) -> HazardCase:
    """A case for a comment the coder flagged as describing a hazard; the flag is marked.

    A survey comment is linked as the case's comment; a flagged repair description opens the
    case from that repair; any other flagged text (a complaint, an ASB case) is a report
    about the comment's home.
    """
    from doorstep.voice.services import mark_case_opened

    if flag.hazard_case_ref:
        raise HazardError(f"A hazard case, {flag.hazard_case_ref}, is already open for this "
                          "comment")
    coded = flag.coded_comment
    case = open_hazard_case(
        by=by, kind=kind, aware_at=aware_at, home=coded.home,
        repair=coded.repair if coded.repair_id else None,
        comment=coded.survey_comment if coded.survey_comment_id else None,
        description=coded.text, handler=handler,
    )
    mark_case_opened(flag=flag, case_ref=case.hazard_ref)
    return case


def _no_open_case(*, repair: Repair) -> None:
    existing = repair.hazard_cases.filter(closed_on__isnull=True).first()
    if existing is not None:
        raise HazardError(f"Repair {repair.repair_ref} already has an open hazard case, "
                          f"{existing.hazard_ref}")


def _source(case: HazardCase) -> str:
    if case.repair_id:
        return f"repair {case.repair.repair_ref}"
    if case.comment_id:
        return "a resident's comment"
    return "a report"


# --- steps ------------------------------------------------------------------------------


@transaction.atomic
def record_made_safe(*, case: HazardCase, by, at: datetime) -> HazardCase:
    """An emergency hazard investigated and made safe."""
    locked = _locked(case, kind=HazardKind.EMERGENCY, doing="record it made safe")
    if locked.made_safe_at:
        raise HazardError(f"Already recorded as made safe {_moment(locked.made_safe_at)}")
    if at > timezone.now():
        raise HazardError("The time it was made safe is in the future")
    if at < locked.aware_at:
        raise HazardError("It cannot have been made safe before the landlord was aware of it")
    return _change(case, locked, by=by, action="made_safe",
                   summary=f"Investigated and made safe {_moment(at)}",
                   changes={"made_safe_at": at})


@transaction.atomic
def record_investigation(
    *, case: HazardCase, by, concluded_on: date, findings: str, further_works_needed: bool
) -> HazardCase:
    """The damp and mould investigation concluded: the follow-up clocks start from it."""
    locked = _locked(case, kind=HazardKind.DAMP_MOULD, doing="record an investigation")
    if locked.investigation_concluded_on:
        raise HazardError(
            f"The investigation was already recorded as concluded on "
            f"{_day(locked.investigation_concluded_on)}"
        )
    _on_or_after_aware(locked, day=concluded_on, what="The investigation")
    if not findings.strip():
        raise HazardError("Record the findings: the tenant must be given a written summary")
    works = "further works are needed" if further_works_needed else "no further works needed"
    return _change(
        case, locked, by=by, action="investigated",
        summary=f"Investigation concluded on {_day(concluded_on)}: {works}",
        changes={
            "investigation_concluded_on": concluded_on,
            "findings": findings.strip(),
            "further_works_needed": further_works_needed,
        },
    )


@transaction.atomic
def record_summary_sent(*, case: HazardCase, by, on: date) -> HazardCase:
    locked = _after_investigation(case, on=on, field="summary_sent_on",
                                  what="The written summary")
    return _change(case, locked, by=by, action="summary_sent",
                   summary=f"Written summary of findings given to the tenant on {_day(on)}",
                   changes={"summary_sent_on": on})


@transaction.atomic
def record_safety_work(*, case: HazardCase, by, on: date) -> HazardCase:
    locked = _after_investigation(case, on=on, field="safety_work_done_on", what="Safety work")
    return _change(case, locked, by=by, action="safety_work_done",
                   summary=f"Safety work done on {_day(on)}",
                   changes={"safety_work_done_on": on})


@transaction.atomic
def defer_further_works(*, case: HazardCase, by, reason: str) -> HazardCase:
    """Further works cannot begin within 5 working days: they must start within 12 weeks."""
    locked = _locked(case, kind=HazardKind.DAMP_MOULD, doing="defer further works")
    _further_works_open(locked)
    if not reason.strip():
        raise HazardError("Say why the further works cannot begin within 5 working days")
    return _change(case, locked, by=by, action="further_works_deferred",
                   summary="Further works cannot begin within 5 working days; they must "
                   f"physically start within 12 weeks. Reason: {reason.strip()}",
                   changes={"further_works_deferred_reason": reason.strip()})


@transaction.atomic
def record_further_works_started(*, case: HazardCase, by, on: date) -> HazardCase:
    locked = _after_investigation(case, on=on, field="further_works_started_on",
                                  what="Further works")
    _further_works_open(locked)
    return _change(case, locked, by=by, action="further_works_started",
                   summary=f"Further works started on {_day(on)}",
                   changes={"further_works_started_on": on})


@transaction.atomic
def offer_alternative_accommodation(*, case: HazardCase, by, on: date,
                                    note: str = "") -> HazardCase:
    """Suitable alternative accommodation offered (when the home cannot be made safe in time)."""
    locked = _locked(case, doing="offer alternative accommodation")
    _on_or_after_aware(locked, day=on, what="The offer")
    return _change(case, locked, by=by, action="alternative_accommodation_offered",
                   summary=f"Alternative accommodation offered on {_day(on)}"
                   + (f": {note.strip()}" if note.strip() else ""),
                   changes={"alternative_accommodation_offered_on": on,
                            "alternative_accommodation_note": note.strip()})


@transaction.atomic
def assign_handler(*, case: HazardCase, by, handler) -> HazardCase:
    locked = _locked(case, doing="change its handler")
    name = (handler.get_full_name() or handler.get_username()) if handler else "nobody"
    return _change(case, locked, by=by, action="handler_assigned", summary=f"Handler: {name}",
                   changes={"handler_id": handler.pk if handler else None})


@transaction.atomic
def close_case(*, case: HazardCase, by, on: date, note: str) -> HazardCase:
    locked = _locked(case, doing="close it")
    _on_or_after_aware(locked, day=on, what="The closing date")
    if not note.strip():
        raise HazardError("Say why the case is closed (for example: works complete)")
    return _change(case, locked, by=by, action="closed",
                   summary=f"Closed on {_day(on)}: {note.strip()}",
                   changes={"closed_on": on, "closing_note": note.strip()})


def _locked(case: HazardCase, *, kind: str | None = None, doing: str) -> HazardCase:
    locked = HazardCase.objects.select_for_update().get(pk=case.pk)
    if locked.closed_on:
        raise HazardError(f"The case was closed on {_day(locked.closed_on)}: "
                          f"you cannot {doing}")
    if kind is not None and locked.kind != kind:
        raise HazardError(f"This is a case of {locked.get_kind_display().lower()}: "
                          f"you cannot {doing}")
    return locked


def _after_investigation(case: HazardCase, *, on: date, field: str, what: str) -> HazardCase:
    locked = _locked(case, kind=HazardKind.DAMP_MOULD, doing=f"record {what.lower()}")
    if getattr(locked, field):
        raise HazardError(f"{what} was already recorded on {_day(getattr(locked, field))}")
    concluded = locked.investigation_concluded_on
    if concluded is None:
        raise HazardError(f"Record the investigation first: {what.lower()} follows it")
    if on < concluded:
        raise HazardError(f"{what} ({_day(on)}) is before the investigation concluded "
                          f"({_day(concluded)})")
    _not_future(on, what=what)
    return locked


def _further_works_open(locked: HazardCase) -> None:
    if locked.further_works_needed is False:
        raise HazardError("The investigation found no further works were needed")
    if locked.further_works_started_on:
        raise HazardError("The further works have already started")


def _on_or_after_aware(locked: HazardCase, *, day: date, what: str) -> None:
    _not_future(day, what=what)
    aware_on = clocks.uk_date(locked.aware_at)
    if day < aware_on:
        raise HazardError(f"{what} ({_day(day)}) is before the landlord became aware "
                          f"({_day(aware_on)})")


def _not_future(day: date, *, what: str) -> None:
    if day > timezone.localdate():
        raise HazardError(f"{what} ({_day(day)}) is in the future")


def _change(case: HazardCase, locked: HazardCase, **change) -> HazardCase:
    """Save the change on the ``locked`` case, log it, and mirror it on ``case``."""
    return save_and_log(HazardActivity, record=case, locked=locked, **change)



# --- clocks and the dashboard -----------------------------------------------------------


def hazard_clocks(
    *, case: HazardCase, now: datetime | None = None, calendar: WorkingDayCalendar | None = None
) -> list[clocks.HazardClock]:
    """Every clock of the case with its due date or time and its status, as at ``now``."""
    now = now or timezone.now()
    if case.kind == HazardKind.EMERGENCY:
        return [clocks.emergency_clock(aware_at=case.aware_at, made_safe_at=case.made_safe_at,
                                       now=now)]
    return clocks.damp_mould_clocks(
        aware_on=clocks.uk_date(case.aware_at),
        investigation_concluded_on=case.investigation_concluded_on,
        summary_sent_on=case.summary_sent_on,
        safety_work_done_on=case.safety_work_done_on,
        further_works_needed=case.further_works_needed,
        further_works_started_on=case.further_works_started_on,
        further_works_deferred=bool(case.further_works_deferred_reason),
        as_of=clocks.uk_date(now),
        calendar=calendar or england_calendar(),
    )


@dataclass(frozen=True)
class HazardOnClock:
    case: HazardCase
    clocks: list[clocks.HazardClock]

    @property
    def overdue(self) -> list[clocks.HazardClock]:
        return [clock for clock in self.clocks if clock.is_overdue]

    @property
    def next_due(self) -> clocks.HazardClock | None:
        waiting = [clock for clock in self.clocks if clock.is_open]
        return min(waiting, key=lambda clock: _instant(clock.due)) if waiting else None


def open_hazards(*, now: datetime | None = None,
                 among: QuerySet | None = None) -> list[HazardOnClock]:
    """Open cases, overdue ones first (the longest overdue at the top), then by next deadline.

    For the top of the dashboard: two queries (the cases, the closure days). ``among``: only
    these cases (a screen passes the ones the person may see).
    """
    now = now or timezone.now()
    calendar = england_calendar()
    cases = (
        (HazardCase.objects if among is None else among)
        .filter(closed_on__isnull=True, aware_at__lte=now)
        .select_related("home", "repair", "handler")
        .order_by("aware_at", "pk")
    )
    on_clock = [
        HazardOnClock(case, hazard_clocks(case=case, now=now, calendar=calendar))
        for case in cases
    ]
    return sorted(on_clock, key=_urgency)


def overdue_hazards(*, now: datetime | None = None,
                    among: QuerySet | None = None) -> list[HazardOnClock]:
    return [entry for entry in open_hazards(now=now, among=among) if entry.overdue]


def _urgency(entry: HazardOnClock) -> tuple:
    next_due = entry.next_due
    due = _instant(next_due.due) if next_due else datetime.max.replace(tzinfo=clocks.UK)
    return (not entry.overdue, due, entry.case.aware_at)


def _instant(due: date | datetime) -> datetime:
    """A working-day deadline ends with its day; compare it with an hours deadline as such."""
    if isinstance(due, datetime):
        return due
    return datetime.combine(due, datetime.max.time(), tzinfo=clocks.UK)


def damp_mould_repairs_without_case(*, year: ReportingYear) -> QuerySet:
    """Damp and mould repairs reported in the year that no hazard case has been opened for."""
    return (
        Repair.objects.filter(
            category=DAMP_MOULD_CATEGORY,
            reported_at__gte=year.starts_at,
            reported_at__lt=year.ends_before,
            hazard_cases__isnull=True,
        )
        .select_related("home")
        .order_by("reported_at", "repair_ref")
    )


# --- what the screens show --------------------------------------------------------------

MADE_SAFE = "made-safe"
INVESTIGATION = "investigation"
SUMMARY_SENT = "summary-sent"
SAFETY_WORK = "safety-work"
DEFER_FURTHER_WORKS = "defer-further-works"
FURTHER_WORKS_STARTED = "further-works-started"
ALTERNATIVE_ACCOMMODATION = "alternative-accommodation"
HANDLER = "handler"
CLOSE = "close"


def next_steps(*, case: HazardCase) -> list[str]:
    """The steps the case's state allows now (each step checks again when it runs)."""
    if case.closed_on:
        return []
    steps = []
    if case.kind == HazardKind.EMERGENCY and not case.made_safe_at:
        steps.append(MADE_SAFE)
    if case.kind == HazardKind.DAMP_MOULD:
        if not case.investigation_concluded_on:
            steps.append(INVESTIGATION)
        else:
            steps += [name for name, done in ((SUMMARY_SENT, case.summary_sent_on),
                                              (SAFETY_WORK, case.safety_work_done_on))
                      if not done]
            works_open = case.further_works_needed is not False and not \
                case.further_works_started_on
            if works_open and not case.further_works_deferred_reason:
                steps.append(DEFER_FURTHER_WORKS)
            if works_open:
                steps.append(FURTHER_WORKS_STARTED)
    if not case.alternative_accommodation_offered_on:
        steps.append(ALTERNATIVE_ACCOMMODATION)
    return [*steps, HANDLER, CLOSE]


@dataclass(frozen=True)
class HazardFile:
    case: HazardCase
    clocks: list[clocks.HazardClock]
    activity: list[HazardActivity]
    next_steps: list[str]


def hazard_file(*, case: HazardCase, now: datetime | None = None) -> HazardFile:
    """Everything a hazard case's page shows: its clocks, its activity and what can be done."""
    return HazardFile(
        case=case,
        clocks=hazard_clocks(case=case, now=now),
        activity=list(case.activity.select_related("by").order_by("at", "pk")),
        next_steps=next_steps(case=case),
    )


@dataclass(frozen=True)
class Worklist:
    on_clock: list[HazardOnClock]
    # Comments flagged as describing a hazard with no case yet.
    flags: list
    # Damp and mould repairs of the year with no case.
    repairs: list[Repair]


def worklist(*, cases: QuerySet, repairs: QuerySet, areas: list[str] | None,
             now: datetime | None = None) -> Worklist:
    """The hazards screen: open cases on the clock, and what may need a case opening.

    ``cases`` and ``repairs`` are those the person may see; ``areas`` limits the flags
    (None: every area).
    """
    from doorstep.voice.services import flags_needing_case

    now = now or timezone.now()
    flags = flags_needing_case()
    if areas is not None:
        flags = flags.filter(coded_comment__home__area__in=areas)
    year = ReportingYear.containing(clocks.uk_date(now))
    return Worklist(
        on_clock=open_hazards(now=now, among=cases),
        flags=list(flags),
        repairs=list(damp_mould_repairs_without_case(year=year).filter(pk__in=repairs)),
    )


def hazard_handlers():
    """Active people whose role lets them work hazard cases, by name (for the handler lists)."""
    from django.contrib.auth import get_user_model

    from doorstep.accounts.models import Role

    return get_user_model().objects.filter(
        is_active=True, profile__role__in=[Role.SERVICE_MANAGER, Role.ADMINISTRATOR],
    ).order_by("first_name", "last_name", "username")
