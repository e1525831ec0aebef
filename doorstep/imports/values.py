"""Parsers for the values in import files, one per kind of column.

Each parser takes the cell's text, already stripped and never empty, and returns the value
to store or raises Invalid with a plain-English reason. They are called for every cell of
files with a million rows, so they avoid work they can skip (see the UTC offset cache).
"""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


class Invalid(ValueError):
    """A cell's value cannot be used; the message is the reason shown to the user."""


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_DATE_EXAMPLE = "write dates as 2025-04-01 or 01/04/2025"
_DATETIME_EXAMPLE = "write date-times as 2025-04-01 14:30 or 01/04/2025 14:30"


def parse_date(text: str) -> date:
    if len(text) == 10 and text[4] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise Invalid(_not_real(text)) from None
    if len(text) == 19 and text.endswith(" 00:00:00"):  # a spreadsheet date cell
        return parse_date(text[:10])
    match = _DMY.match(text)
    if match and match.group(4) is None:
        day, month, year = (int(match.group(n)) for n in (1, 2, 3))
        try:
            return date(year, month, day)
        except ValueError:
            raise Invalid(_not_real(text)) from None
    raise Invalid(f"{text!r} is not a date: {_DATE_EXAMPLE}")


def _not_real(text: str) -> str:
    return f"{text!r} is not a real date (check the day and month)"


# Date-times travel from the parser to the database as UTC text, "YYYY-MM-DD HH:MM:SS": the
# form Django's SQLite backend stores, which PostgreSQL (whose Django connections run in UTC)
# reads as the same instant. Handing the database text rather than datetime objects saves a
# Python adapter call per value, which matters at a million rows; and text in this one fixed
# form still sorts and compares in time order, so row checks can compare it directly.
#
# UK offsets change twice a year: for every other day the offset at midnight holds all day,
# so it is worked out once per day and reused; on the two changeover days each time is
# converted on its own (an autumn time that happens twice is taken as the first, BST, one;
# a spring time that never happens is read with the offset before the change, GMT).
_day_offsets: dict[int, timedelta | None] = {}


def _uk_offset(day_number: int) -> timedelta | None:
    day = date.fromordinal(day_number)
    morning = datetime(day.year, day.month, day.day, 0, 0, tzinfo=UK).utcoffset()
    night = datetime(day.year, day.month, day.day, 23, 59, tzinfo=UK).utcoffset()
    offset = morning if morning == night else None
    _day_offsets[day_number] = offset
    return offset


def uk_local_to_utc(moment: datetime) -> datetime:
    """A naive UK local date-time as a naive UTC one."""
    day_number = moment.toordinal()
    offset = _day_offsets[day_number] if day_number in _day_offsets else _uk_offset(day_number)
    if offset is None:
        return moment.replace(tzinfo=UK).astimezone(UTC).replace(tzinfo=None)
    return moment - offset


def stored_datetime(moment: datetime) -> str:
    """An aware date-time (or a naive UTC one) in the stored UTC text form."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(" ")


def parse_datetime(text: str) -> str:
    """A date-time in UK local time (unless it carries an offset), as stored UTC text."""
    if len(text) >= 16 and text[4] == "-":
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise Invalid(f"{text!r} is not a real date-time: {_DATETIME_EXAMPLE}") from None
    else:
        moment = _parse_dmy_datetime(text)
    if moment.tzinfo is not None:
        return stored_datetime(moment)
    return uk_local_to_utc(moment).isoformat(" ")


def _parse_dmy_datetime(text: str) -> datetime:
    match = _DMY.match(text)
    if not match or match.group(4) is None:
        if match or (len(text) == 10 and text[4] == "-"):
            raise Invalid(f"{text!r} has a date but no time: {_DATETIME_EXAMPLE}")
        raise Invalid(f"{text!r} is not a date-time: {_DATETIME_EXAMPLE}")
    day, month, year, hour, minute = (int(match.group(n)) for n in (1, 2, 3, 4, 5))
    second = int(match.group(6) or 0)
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise Invalid(f"{text!r} is not a real date-time (check the day, month and time)") from None


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def parse_yes_no(text: str) -> bool:
    lowered = text.lower()
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    raise Invalid(f"{text!r} is not yes or no: use yes/no, y/n, true/false or 1/0")


def code_key(text: str) -> str:
    """Codes match whatever their case, spacing, hyphens or underscores."""
    return re.sub(r"[\s_\-]+", "_", text.strip().lower())


def code_parser(codes: dict[str, object], *, what: str):
    """A parser for a column of codes: ``codes`` maps each accepted spelling to its value."""
    table = {code_key(spelling): value for spelling, value in codes.items()}
    listed = ", ".join(dict.fromkeys(str(v) for v in codes.values()))

    def parse(text: str):
        value = table.get(text)
        if value is None:
            value = table.get(code_key(text))
            if value is None:
                raise Invalid(f"{text!r} is not a known {what}: use one of {listed}")
            table[text] = value  # the next row spelling it the same way is a quick hit
        return value

    return parse


PENNY = Decimal("0.01")
MONEY_LIMIT = Decimal(10) ** 10  # the money columns hold 12 digits, 2 of them pence


def parse_money(text: str) -> Decimal:
    """Pounds: '£1,234.5' is fine; rounded to the penny; never negative."""
    cleaned = text if text[0].isdigit() else text.replace("£", "").strip()
    if "," in cleaned:
        cleaned = cleaned.replace(",", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise Invalid(f"{text!r} is not an amount of money") from None
    if not amount.is_finite():
        raise Invalid(f"{text!r} is not an amount of money")
    if amount < 0:
        raise Invalid(f"{text!r} is negative: amounts cannot be below zero")
    if amount >= MONEY_LIMIT:
        raise Invalid(f"{text!r} is too large: amounts must be below £10,000,000,000")
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def whole_number_parser(*, low: int, high: int):
    def parse(text: str) -> int:
        try:
            number = float(text)
        except ValueError:
            raise Invalid(f"{text!r} is not a whole number") from None
        if not number.is_integer():
            raise Invalid(f"{text!r} is not a whole number")
        if not low <= number <= high:
            raise Invalid(f"{text} is outside the allowed range {low} to {high}")
        return int(number)

    return parse


def parse_positive_number(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise Invalid(f"{text!r} is not a number") from None
    if not number > 0 or number == float("inf"):
        raise Invalid(f"{text!r} must be a number above zero")
    return number


def text_parser(*, max_length: int | None = None):
    def parse(text: str) -> str:
        if max_length is not None and len(text) > max_length:
            raise Invalid(f"is {len(text)} characters long; the most allowed is {max_length}")
        return text

    return parse
