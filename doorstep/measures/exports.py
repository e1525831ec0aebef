"""The records behind a figure as a download: CSV or Excel (XLSX).

Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return,
which some strip before looking) as a formula, and the records hold text typed by other
people (a repair's priority label, a reason). Such a cell is written with a leading
apostrophe, which Excel and LibreOffice show as plain text: the OWASP advice on CSV
injection. Numbers, dates and yes/no values are written as they are.

The records of a year still in progress say so in the file itself, not only on the page
that offered it: every row carries a last column, "reporting year", reading "2026/27 year
to date (provisional)", and the file's name says "year-to-date-provisional". A file kept or
passed on then cannot be taken for the whole year's records.
"""

import csv
import io
from datetime import date, datetime

from openpyxl import Workbook

from doorstep.core.periods import ReportingYear

RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value fit for a spreadsheet cell: text that could run as a formula is defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | date | datetime):
        return value
    text = str(value)
    return "'" + text if text.startswith(RISKY_STARTS) else text


def labelled(*, columns: list[str], rows: list[list], year: ReportingYear
             ) -> tuple[list[str], list[list]]:
    """The columns and rows to write: for a year in progress, with the year's shown label
    ("2026/27 year to date (provisional)") as a last column on every row."""
    if not year.in_progress:
        return columns, rows
    return [*columns, "reporting year"], [[*row, year.shown] for row in rows]


def year_in_name(year: ReportingYear) -> str:
    """The year in a download's file name: 2025-26, or 2026-27-year-to-date-provisional."""
    name = year.label.replace("/", "-")
    return f"{name}-year-to-date-provisional" if year.in_progress else name


def as_csv(*, columns: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads the characters right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(name) for name in columns])
    for row in rows:
        writer.writerow([_csv_value(safe_cell(value)) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_value(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def as_xlsx(*, columns: list[str], rows: list[list], sheet: str) -> bytes:
    book = Workbook(write_only=True)
    worksheet = book.create_sheet(title=sheet[:31])
    worksheet.append([safe_cell(name) for name in columns])
    for row in rows:
        worksheet.append([_xlsx_value(safe_cell(value)) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value):
    # Excel has no time zones: a date-time is written as the local time it shows.
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value
