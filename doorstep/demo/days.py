"""Day arithmetic for the demo generator, on day numbers (``date.toordinal()``).

The generator writes millions of dates, so it works with plain integers and looks the text
up in a precomputed table instead of calling ``strftime`` per row. Working days follow the
spec's convention (Monday to Friday less bank holidays in England; the start day is day 0).
Which days are working days comes from the product's own calendar
(``doorstep.core.workdays``, without closure days, so no database is needed); this class only
adds tables for fast lookups by day number.
"""

from bisect import bisect_right
from datetime import date, timedelta

from doorstep.core.workdays import WorkingDayCalendar

MINUTES_PER_DAY = 1440


class DemoCalendar:
    """Dates from ``first`` to ``last`` (inclusive) as text, and working-day steps."""

    def __init__(self, *, first: date, last: date):
        self.first = first.toordinal()
        self.last = last.toordinal()
        england = WorkingDayCalendar()
        self._text = []
        self.working_days = []
        # _worked_up_to[i]: how many working days fall on or before first + i.
        self._worked_up_to = []
        day = first
        for ordinal in range(self.first, self.last + 1):
            self._text.append(day.isoformat())
            if england.is_working_day(day):
                self.working_days.append(ordinal)
            self._worked_up_to.append(len(self.working_days))
            day += timedelta(days=1)
        self._months = [int(text[5:7]) for text in self._text]
        self._times = [f"{m // 60:02d}:{m % 60:02d}" for m in range(MINUTES_PER_DAY)]

    def text(self, ordinal: int) -> str:
        return self._text[ordinal - self.first]

    def month(self, ordinal: int) -> int:
        return self._months[ordinal - self.first]

    def moment_text(self, minute: int) -> str:
        """A moment counted in minutes from day 0 of the proleptic calendar, as local time."""
        ordinal, in_day = divmod(minute, MINUTES_PER_DAY)
        return f"{self._text[ordinal - self.first]} {self._times[in_day]}"

    def is_working_day(self, ordinal: int) -> bool:
        index = self._worked_up_to[ordinal - self.first]
        return index > 0 and self.working_days[index - 1] == ordinal

    def add_working_days(self, ordinal: int, days: int) -> int:
        """The ``days``-th working day after ``ordinal`` (which is day 0 whatever it is)."""
        if days <= 0:
            return ordinal
        return self.working_days[self._worked_up_to[ordinal - self.first] + days - 1]

    def working_days_after(self, ordinal: int, last: int) -> int:
        """Working days after ``ordinal`` up to and including ``last``."""
        return self._worked_up_to[last - self.first] - self._worked_up_to[ordinal - self.first]

    def next_working_day_on_or_after(self, ordinal: int) -> int:
        index = bisect_right(self.working_days, ordinal - 1)
        return self.working_days[index]


def safe_minute(minute: int) -> int:
    """Move a moment out of 01:00-01:59 local time.

    When the clocks change that hour is skipped (March) or happens twice (October), so a
    local time in it is missing or ambiguous. Demo data simply never uses it.
    """
    if 60 <= minute % MINUTES_PER_DAY < 120:
        return minute + 60
    return minute
