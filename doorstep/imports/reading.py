"""Open an import file (CSV or XLSX) as a header and a stream of rows of text.

Whole-file problems (not CSV or XLSX, not UTF-8, empty, no header) raise FileProblem with a
plain-English message; row-level problems are the importer's business.
"""

import csv
import hashlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from xml.etree.ElementTree import ParseError

XLSX_SIGNATURE = b"PK\x03\x04"
OLD_EXCEL_SIGNATURE = b"\xd0\xcf\x11\xe0"


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why in plain English."""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells)
    progress: "callable"  # () -> fraction of the file read so far, 0.0 to 1.0


def open_table(path: Path, *, dataset: str) -> Table:
    path = Path(path)
    if not path.is_file():
        raise FileProblem(f"There is no file at {path}")
    with path.open("rb") as probe:
        start = probe.read(8192)
    if not start:
        raise FileProblem("The file is empty: it needs a header row and at least one row")
    if start.startswith(XLSX_SIGNATURE):
        return _open_xlsx(path, dataset=dataset)
    if start.startswith(OLD_EXCEL_SIGNATURE):
        raise FileProblem(
            "This is an old Excel (.xls) file: save it as an Excel workbook (.xlsx) or as "
            "'CSV UTF-8' and import that"
        )
    if b"\x00" in start:
        raise FileProblem("This is not a CSV or XLSX file (it holds binary data)")
    return _open_csv(path)


def _open_csv(path: Path) -> Table:
    size = path.stat().st_size
    handle = path.open("r", encoding="utf-8-sig", newline="", errors="strict")
    reader = csv.reader(handle)
    try:
        header = next(reader, None)
    except UnicodeDecodeError:
        handle.close()
        raise FileProblem(_not_utf8(path)) from None
    except csv.Error as problem:
        handle.close()
        raise FileProblem(f"The header row is not valid CSV: {problem}") from None
    if header is None or not any(cell.strip() for cell in header):
        handle.close()
        raise FileProblem("The file has no header row: the first row must name the columns")

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 1
        try:
            for number, cells in enumerate(reader, start=2):  # noqa: B007 (used after)
                yield number, cells
        except UnicodeDecodeError:
            raise FileProblem(_not_utf8(path)) from None
        except csv.Error as problem:
            raise FileProblem(f"Row {number + 1} is not valid CSV: {problem}") from None
        finally:
            handle.close()

    def progress() -> float:
        try:
            return min(1.0, handle.buffer.tell() / size)
        except (ValueError, OSError):  # closed: reading has finished
            return 1.0

    return Table(header=[cell.strip() for cell in header], rows=rows(), progress=progress)


def _not_utf8(path: Path) -> str:
    """Text is decoded in large blocks, so find the first bad line again to name it."""
    where = ""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                where = f" (the first character that is not UTF-8 is on line {number})"
                break
    return (
        f"The file is not UTF-8 text{where}. In Excel choose Save As > 'CSV UTF-8 (Comma "
        "delimited)', or import the .xlsx workbook instead"
    )


def _open_xlsx(path: Path, *, dataset: str) -> Table:
    from openpyxl import load_workbook

    # An open file, not the path: openpyxl refuses names not ending in .xlsx, and an upload
    # or a renamed file may have any name. Closing the workbook does not close it.
    handle = path.open("rb")
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError):
        handle.close()
        raise FileProblem(
            "This is not a CSV file or an Excel workbook (.xlsx) that can be read"
        ) from None

    def close() -> None:
        workbook.close()
        handle.close()

    sheet = _pick_sheet(workbook, dataset=dataset)
    total = max(sheet.max_row or 1, 1)
    cells = sheet.iter_rows(values_only=True)
    header = [_cell_text(c).strip() for c in next(cells, None) or ()]
    if not any(header):
        close()
        raise FileProblem(
            f"The sheet '{sheet.title}' is empty: its first row must name the columns"
        )
    state = {"row": 1}

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, row in enumerate(cells, start=2):
                state["row"] = number
                yield number, [_cell_text(c) for c in row]
        finally:
            close()

    return Table(header=header, rows=rows(), progress=lambda: min(1.0, state["row"] / total))


def _pick_sheet(workbook, *, dataset: str):
    wanted = dataset.replace("_", "").lower()
    for sheet in workbook.worksheets:
        if sheet.title.replace("_", "").replace(" ", "").lower() == wanted:
            return sheet
    return workbook.worksheets[0]


def _cell_text(value) -> str:
    """Spreadsheet cells come typed; the importer reads text, so write them as the CSV would."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        if value.time() == time.min:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)  # as given: free text keeps its spaces; checking trims the rest


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

