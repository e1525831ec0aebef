"""Awaab's Law clocks, as pure functions (no database: the caller passes the calendar).

- Emergency hazard: investigate and make safe within 24 hours of becoming aware. A clock in
  hours, running through nights, weekends and bank holidays; 24 hours of real time, so
  across the October clock change it ends at 09:00 GMT for a report at 10:00 BST.
- A significant hazard (any HHSRS hazard once it is in scope; damp and mould first), in
  working days (the start is day 0, as for complaints):
  investigate within 10 of becoming aware; a written summary of the findings within 3 of the
  investigation concluding; safety work within 5 of it; further works begun within 5 of it,
  or, where that is not possible, physically started within 12 weeks (84 days) of it.

The clocks that run from the investigation have not started until it concludes: their
status is "waiting". A case outside Awaab's Law's timescales (a hazard not yet in scope when
the landlord became aware) keeps its tasks but no deadline: each is "outside". Statuses:
met, missed, due, overdue, waiting, not needed, outside. A done date
is only known once it has happened: as for complaints, the clocks are read as they stood on
``as_of``.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from doorstep.core.periods import UK

EMERGENCY_HOURS = 24
INVESTIGATE_DAYS = 10
SUMMARY_DAYS = 3
SAFETY_WORK_DAYS = 5
FURTHER_WORKS_DAYS = 5
FURTHER_WORKS_LONGEST = timedelta(weeks=12)

MET = "met"
MISSED = "missed"
DUE = "due"
OVERDUE = "overdue"
WAITING = "waiting"
NOT_NEEDED = "not_needed"
OUTSIDE = "outside"


@dataclass(frozen=True)
class HazardClock:
    task: str  # make_safe, investigate, summary, safety_work, further_works
    label: str
    due: date | datetime | None  # None while waiting for the investigation
    done: date | datetime | None
    status: str
    description: str  # where it stands, in plain English

    @property
    def is_overdue(self) -> bool:
        return self.status == OVERDUE

    @property
    def is_open(self) -> bool:
        return self.status in (DUE, OVERDUE)


def emergency_clock(*, aware_at: datetime, made_safe_at: datetime | None,
                    now: datetime) -> HazardClock:
    """Investigate and make safe within 24 hours of becoming aware."""
    # Python adds and subtracts date-times of one time zone on the wall clock, which would
    # make the day the clocks go back 25 hours long: count real hours, in UTC.
    aware_at, now = aware_at.astimezone(UTC), now.astimezone(UTC)
    made_safe_at = made_safe_at.astimezone(UTC) if made_safe_at else None
    due = aware_at + timedelta(hours=EMERGENCY_HOURS)
    done = made_safe_at if made_safe_at is not None and made_safe_at <= now else None
    label = "Investigate and make safe"
    if done is not None:
        if done <= due:
            text = f"Made safe {describe_moment(done)}, in time (due by {describe_moment(due)})"
            return HazardClock("make_safe", label, due, done, MET, text)
        text = (f"Made safe {describe_moment(done)}, {_hours(done - due)} late "
                f"(due by {describe_moment(due)})")
        return HazardClock("make_safe", label, due, done, MISSED, text)
    if now <= due:
        text = f"Due by {describe_moment(due)} ({_hours(due - now)} left)"
        return HazardClock("make_safe", label, due, None, DUE, text)
    text = f"Overdue: was due by {describe_moment(due)} ({_hours(now - due)} ago)"
    return HazardClock("make_safe", label, due, None, OVERDUE, text)


def significant_hazard_clocks(
    *,
    aware_on: date,
    investigation_concluded_on: date | None,
    summary_sent_on: date | None,
    safety_work_done_on: date | None,
    further_works_needed: bool | None,
    further_works_started_on: date | None,
    further_works_deferred: bool,
    as_of: date,
    calendar,
) -> list[HazardClock]:
    """The clocks of a significant hazard, in order: investigate, summary, safety work,
    further works."""
    concluded = _known(investigation_concluded_on, as_of=as_of)
    clocks = [
        _day_clock(
            "investigate", "Investigate", due=calendar.add_working_days(aware_on, INVESTIGATE_DAYS),
            done=concluded, as_of=as_of, calendar=calendar,
        )
    ]
    follow_ups = [
        ("summary", "Written summary of findings to the tenant", SUMMARY_DAYS, summary_sent_on),
        ("safety_work", "Safety work", SAFETY_WORK_DAYS, safety_work_done_on),
    ]
    for task, label, days, done in follow_ups:
        due = calendar.add_working_days(concluded, days) if concluded else None
        clocks.append(_day_clock(
            task, label, due=due, done=_known(done, as_of=as_of), as_of=as_of, calendar=calendar
        ))
    clocks.append(_further_works(
        concluded=concluded, needed=further_works_needed, deferred=further_works_deferred,
        started=_known(further_works_started_on, as_of=as_of), as_of=as_of, calendar=calendar,
    ))
    return clocks


damp_mould_clocks = significant_hazard_clocks  # the name before the hazard list


def outside_timescales(clocks: list[HazardClock]) -> list[HazardClock]:
    """The same tasks with no deadline, for a case outside Awaab's Law's timescales: what was
    done and when, never "overdue"."""
    outside = []
    for clock in clocks:
        if clock.status == NOT_NEEDED:
            outside.append(clock)
            continue
        if clock.done is not None:
            when = describe_moment(clock.done) if isinstance(clock.done, datetime) \
                else describe_day(clock.done)
            text = f"Done {when}; no deadline: outside Awaab's Law timescales"
        else:
            text = "Not done yet; no deadline: outside Awaab's Law timescales"
        outside.append(HazardClock(clock.task, clock.label, None, clock.done, OUTSIDE, text))
    return outside


def _further_works(*, concluded, needed, deferred, started, as_of, calendar) -> HazardClock:
    label = "Further works begun"
    if concluded and needed is False:
        return HazardClock(
            "further_works", label, None, None, NOT_NEEDED,
            "Not needed: the investigation found no further works were required",
        )
    if concluded and deferred:
        # Not possible within 5 working days: physically started within 12 weeks instead.
        due = concluded + FURTHER_WORKS_LONGEST
        label = "Further works physically started (12 weeks)"
    else:
        due = calendar.add_working_days(concluded, FURTHER_WORKS_DAYS) if concluded else None
    return _day_clock(
        "further_works", label, due=due, done=started, as_of=as_of, calendar=calendar
    )


def _day_clock(task, label, *, due: date | None, done: date | None, as_of: date,
               calendar) -> HazardClock:
    if due is None:
        return HazardClock(
            task, label, None, done, WAITING,
            "Waiting: this clock starts when the investigation concludes",
        )
    if done is not None:
        if done <= due:
            text = f"Done {describe_day(done)}, in time (due by {describe_day(due)})"
            return HazardClock(task, label, due, done, MET, text)
        late = max(calendar.working_days_between(due, done), 1)
        text = f"Done {describe_day(done)}, {_working_days(late)} late (due by {describe_day(due)})"
        return HazardClock(task, label, due, done, MISSED, text)
    if due >= as_of:
        left = calendar.working_days_between(as_of, due)
        text = (
            "Due today" if due == as_of
            else f"Due by {describe_day(due)} ({_working_days(left)} left)"
        )
        return HazardClock(task, label, due, None, DUE, text)
    late = calendar.working_days_between(due, as_of)
    text = f"Overdue: was due by {describe_day(due)} ({_working_days(late)} ago)"
    return HazardClock(task, label, due, None, OVERDUE, text)


def _known(day: date | None, *, as_of: date) -> date | None:
    return day if day is not None and day <= as_of else None


def uk_date(moment: datetime) -> date:
    """The day in the UK on which ``moment`` fell (day 0 of the working-day clocks)."""
    return moment.astimezone(UK).date()


def describe_moment(moment: datetime) -> str:
    local = moment.astimezone(UK)
    return f"{local:%a} {local.day} {local:%b %Y} at {local:%H:%M} {local.tzname()}"


def describe_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _hours(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} hour{'s' if hours != 1 else ''} {minutes} min"
    if hours:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} min"


def _working_days(n: int) -> str:
    return f"{n} working day{'s' if n != 1 else ''}"
