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

    def is_complete(self, *, today: date | None = None) -> bool:
        """Whether the year has ended: its 31 March is before today (UK time)."""
        return self.end < (today or uk_today())

    def is_in_progress(self, *, today: date | None = None) -> bool:
        """Begun and not yet ended: its figures are a year to date, provisional."""
        return self.start <= (today or uk_today()) <= self.end

    @property
    def in_progress(self) -> bool:
        """``is_in_progress`` today, for templates."""
        return self.is_in_progress()

    def shown_label(self, *, today: date | None = None) -> str:
        """The label wherever the year is shown: ``2025/26``, or ``2026/27 year to date
        (provisional)`` while the year is still running (a year not begun, offered for
        targets, is only a label)."""
        if self.is_in_progress(today=today):
            return f"{self.label} {PROVISIONAL}"
        return self.label

    @property
    def shown(self) -> str:
        """``shown_label`` for today, for templates."""
        return self.shown_label()


# How a year still running is named wherever it is shown (pickers, headings, exports).
PROVISIONAL = "year to date (provisional)"


def uk_today() -> date:
    """Today in the UK, where reporting years begin and end."""
    return datetime.now(UK).date()


def year_choices(years, *, today: date | None = None) -> list[tuple[str, str]]:
    """A year picker's choices: the label as sent, the shown label as read."""
    return [(year.label, year.shown_label(today=today)) for year in years]


def default_year(years, *, today: date | None = None) -> ReportingYear | None:
    """The year a page shows when none is asked for: the latest complete one.

    One resident's answer in April must not make a year that has barely begun the one every
    page opens on. Only when no year with records is complete (a landlord in its first
    year) is the year in progress shown, labelled provisional.
    """
    years = sorted(years, reverse=True)
    complete = [year for year in years if year.is_complete(today=today)]
    return (complete or years or [None])[0]
