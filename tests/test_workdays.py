"""The working-day calendar: England's bank holidays, weekends and the organisation's closures.

Every expected date below was worked out by hand from a calendar and GOV.UK's list of bank
holidays in England and Wales; the comments list the working days counted.
"""

from datetime import date

import pytest

from doorstep.core.models import ClosureDay
from doorstep.core.workdays import WorkingDayCalendar, england_calendar

ENGLAND = WorkingDayCalendar()


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Fri 19 Dec 2025: 22, 23, 24, (25, 26 holidays), 29, 30 -> Tue 30 Dec.
        (date(2025, 12, 19), 5, date(2025, 12, 30)),
        # ... 31 Dec, (1 Jan holiday), 2, 5, 6, 7 Jan -> Wed 7 Jan 2026.
        (date(2025, 12, 19), 10, date(2026, 1, 7)),
        # Mon 14 Apr 2025: 15, 16, 17, (18 Good Friday, 21 Easter Monday), 22, 23 -> Wed 23 Apr.
        (date(2025, 4, 14), 5, date(2025, 4, 23)),
        # ... 24, 25, 28, 29, 30 -> Wed 30 Apr.
        (date(2025, 4, 14), 10, date(2025, 4, 30)),
        # Tue 15 Apr 2025: 16, 17, 22, 23, 24, 25, 28, 29, 30 Apr, 1 May -> Thu 1 May.
        (date(2025, 4, 15), 10, date(2025, 5, 1)),
        # ... 2, (5 May bank holiday), 6, 7, 8, 9, 12, 13, 14, 15, 16 -> Fri 16 May.
        (date(2025, 4, 15), 20, date(2025, 5, 16)),
        # Thu 1 May 2025: 2, 6-9 (5 is a holiday), 12-16, 19-23, 27-30 (26 is a holiday),
        # 2 Jun: 1 + 4 + 5 + 5 + 4 + 1 = 20 -> Mon 2 Jun.
        (date(2025, 5, 1), 20, date(2025, 6, 2)),
        # Awaab's Law: aware Mon 3 Nov 2025, 4-7, 10-14, 17 -> investigate by Mon 17 Nov.
        (date(2025, 11, 3), 10, date(2025, 11, 17)),
        # Investigation concluded Wed 12 Nov: 13, 14, 17 -> summary by Mon 17 Nov ...
        (date(2025, 11, 12), 3, date(2025, 11, 17)),
        # ... 18, 19 -> safety work by Wed 19 Nov.
        (date(2025, 11, 12), 5, date(2025, 11, 19)),
    ],
)
def test_it_reproduces_the_spec_worked_examples(start, n, expected):
    assert ENGLAND.add_working_days(start, n) == expected


def test_it_counts_day_zero_as_the_start_whatever_day_it_is():
    # Received Sat 4 Jan 2025: day 1 is Mon 6 Jan, day 5 is Fri 10 Jan.
    assert ENGLAND.add_working_days(date(2025, 1, 4), 1) == date(2025, 1, 6)
    assert ENGLAND.add_working_days(date(2025, 1, 4), 5) == date(2025, 1, 10)
    # Received on Christmas Day 2025 (Thu): 29, 30, 31 Dec, 2, 5 Jan -> Mon 5 Jan 2026.
    assert ENGLAND.add_working_days(date(2025, 12, 25), 5) == date(2026, 1, 5)
    # Zero working days is the start date itself, even on a Sunday.
    assert ENGLAND.add_working_days(date(2025, 1, 5), 0) == date(2025, 1, 5)


def test_it_skips_weekends():
    assert ENGLAND.is_working_day(date(2025, 6, 6))  # Friday
    assert not ENGLAND.is_working_day(date(2025, 6, 7))  # Saturday
    assert not ENGLAND.is_working_day(date(2025, 6, 8))  # Sunday
    # Fri 6 Jun 2025 + 1 = Mon 9 Jun.
    assert ENGLAND.add_working_days(date(2025, 6, 6), 1) == date(2025, 6, 9)


def test_it_skips_christmas_and_easter():
    for holiday in [date(2024, 12, 25), date(2024, 12, 26), date(2024, 3, 29), date(2024, 4, 1)]:
        assert not ENGLAND.is_working_day(holiday), holiday
    # Tue 24 Dec 2024 + 1: (25, 26 holidays) -> Fri 27 Dec.
    assert ENGLAND.add_working_days(date(2024, 12, 24), 1) == date(2024, 12, 27)
    # Thu 28 Mar 2024 + 1: (Good Friday 29, weekend, Easter Monday 1 Apr) -> Tue 2 Apr.
    assert ENGLAND.add_working_days(date(2024, 3, 28), 1) == date(2024, 4, 2)


def test_it_knows_substitute_days():
    # Boxing Day 2026 is a Saturday, so Mon 28 Dec 2026 is the substitute bank holiday.
    assert not ENGLAND.is_working_day(date(2026, 12, 28))
    # Thu 24 Dec 2026 + 1: (Fri 25 holiday, weekend, Mon 28 substitute) -> Tue 29 Dec.
    assert ENGLAND.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_it_knows_the_one_off_coronation_bank_holiday():
    assert not ENGLAND.is_working_day(date(2023, 5, 8))
    # Fri 5 May 2023 + 1: (weekend, Mon 8 May coronation) -> Tue 9 May.
    assert ENGLAND.add_working_days(date(2023, 5, 5), 1) == date(2023, 5, 9)
    # 8 May 2024 was an ordinary Wednesday.
    assert ENGLAND.is_working_day(date(2024, 5, 8))


def test_it_skips_a_closure_day():
    closed = WorkingDayCalendar(closures=[date(2025, 12, 24)])
    assert not closed.is_working_day(date(2025, 12, 24))
    # Fri 19 Dec 2025 + 5 with 24 Dec closed: 22, 23, 29, 30, 31 -> Wed 31 Dec (not Tue 30).
    assert closed.add_working_days(date(2025, 12, 19), 5) == date(2025, 12, 31)
    assert ENGLAND.add_working_days(date(2025, 12, 19), 5) == date(2025, 12, 30)


def test_it_counts_working_days_taken():
    # Received Mon 14 Apr 2025, responded Wed 30 Apr: 15, 16, 17, 22-25, 28-30 = 10.
    assert ENGLAND.working_days_between(date(2025, 4, 14), date(2025, 4, 30)) == 10
    # Same day: none taken. Fri to the Monday after: one.
    assert ENGLAND.working_days_between(date(2025, 4, 14), date(2025, 4, 14)) == 0
    assert ENGLAND.working_days_between(date(2025, 6, 6), date(2025, 6, 9)) == 1
    # Fri 19 Dec 2025 to Sun 28 Dec: 22, 23, 24 = 3 (Christmas and the weekend skipped).
    assert ENGLAND.working_days_between(date(2025, 12, 19), date(2025, 12, 28)) == 3
    # Dates the wrong way round come out negative so the mistake shows.
    assert ENGLAND.working_days_between(date(2025, 4, 30), date(2025, 4, 14)) == -10


def test_it_is_the_inverse_of_adding_working_days():
    start = date(2024, 12, 20)
    for n in range(0, 400, 7):
        assert ENGLAND.working_days_between(start, ENGLAND.add_working_days(start, n)) == n


def test_it_works_far_from_the_years_it_was_built_for():
    # Sat 1 Jan 2050; Mon 3 Jan is the substitute New Year holiday: 4, 5, 6, 7, 10 -> 10 Jan.
    assert ENGLAND.add_working_days(date(2050, 1, 1), 5) == date(2050, 1, 10)
    # Mon 1 Jan 1990 was New Year's Day: 2, 3, 4, 5, 8 -> Mon 8 Jan.
    assert ENGLAND.add_working_days(date(1990, 1, 1), 5) == date(1990, 1, 8)
    # 300 working days from 31 Dec 2029 runs past the years the calendar first built.
    start = date(2029, 12, 31)
    end = ENGLAND.add_working_days(start, 300)
    assert ENGLAND.working_days_between(start, end) == 300


def test_it_refuses_a_negative_number_of_days():
    with pytest.raises(ValueError, match="must be 0 or more"):
        ENGLAND.add_working_days(date(2025, 4, 14), -1)


@pytest.mark.django_db
def test_it_loads_closure_days_added_by_an_administrator():
    assert england_calendar().add_working_days(date(2025, 12, 19), 5) == date(2025, 12, 30)
    ClosureDay.objects.create(date=date(2025, 12, 29), reason="Extra Christmas closure")
    # 22, 23, 24, (25, 26, 29 closed), 30, 31 -> Wed 31 Dec.
    assert england_calendar().add_working_days(date(2025, 12, 19), 5) == date(2025, 12, 31)
    ClosureDay.objects.all().delete()
    assert england_calendar().add_working_days(date(2025, 12, 19), 5) == date(2025, 12, 30)


@pytest.mark.django_db
def test_it_reuses_the_calendar_while_the_closures_are_unchanged():
    ClosureDay.objects.create(date=date(2025, 8, 1), reason="Staff away day")
    first = england_calendar()
    assert england_calendar() is first
    assert not first.is_working_day(date(2025, 8, 1))
