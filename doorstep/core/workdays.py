"""England's working days, for every clock counted in working days.

A working day is Monday to Friday, excluding bank holidays in England (from the ``holidays``
package: one-off days such as 8 May 2023 and substitute days such as 28 Dec 2026 included)
and any closure days the organisation adds (``ClosureDay`` in the admin).

"Within N working days of D" means on or before the N-th working day after D, and D itself
is day 0 whatever day of the week it is (the ``day_zero`` convention): a complaint received
on a Saturday has its first working day on the Monday.

The measures engine evaluates these clocks for hundreds of thousands of complaints, so a
calendar keeps the working days of a span of years as a sorted list of day ordinals and
answers each question with a binary search. The span grows by itself when asked about a
date outside it.

Use::

    calendar = england_calendar()       # bank holidays plus the ClosureDay rows
    calendar.add_working_days(date(2025, 12, 19), 5)   # date(2025, 12, 30)
    calendar.working_days_between(received, responded)  # "days taken"
"""

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

import holidays

# The span built up front; dates outside it widen the span when they are first asked about.
_FIRST_YEAR = 2015
_LAST_YEAR = date.today().year + 3
# Widen by whole blocks of years so that a run of later dates does not rebuild every time.
_GROWTH_YEARS = 5


class WorkingDayCalendar:
    """Working days in England, less the given closure days."""

    def __init__(self, closures: Iterable[date] = ()):
        self.closures = frozenset(closures)
        self._build(
            first_year=min([_FIRST_YEAR, *(day.year for day in self.closures)]),
            last_year=max([_LAST_YEAR, *(day.year for day in self.closures)]),
        )

    def __repr__(self) -> str:
        return f"WorkingDayCalendar(closures={sorted(self.closures)!r})"

    def _build(self, *, first_year: int, last_year: int) -> None:
        bank_holidays = holidays.country_holidays(
            "GB", subdiv="ENG", years=range(first_year, last_year + 1)
        )
        first = date(first_year, 1, 1).toordinal()
        last = date(last_year, 12, 31).toordinal()
        # Ordinal 1 (1 Jan 0001) was a Monday, so ordinal % 7 is 1..5 on Monday to Friday.
        ordinals = [
            ordinal
            for ordinal in range(first, last + 1)
            if ordinal % 7 not in (0, 6)
            and (day := date.fromordinal(ordinal)) not in bank_holidays
            and day not in self.closures
        ]
        # One calendar is shared by every caller (see england_calendar), so the new span is
        # put in place all at once, never half built.
        self._holidays, self._ordinals = bank_holidays, ordinals
        self._first_year, self._last_year = first_year, last_year

    def _cover(self, day: date) -> None:
        """Widen the span so that it contains ``day`` (rarely needed: real dates are recent)."""
        if day.year < self._first_year:
            self._build(
                first_year=max(day.year - _GROWTH_YEARS, date.min.year),
                last_year=self._last_year,
            )
        elif day.year > self._last_year:
            self._build(
                first_year=self._first_year,
                last_year=min(day.year + _GROWTH_YEARS, date.max.year),
            )

    def is_working_day(self, day: date) -> bool:
        self._cover(day)
        return day.weekday() < 5 and day not in self._holidays and day not in self.closures

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (``start`` is day 0, whatever day it is)."""
        if n < 0:
            raise ValueError(f"Cannot count {n} working days: the number must be 0 or more")
        if n == 0:
            return start
        self._cover(start)
        # Working days on or before the start do not count; the answer is n places further on.
        position = bisect_right(self._ordinals, start.toordinal()) + n - 1
        while position >= len(self._ordinals):
            if self._last_year >= date.max.year:
                raise ValueError(f"{n} working days after {start} is beyond the calendar")
            self._cover(date(self._last_year + 1, 1, 1))
            position = bisect_right(self._ordinals, start.toordinal()) + n - 1
        return date.fromordinal(self._ordinals[position])

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` ("days taken").

        Negative when ``end`` is before ``start`` (a date entered the wrong way round), so
        that the mistake shows rather than reading as "same day".
        """
        if end < start:
            return -self.working_days_between(end, start)
        self._cover(start)
        self._cover(end)
        return bisect_right(self._ordinals, end.toordinal()) - bisect_right(
            self._ordinals, start.toordinal()
        )


@lru_cache(maxsize=8)
def _calendar_with(closures: frozenset[date]) -> WorkingDayCalendar:
    return WorkingDayCalendar(closures)


def england_calendar() -> WorkingDayCalendar:
    """England's calendar with the organisation's closure days.

    One small query per call (the closure dates); the calendar itself is cached on that set
    of dates, so adding or removing a closure day in the admin takes effect at once in every
    process without any signal or cache clearing. Call it once per computation, not per row.
    """
    from doorstep.core.models import ClosureDay

    closures = frozenset(ClosureDay.objects.values_list("date", flat=True))
    return _calendar_with(closures)
