"""Hazard casework (Awaab's Law): opening cases, one function per step, and the clocks.

As for complaints, each step checks the case's state, makes its change and writes a
``HazardActivity`` row in one transaction with the case's row locked, and a step the case
does not allow raises ``HazardError`` (a ValueError) with a message fit to show as it is.
Steps act on the instance passed in and update it.
"""

import hashlib
from array import array
from dataclasses import dataclass
from datetime import date, datetime
from uuid import uuid4

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from doorstep.core.activity import log_opening, save_and_log
from doorstep.core.labels import label
from doorstep.core.periods import ReportingYear
from doorstep.core.workdays import WorkingDayCalendar, england_calendar
from doorstep.hazards import clocks
from doorstep.hazards.clocks import describe_day as _day
from doorstep.hazards.clocks import describe_moment as _moment
from doorstep.hazards.hazard_list import load_hazard_list, rule_for
from doorstep.hazards.models import (
    DAMP_MOULD,
    Hazard,
    HazardActivity,
    HazardCase,
    HazardKind,
    HazardSource,
)
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
    hazard: Hazard | str | None = None,
    home=None,
    repair: Repair | None = None,
    comment=None,
    description: str = "",
    handler=None,
) -> HazardCase:
    """Open a case from a report, a repair or a flagged comment (give at most one of the two).

    ``kind``: emergency or significant (``damp_mould``, the old kind, is a significant damp
    and mould hazard). ``hazard``: the HHSRS hazard, or its code; a significant hazard needs
    one, an emergency case may leave it for later. The home comes from the repair or the
    comment's survey response when not given. The case keeps the rule that applied.
    """
    if kind == DAMP_MOULD:
        kind, hazard = HazardKind.SIGNIFICANT, hazard or DAMP_MOULD
    if kind not in HazardKind.values:
        raise HazardError(f"{kind!r} is not a kind of hazard case: choose emergency or "
                          "significant, and name the hazard")
    hazard = _hazard(hazard, kind=kind)
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
    rule = rule_for(kind=kind, hazard=hazard, aware_on=clocks.uk_date(aware_at),
                    today=timezone.localdate())
    case = HazardCase.objects.create(
        hazard_ref=f"new-{uuid4().hex}",
        kind=kind,
        hazard=hazard,
        timescales_apply=rule.timescales_apply,
        rule=rule.text,
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
    fields = ["hazard_ref", "kind", "hazard_id", "timescales_apply", "rule", "source",
              "home_id", "repair_id", "comment_id", "description", "handler_id", "aware_at"]
    about = f" for {hazard.name.lower()}" if hazard else ""
    log_opening(
        HazardActivity, record=case, by=by, action="opened", fields=fields,
        summary=f"{HazardKind(kind).label} case opened{about} from {_source(case)}; aware "
        f"{_moment(aware_at)}. {rule.text}",
    )
    return case


def _hazard(hazard: Hazard | str | None, *, kind: str) -> Hazard | None:
    if isinstance(hazard, str):
        found = Hazard.objects.filter(code=hazard).first() if hazard else None
        # The list is reference data from the migration: a table emptied since (a test
        # database flushed between tests) is filled again from the CSV.
        if found is None and hazard and load_hazard_list():
            found = Hazard.objects.filter(code=hazard).first()
        if found is None and hazard:
            raise HazardError(f"{hazard!r} is not a hazard in the HHSRS hazard list")
        hazard = found
    if hazard is None and kind == HazardKind.SIGNIFICANT:
        raise HazardError("Say which hazard it is: a significant hazard's timescales depend "
                          "on it")
    if hazard is not None and kind == HazardKind.EMERGENCY and \
            hazard.emergency_in_scope_from is None:
        raise HazardError(f"{hazard.name} cannot be an emergency hazard under Awaab's Law: "
                          "open it as a significant hazard")
    return hazard


def open_from_repair(*, repair: Repair, by, kind: str = DAMP_MOULD,
                     hazard: Hazard | str | None = None, handler=None) -> HazardCase:
    """A case for a repair: the landlord became aware when the repair was reported. With no
    kind given, a significant damp and mould hazard (as before the hazard list)."""
    return open_hazard_case(
        by=by, kind=kind, hazard=hazard, aware_at=repair.reported_at, repair=repair,
        description=repair.description, handler=handler,
    )


def open_from_flag(*, flag, by, kind: str, aware_at: datetime,
                   hazard: Hazard | str | None = None, handler=None) -> HazardCase:
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
        by=by, kind=kind, hazard=hazard, aware_at=aware_at, home=coded.home,
        repair=coded.repair if coded.repair_id else None,
        comment=coded.survey_comment if coded.survey_comment_id else None,
        description=coded.text, handler=handler,
    )
    mark_case_opened(flag=flag, case_ref=case.hazard_ref)
    return case


@transaction.atomic
def open_from_complaint(*, complaint, by, kind: str, aware_at: datetime,
                        hazard: Hazard | str | None = None, handler=None) -> HazardCase:
    """A case for a hazard a complaint describes (often damp and mould), linked both ways:
    the complaint keeps the case, and the case page shows the complaint."""
    if complaint.hazard_case_id:
        raise HazardError(f"A hazard case, {complaint.hazard_case.hazard_ref}, is already "
                          f"open for complaint {complaint.complaint_ref}")
    case = open_hazard_case(
        by=by, kind=kind, hazard=hazard, aware_at=aware_at, home=complaint.home,
        description=complaint.description, handler=handler,
    )
    complaint.hazard_case = case
    complaint.save(update_fields=["hazard_case"])
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
    """A significant hazard's investigation concluded: the follow-up clocks start from it."""
    locked = _locked(case, kind=HazardKind.SIGNIFICANT, doing="record an investigation")
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
    locked = _locked(case, kind=HazardKind.SIGNIFICANT, doing="defer further works")
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
def record_hazard(*, case: HazardCase, by, hazard: Hazard | str) -> HazardCase:
    """Name the HHSRS hazard of an emergency case opened without it (the rule it was opened
    under stays: emergency hazards share one)."""
    locked = _locked(case, doing="record its hazard")
    if locked.hazard_id:
        raise HazardError(f"The hazard is already recorded: {locked.hazard.name.lower()}")
    hazard = _hazard(hazard, kind=locked.kind)
    return _change(case, locked, by=by, action="hazard_recorded",
                   summary=f"Hazard recorded: {hazard.name.lower()}",
                   changes={"hazard_id": hazard.pk})


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
        raise HazardError(f"This is a case of {locked.title.lower()}: you cannot {doing}")
    return locked


def _after_investigation(case: HazardCase, *, on: date, field: str, what: str) -> HazardCase:
    locked = _locked(case, kind=HazardKind.SIGNIFICANT, doing=f"record {what.lower()}")
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
    running = _running_clocks(case=case, now=now, calendar=calendar)
    return running if case.timescales_apply else clocks.outside_timescales(running)


def _running_clocks(*, case, now, calendar) -> list[clocks.HazardClock]:
    if case.kind == HazardKind.EMERGENCY:
        return [clocks.emergency_clock(aware_at=case.aware_at, made_safe_at=case.made_safe_at,
                                       now=now)]
    return clocks.significant_hazard_clocks(
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
        .select_related("home", "repair", "handler", "hazard")
        .order_by("aware_at", "pk")
    )
    on_clock = [
        HazardOnClock(case, hazard_clocks(case=case, now=now, calendar=calendar))
        for case in cases
    ]
    return sorted(on_clock, key=_urgency)


@dataclass(frozen=True)
class OpenByHazard:
    code: str  # the hazard's code, or the queue filter's "not_recorded"
    name: str
    on_clock: int
    overdue: int
    outside: int


def open_by_hazard(on_clock: list[HazardOnClock]) -> list[OpenByHazard]:
    """Open cases counted by hazard, in the hazard list's order (cases with no hazard
    recorded last): on Awaab's Law clocks, overdue among those, outside the timescales."""
    counts: dict = {}
    for entry in on_clock:
        hazard = entry.case.hazard
        key = (hazard.position, hazard.code, hazard.name) if hazard else \
            (999, "not_recorded", "Hazard not recorded")
        row = counts.setdefault(key, [0, 0, 0])
        if entry.case.timescales_apply:
            row[0] += 1
            row[1] += bool(entry.overdue)
        else:
            row[2] += 1
    return [OpenByHazard(code, name, *row) for (_, code, name), row in sorted(counts.items())]


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


@dataclass(frozen=True)
class RepairHazard:
    """A repair that may describe a hazard in scope, and where it goes: its hazard case, or a
    person to check it."""

    repair: Repair
    hazard: Hazard
    words: tuple[str, ...]
    emergency: bool  # the rules suggest an emergency hazard
    why_emergency: str
    case: HazardCase | None  # the repair's hazard case, if it has one

    @property
    def route(self) -> str:
        return "case" if self.case else "check"

    @property
    def suggested_kind(self) -> str:
        return HazardKind.EMERGENCY if self.emergency else HazardKind.SIGNIFICANT


def repair_hazards(*, year: ReportingYear, among: QuerySet | None = None,
                   progress=None, chunk: int = 2000) -> list[RepairHazard]:
    """The repairs reported in ``year`` that the phrase rules say may describe a hazard in
    scope on the day each was reported (significant hazard timescales, or an emergency the
    rules suggest), one row per repair and hazard, in order of reporting.

    The database narrows the repairs to those containing a phrase; the rules then read each.
    ``among``: only these repairs. ``progress(done, total)`` is called after each chunk.
    """
    from django.db.models import Q

    from doorstep.hazards.repair_rules import phrases, safeguarding_home_ids

    hazards = {hazard.code: hazard for hazard in Hazard.objects.all()}
    safeguarding = safeguarding_home_ids()
    rules = phrases()
    narrowed = Q(category__in={p.phrase for p in rules if p.field == "category"})
    for literal in {p.literal for p in rules if p.field == "description"}:
        narrowed |= Q(description__icontains=literal)
    repairs = (
        (Repair.objects if among is None else among)
        .filter(reported_at__gte=year.starts_at, reported_at__lt=year.ends_before)
        .filter(narrowed)
        .select_related("home", "home__household")
        # What the rules and the rows' readers use: a quarter of a million whole repairs,
        # homes and households cost more to build than the rules cost to run.
        .only("repair_ref", "category", "description", "reported_at", "home__home_ref",
              "home__needs_type", "home__household__disability",
              "home__household__age_band")
        .order_by("reported_at", "repair_ref")
    )
    total = repairs.count() if progress else 0
    cases = {}
    found, done = [], 0
    for repair in repairs.iterator(chunk_size=chunk):
        found += _hazards_of(repair, hazards=hazards, safeguarding=safeguarding)
        done += 1
        if progress and done % chunk == 0:
            progress(done, total)
    if progress:
        progress(done, total)
    # One query for the cases of the year's repairs.
    for case in HazardCase.objects.filter(
        repair__reported_at__gte=year.starts_at, repair__reported_at__lt=year.ends_before,
    ).order_by("aware_at", "pk"):
        cases.setdefault(case.repair_id, case)
    return [RepairHazard(row.repair, row.hazard, row.words, row.emergency, row.why_emergency,
                         cases.get(row.repair.pk)) for row in found]


def _hazards_of(repair: Repair, *, hazards: dict, safeguarding: frozenset) -> list[RepairHazard]:
    """The hazards in scope the phrase rules find in one repair (its case not looked up)."""
    from doorstep.hazards.repair_rules import match_repair, vulnerability

    reported_on = clocks.uk_date(repair.reported_at)
    matches = match_repair(category=repair.category, description=repair.description,
                           reported_on=reported_on,
                           vulnerable=vulnerability(repair.home, safeguarding_homes=safeguarding))
    rows = []
    for match in matches:
        hazard = hazards.get(match.hazard)
        if hazard is not None and _in_scope(hazard, emergency=match.emergency, on=reported_on):
            rows.append(RepairHazard(repair, hazard, match.words, match.emergency,
                                     match.why_emergency, None))
    return rows


def suggested_for_repair(*, repair: Repair) -> dict:
    """What the phrase rules suggest for a case opened from ``repair``: the kind and the
    hazard (a form's initial values), an emergency first; nothing when no rule matches."""
    from doorstep.hazards.repair_rules import match_repair, safeguarding_home_ids, vulnerability

    matches = match_repair(category=repair.category, description=repair.description,
                           reported_on=clocks.uk_date(repair.reported_at),
                           vulnerable=vulnerability(repair.home,
                                                    safeguarding_homes=safeguarding_home_ids()))
    if not matches:
        return {}
    first = next((m for m in matches if m.emergency), matches[0])
    # A category matched whole is a code ("damp_mould"): shown by its label.
    category = repair.category.strip().lower()
    words = ", ".join(label(word) if word == category else word for word in first.words)
    return {"kind": HazardKind.EMERGENCY if first.emergency else HazardKind.SIGNIFICANT,
            "hazard": first.hazard, "words": words, "why_emergency": first.why_emergency}


def _in_scope(hazard: Hazard, *, emergency: bool, on: date) -> bool:
    # A hazard not yet in scope as a significant hazard is still on the 24-hour clock as an
    # emergency.
    start = hazard.emergency_in_scope_from if emergency else hazard.significant_in_scope_from
    return start is not None and on >= start


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
HAZARD = "hazard"
CLOSE = "close"


def next_steps(*, case: HazardCase) -> list[str]:
    """The steps the case's state allows now (each step checks again when it runs)."""
    if case.closed_on:
        return []
    steps = []
    if case.kind == HazardKind.EMERGENCY and not case.made_safe_at:
        steps.append(MADE_SAFE)
    if case.kind == HazardKind.EMERGENCY and not case.hazard_id:
        steps.append(HAZARD)
    if case.kind == HazardKind.SIGNIFICANT:
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
    on_clock: "CasesOnClock"
    # Comments flagged as describing a hazard with no case yet (a queryset: pages in the
    # database).
    flags: QuerySet
    # Repairs of the year that may describe a hazard in scope, with no case: to check.
    repairs: "RepairsToCheck"


def worklist(*, cases: QuerySet, repairs: QuerySet, areas: list[str] | None,
             now: datetime | None = None, overdue_only: bool = False,
             to_check: bool = True) -> Worklist:
    """The hazards screen: open cases on the clock, and what may need a case opening.

    ``cases`` and ``repairs`` are those the person may see; ``areas`` limits the flags
    (None: every area). ``overdue_only``: only the overdue cases (the counts still cover
    every case in ``cases``). ``to_check``: False leaves out the repairs to check (people
    who do not work hazard cases are not shown them). The lists count cheaply and read
    their rows in full only for the page a screen slices out of them.
    """
    from doorstep.voice.services import flags_needing_case

    now = now or timezone.now()
    flags = flags_needing_case()
    if areas is not None:
        flags = flags.filter(coded_comment__home__area__in=areas)
    on_clock = open_cases_on_clock(among=cases, now=now)
    year = ReportingYear.containing(clocks.uk_date(now))
    return Worklist(
        on_clock=on_clock.only_overdue() if overdue_only else on_clock,
        flags=flags,
        repairs=(repairs_to_check(year=year, among=repairs) if to_check
                 else RepairsToCheck(array("q"), [])),
    )


# The clocks read these fields only: the queue works out every open case's clocks (its
# order is overdue first, then by next deadline) from them, and reads the page's cases in
# full (home, hazard, handler) afterwards.
CLOCK_FIELDS = (
    "pk", "kind", "timescales_apply", "aware_at", "made_safe_at",
    "investigation_concluded_on", "further_works_needed", "summary_sent_on",
    "safety_work_done_on", "further_works_started_on", "further_works_deferred_reason",
)  # fmt: skip


class CasesOnClock:
    """Open cases in the queue's order with their clocks, for a Paginator: counting is
    free, and a slice reads only its own cases in full (one query)."""

    def __init__(self, entries: list[HazardOnClock]):
        self._entries = entries
        self.overdue_count = sum(1 for entry in entries if entry.overdue)

    def __len__(self) -> int:
        return len(self._entries)

    def only_overdue(self) -> "CasesOnClock":
        return CasesOnClock([entry for entry in self._entries if entry.overdue])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1 or None][0]
        chosen = self._entries[index]
        full = (HazardCase.objects.select_related("home", "repair", "handler", "hazard")
                .in_bulk([entry.case.pk for entry in chosen]))
        return [HazardOnClock(full[entry.case.pk], entry.clocks) for entry in chosen
                if entry.case.pk in full]


# Working out a thousand cases' clocks takes about a tenth of a second: above this many open
# cases the order is kept for a minute, under the cases' latest change (every step writes an
# activity row) and the filters, so a step shows at once and a deadline passing within the
# minute.
CACHE_ORDER_FROM = 500
ORDER_TIMEOUT = 60


def open_cases_on_clock(*, among: QuerySet, now: datetime | None = None) -> CasesOnClock:
    """The open cases of ``among`` in the order of ``open_hazards``, their clocks worked out
    from the clock fields alone (one light query for every open case)."""
    now = now or timezone.now()
    cases = (among.filter(closed_on__isnull=True, aware_at__lte=now)
             .only(*CLOCK_FIELDS).order_by("aware_at", "pk"))
    if not cases[CACHE_ORDER_FROM - 1:CACHE_ORDER_FROM].exists():
        return CasesOnClock(_in_order(cases, now=now))
    from django.db.models import Count, Max

    changed = (cases.aggregate(cases=Count("pk"), last=Max("pk")),
               HazardActivity.objects.aggregate(last=Max("pk"))["last"])
    key = "doorstep:hazards:order:" + hashlib.sha256(repr(
        (str(among.query), changed, now.replace(second=0, microsecond=0))).encode()).hexdigest()
    kept = _kept(key, lambda: [(entry.case.pk, entry.clocks)
                               for entry in _in_order(cases, now=now)], timeout=ORDER_TIMEOUT)
    return CasesOnClock([HazardOnClock(_CaseNumber(pk), case_clocks)
                         for pk, case_clocks in kept])


@dataclass(frozen=True)
class _CaseNumber:
    """A case known by its number only, until its page reads it (a model instance for each
    of a thousand cases would cost more than their clocks)."""

    pk: int


def _in_order(cases: QuerySet, *, now: datetime) -> list[HazardOnClock]:
    calendar = england_calendar()
    on_clock = [HazardOnClock(case, hazard_clocks(case=case, now=now, calendar=calendar))
                for case in cases]
    return sorted(on_clock, key=_urgency)


class RepairsToCheck:
    """The year's repairs to check for a hazard, for a Paginator: one (repair, hazard) a row,
    held as two compact arrays; a slice reads only its own repairs (one query) and puts
    them through the phrase rules again for the words to show."""

    def __init__(self, repair_ids: array, hazard_codes: list[str]):
        self._repair_ids = repair_ids
        self._hazard_codes = hazard_codes

    def __len__(self) -> int:
        return len(self._repair_ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1 or None][0]
        from doorstep.hazards.repair_rules import safeguarding_home_ids

        chosen = list(zip(self._repair_ids[index], self._hazard_codes[index], strict=True))
        repairs = Repair.objects.select_related("home", "home__household").in_bulk(
            [repair_id for repair_id, _ in chosen])
        hazards = Hazard.objects.in_bulk({code for _, code in chosen})
        safeguarding = safeguarding_home_ids() if chosen else frozenset()
        rows = []
        for repair_id, code in chosen:
            if repair_id in repairs:
                found = _hazards_of(repairs[repair_id], hazards=hazards,
                                    safeguarding=safeguarding)
                rows += [row for row in found if row.hazard.code == code]
        return rows


# Reading a year's repairs through the phrase rules takes about half a minute at 130,000
# homes (650,000 repairs a year): above this many repairs in the year what they found is kept
# in the cache, until the year's repairs change (a repairs import, see _repairs_version) or
# the rules do, and read again on the worker after each repairs import. Below it the rules
# read the repairs on every visit.
CACHE_MATCHES_FROM = 20_000
MATCHES_TIMEOUT = 6 * 60 * 60


def repairs_to_check(*, year: ReportingYear, among: QuerySet) -> RepairsToCheck:
    """The repairs of ``among`` reported in ``year`` that the phrase rules say may describe a
    hazard in scope and that have no hazard case, in order of reporting (as
    ``repair_hazards``, whose rows with the route "check" these are)."""
    repair_ids, code_numbers, codes = _year_matches(year=year)
    with_case = set(HazardCase.objects.filter(
        repair__reported_at__gte=year.starts_at, repair__reported_at__lt=year.ends_before,
    ).values_list("repair_id", flat=True))
    # A queryset with no condition holds every repair: nothing to check it against.
    visible = None if not among.query.where else set(among.filter(
        reported_at__gte=year.starts_at, reported_at__lt=year.ends_before,
    ).values_list("pk", flat=True))
    kept = [n for n, repair_id in enumerate(repair_ids) if repair_id not in with_case
            and (visible is None or repair_id in visible)]
    return RepairsToCheck(array("q", (repair_ids[n] for n in kept)),
                          [codes[code_numbers[n]] for n in kept])


def _year_matches(*, year: ReportingYear) -> tuple[array, array, tuple[str, ...]]:
    """The year's (repair, hazard) rows as arrays: repair ids, and each row's hazard as a
    number into the tuple of hazard codes (small and quick to keep in the cache)."""
    def read() -> tuple[array, array, tuple[str, ...]]:
        rows = repair_hazards(year=year)
        codes = tuple(sorted({row.hazard.code for row in rows}))
        number = {code: n for n, code in enumerate(codes)}
        return (array("q", (row.repair.pk for row in rows)),
                array("H", (number[row.hazard.code] for row in rows)), codes)

    if not _matches_kept(year):
        return read()

    from doorstep.hazards.repair_rules import phrases

    rules = [(p.hazard, p.field, p.phrase, p.emergency) for p in phrases()]
    key = "doorstep:hazards:repair-matches:" + hashlib.sha256(
        repr((_repairs_version(), year.label, rules)).encode()).hexdigest()
    return _kept(key, read, timeout=MATCHES_TIMEOUT)


# Changed whenever a repair is saved or deleted one at a time (Django's admin, a test): the
# imports, which write in bulk without signals, are known by their own record.
REPAIRS_CHANGED = "doorstep:hazards:repairs-changed"


def repairs_changed(**kwargs) -> None:
    from django.core.cache import cache

    cache.set(REPAIRS_CHANGED, uuid4().hex, timeout=None)


def _repairs_version() -> tuple:
    """What changes when repairs do, cheaply (every visit asks): the latest repairs import,
    the newest repair's id and the token ``repairs_changed`` sets. An import of complaints
    or homes leaves the matches kept."""
    from django.core.cache import cache
    from django.db.models import Max

    from doorstep.imports.models import ImportRun

    latest = ImportRun.objects.filter(dataset="repairs", outcome=ImportRun.Outcome.IMPORTED) \
        .order_by("-pk").values_list("pk", flat=True).first()
    newest = Repair.objects.aggregate(newest=Max("pk"))["newest"]
    return latest, newest, cache.get(REPAIRS_CHANGED)


# What this process last unpickled from the cache, by key: (stamp, value). Unpickling the
# year's 80,000 matches and a thousand cases' clocks on every visit cost more than the rest
# of the hazards screen's work.
_UNPICKLED: dict = {}


def _kept(key: str, compute, *, timeout: int):
    """``compute()``, kept in the cache under ``key``; a short stamp kept beside it says
    whether this process's unpickled copy is still the one kept (the cache may have been
    cleared, or filled again by another process), so the value is unpickled once."""
    from django.core.cache import cache

    stamp = cache.get(key + ":stamp")
    known = _UNPICKLED.get(key)
    if stamp is not None and known is not None and known[0] == stamp:
        return known[1]
    found = cache.get(key) if stamp is not None else None
    if found is None:
        found, stamp = compute(), uuid4().hex
        cache.set(key, found, timeout=timeout)
        cache.set(key + ":stamp", stamp, timeout=timeout)
    if len(_UNPICKLED) >= 16:  # keys change by the minute and the filters: keep a few
        _UNPICKLED.clear()
    _UNPICKLED[key] = (stamp, found)
    return found


def check_repairs_in_background(*, today: date | None = None):
    """After a repairs import, read the year's repairs through the phrase rules on the
    worker, so the first visit to the hazards screen finds them read (a minute's work at
    130,000 homes). Only where the matches are kept (CACHE_MATCHES_FROM repairs or more),
    and one job waiting at a time."""
    from doorstep.ops.jobs import start_job_once
    from doorstep.ops.tasks import check_repairs_for_hazards

    year = ReportingYear.containing(today or timezone.localdate())
    if not _matches_kept(year):
        return None
    return start_job_once(check_repairs_for_hazards,
                          label=f"Check {year.label}'s repairs for hazards", year=year.label)


def _matches_kept(year: ReportingYear) -> bool:
    """Whether the year has enough repairs (CACHE_MATCHES_FROM) for their matches to be kept."""
    in_year = Repair.objects.filter(reported_at__gte=year.starts_at,
                                    reported_at__lt=year.ends_before)
    return in_year[CACHE_MATCHES_FROM - 1:CACHE_MATCHES_FROM].exists()


def read_repairs_for_hazards(*, year: ReportingYear) -> int:
    """The year's repairs read through the phrase rules and kept (see ``_year_matches``);
    how many (repair, hazard) rows were found."""
    repair_ids, _, _ = _year_matches(year=year)
    return len(repair_ids)


def hazard_handlers():
    """Active people whose role lets them work hazard cases, by name (for the handler lists)."""
    from django.contrib.auth import get_user_model

    from doorstep.accounts.models import Role

    return get_user_model().objects.filter(
        is_active=True, profile__role__in=[Role.SERVICE_MANAGER, Role.ADMINISTRATOR],
    ).order_by("first_name", "last_name", "username")
