"""Reporting periods. A TSM reporting year runs 1 April to 31 March and is written 2025/26."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")

_YEAR = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")


# The first years of the reporting years Doorstep accepts from a person or a file: wide
# enough for any housing record, narrow enough that a typing slip (0000, 9999) is refused
# rather than carried into dates Python cannot make.
FIRST_YEARS = (1980, 2099)


class PeriodError(ValueError):
    """A reporting year written in a way Doorstep does not understand."""


class WholeDays:
    """A period of whole days, UK time, from ``start`` to ``end`` inclusive (subclasses give
    those two dates): the instants to compare date-times with."""

    @property
    def starts_at(self) -> datetime:
        """The first instant of the period, UK time (compare datetimes with >=)."""
        return datetime.combine(self.start, time.min, tzinfo=UK)

    @property
    def ends_before(self) -> datetime:
        """The first instant after the period, UK time (compare datetimes with <)."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UK)


@dataclass(frozen=True, order=True)
class ReportingYear(WholeDays):
    """The year from 1 April ``first_year`` to 31 March ``first_year + 1``."""

    first_year: int

    @classmethod
    def parse(cls, text: str) -> "ReportingYear":
        """Read ``2025/26`` or ``2025-26`` (or ``2025/2026``)."""
        match = _YEAR.match(text or "")
        if not match:
            raise PeriodError(f"{text!r} is not a reporting year: write it like 2025/26")
        first, second = int(match.group(1)), match.group(2)
        if not FIRST_YEARS[0] <= first <= FIRST_YEARS[1]:
            raise PeriodError(
                f"{text!r} is not a reporting year Doorstep can hold: years run from "
                f"{FIRST_YEARS[0]}/{(FIRST_YEARS[0] + 1) % 100:02d} to "
                f"{FIRST_YEARS[1]}/{(FIRST_YEARS[1] + 1) % 100:02d}"
            )
        expected = first + 1
        if int(second) not in (expected, expected % 100):
            raise PeriodError(
                f"{text!r} is not a reporting year: the second year must follow the first, "
                f"as in {first}/{expected % 100:02d}"
            )
        return cls(first)

    @classmethod
    def containing(cls, day: date) -> "ReportingYear":
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.first_year}/{(self.first_year + 1) % 100:02d}"

    @property
    def start(self) -> date:
        return date(self.first_year, 4, 1)

    @property
    def end(self) -> date:
        """Year end, 31 March: the date stock and safety snapshots are taken."""
        return date(self.first_year + 1, 3, 31)

    @property
    def previous(self) -> "ReportingYear":
        return ReportingYear(self.first_year - 1)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label
