"""Awaab's Law clocks: 24 hours for an emergency hazard, working days for damp and mould.

Worked by hand in the comments. No bank holidays in November 2025; Christmas 2025 has 25
and 26 Dec, New Year 1 Jan 2026.
"""

from datetime import UTC, date, datetime

from doorstep.core.periods import UK
from doorstep.core.workdays import WorkingDayCalendar
from doorstep.hazards.clocks import damp_mould_clocks, emergency_clock

ENGLAND = WorkingDayCalendar()


def test_it_runs_the_24_hour_clock_through_a_weekend():
    # Reported Fri 7 Nov 2025 at 18:30 (GMT): due Sat 8 Nov at 18:30, weekend or not.
    aware = datetime(2025, 11, 7, 18, 30, tzinfo=UK)

    on_saturday_morning = emergency_clock(
        aware_at=aware, made_safe_at=None, now=datetime(2025, 11, 8, 9, 0, tzinfo=UK)
    )
    assert on_saturday_morning.due == datetime(2025, 11, 8, 18, 30, tzinfo=UK)
    assert (on_saturday_morning.status, on_saturday_morning.description) == (
        "due", "Due by Sat 8 Nov 2025 at 18:30 GMT (9 hours 30 min left)"
    )
    on_sunday = emergency_clock(
        aware_at=aware, made_safe_at=None, now=datetime(2025, 11, 9, 10, 0, tzinfo=UK)
    )
    assert (on_sunday.status, on_sunday.description) == (
        "overdue", "Overdue: was due by Sat 8 Nov 2025 at 18:30 GMT (15 hours 30 min ago)"
    )
    made_safe_sunday = emergency_clock(
        aware_at=aware, made_safe_at=datetime(2025, 11, 9, 8, 0, tzinfo=UK),
        now=datetime(2025, 11, 10, 9, 0, tzinfo=UK),
    )
    assert (made_safe_sunday.status, made_safe_sunday.description) == (
        "missed",
        "Made safe Sun 9 Nov 2025 at 08:00 GMT, 13 hours 30 min late "
        "(due by Sat 8 Nov 2025 at 18:30 GMT)",
    )
    made_safe_saturday = emergency_clock(
        aware_at=aware, made_safe_at=datetime(2025, 11, 8, 18, 30, tzinfo=UK),
        now=datetime(2025, 11, 10, 9, 0, tzinfo=UK),
    )
    assert made_safe_saturday.status == "met"  # on the dot is in time


def test_it_counts_24_real_hours_across_the_clock_change():
    # Sat 25 Oct 2025 10:00 BST is 09:00 UTC; the clocks go back on Sunday morning, so 24
    # hours later is Sun 26 Oct 09:00 UTC, which is 09:00 GMT.
    clock = emergency_clock(
        aware_at=datetime(2025, 10, 25, 10, 0, tzinfo=UK), made_safe_at=None,
        now=datetime(2025, 10, 25, 12, 0, tzinfo=UK),
    )
    assert clock.due == datetime(2025, 10, 26, 9, 0, tzinfo=UTC)
    assert clock.description == "Due by Sun 26 Oct 2025 at 09:00 GMT (22 hours left)"


def damp(**facts):
    given = {
        "aware_on": date(2025, 11, 3),
        "investigation_concluded_on": None,
        "summary_sent_on": None,
        "safety_work_done_on": None,
        "further_works_needed": None,
        "further_works_started_on": None,
        "further_works_deferred": False,
        "as_of": date(2025, 11, 18),
        "calendar": ENGLAND,
    }
    return {clock.task: clock for clock in damp_mould_clocks(**given | facts)}


def test_it_reproduces_the_specs_damp_and_mould_example():
    # Aware Mon 3 Nov 2025: investigate within 10 working days: 4-7, 10-14, 17 -> Mon 17 Nov.
    # Concluded Wed 12 Nov: summary within 3 (13, 14, 17 -> Mon 17 Nov); safety work and
    # further works within 5 (13, 14, 17, 18, 19 -> Wed 19 Nov).
    clocks = damp(investigation_concluded_on=date(2025, 11, 12), further_works_needed=True)

    assert {task: clock.due for task, clock in clocks.items()} == {
        "investigate": date(2025, 11, 17),
        "summary": date(2025, 11, 17),
        "safety_work": date(2025, 11, 19),
        "further_works": date(2025, 11, 19),
    }
    assert clocks["investigate"].description == (
        "Done Wed 12 Nov 2025, in time (due by Mon 17 Nov 2025)"
    )
    # Read on Tue 18 Nov with no summary sent: a working day overdue; safety work has one
    # working day left.
    assert (clocks["summary"].status, clocks["summary"].description) == (
        "overdue", "Overdue: was due by Mon 17 Nov 2025 (1 working day ago)"
    )
    assert (clocks["safety_work"].status, clocks["safety_work"].description) == (
        "due", "Due by Wed 19 Nov 2025 (1 working day left)"
    )


def test_it_waits_for_the_investigation_before_starting_the_follow_up_clocks():
    clocks = damp(as_of=date(2025, 11, 10))

    assert clocks["investigate"].description == "Due by Mon 17 Nov 2025 (5 working days left)"
    assert [clock.status for clock in clocks.values()] == ["due", "waiting", "waiting", "waiting"]
    assert clocks["summary"].due is None


def test_it_says_when_the_follow_up_work_was_late_or_in_time():
    clocks = damp(
        investigation_concluded_on=date(2025, 11, 12), summary_sent_on=date(2025, 11, 18),
        safety_work_done_on=date(2025, 11, 19), further_works_needed=False,
        as_of=date(2025, 11, 28),
    )
    assert clocks["summary"].description == (
        "Done Tue 18 Nov 2025, 1 working day late (due by Mon 17 Nov 2025)"
    )
    assert clocks["safety_work"].status == "met"
    assert (clocks["further_works"].status, clocks["further_works"].due) == ("not_needed", None)


def test_it_gives_further_works_12_weeks_when_they_cannot_begin_in_5_working_days():
    # Concluded Wed 12 Nov 2025 + 84 days: 18 days to 30 Nov, 31 to 31 Dec, 31 to 31 Jan,
    # 4 more -> Wed 4 Feb 2026.
    clocks = damp(investigation_concluded_on=date(2025, 11, 12), further_works_needed=True,
                  further_works_deferred=True, as_of=date(2025, 12, 1))
    works = clocks["further_works"]
    assert (works.label, works.due, works.status) == (
        "Further works physically started (12 weeks)", date(2026, 2, 4), "due"
    )


def test_it_counts_the_investigation_across_christmas():
    # Aware Fri 19 Dec 2025: 22, 23, 24, 29, 30, 31 Dec, 2, 5, 6, 7 Jan -> Wed 7 Jan 2026
    # (the spec's 10-working-day example).
    clocks = damp(aware_on=date(2025, 12, 19), as_of=date(2025, 12, 19))
    assert clocks["investigate"].due == date(2026, 1, 7)
