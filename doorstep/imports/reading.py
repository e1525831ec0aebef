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

# Limits against hostile files, checked before anything is read (docs/import-formats.md).
# The widest format has about 30 columns; a file with more than this is not an extract.
MAX_COLUMNS = 500
# A CSV header row longer than this is refused before it is parsed (500 long headings).
MAX_HEADER_BYTES = 1 << 20
# An XLSX file is a zip archive: it is checked as one before openpyxl opens it. A real
# workbook has a dozen entries and its sheets unpack to about 10 times their packed size
# (100,000 repairs: 6.7 MB packed, 69 MB unpacked); a zip bomb packs gigabytes of
# repetition into a few megabytes, at hundreds or thousands to one.
XLSX_MAX_ENTRIES = 1000
XLSX_MAX_UNPACKED_BYTES = 2 << 30  # 2 GiB: about 3 million rows of repairs
XLSX_MAX_RATIO = 100  # unpacked to packed, for any entry over XLSX_RATIO_FROM bytes
XLSX_RATIO_FROM = 1 << 20


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


def check_columns(header: list[str]) -> None:
    """Refuse a header with more columns than any format could use."""
    if len(header) > MAX_COLUMNS:
        raise FileProblem(
            f"The header row has {len(header):,} columns; an import file may have at most "
            f"{MAX_COLUMNS:,}. Check that this is the right file, or remove the columns that "
            "are not in the format"
        )


def _check_header_length(path: Path) -> None:
    with path.open("rb") as probe:
        first_line = probe.readline(MAX_HEADER_BYTES + 1)
    if len(first_line) > MAX_HEADER_BYTES and not first_line.endswith(b"\n"):
        raise FileProblem(
            f"The header row is longer than {MAX_HEADER_BYTES // 1024:,} KB: it cannot be a "
            "row of column names. Check that this is the right file"
        )


def _open_csv(path: Path) -> Table:
    size = path.stat().st_size
    _check_header_length(path)
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
    try:
        check_columns(header)
    except FileProblem:
        handle.close()
        raise

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


def check_zip(path: Path) -> None:
    """Refuse an XLSX file whose archive is not what a workbook looks like: too many
    entries, too much when unpacked, or packed far tighter than a spreadsheet packs.

    The sizes are those the archive declares; Python's zipfile (which openpyxl reads
    through) never unpacks more than an entry declares, so a lying archive stops there."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileProblem(
            "This is not a CSV file or an Excel workbook (.xlsx) that can be read"
        ) from None
    refusal = ("This file is refused as unsafe to open: {why}. A workbook saved by Excel "
               "or LibreOffice never looks like this; save the sheet as 'CSV UTF-8' and "
               "import that instead")
    if len(entries) > XLSX_MAX_ENTRIES:
        raise FileProblem(refusal.format(
            why=f"it holds {len(entries):,} files inside (a workbook has a few dozen; at "
            f"most {XLSX_MAX_ENTRIES:,} are accepted)"))
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > XLSX_MAX_UNPACKED_BYTES:
        raise FileProblem(refusal.format(
            why=f"it would unpack to {unpacked / (1 << 20):,.0f} MB (at most "
            f"{XLSX_MAX_UNPACKED_BYTES / (1 << 20):,.0f} MB are accepted)"))
    for entry in entries:
        if entry.file_size > XLSX_RATIO_FROM and (
            entry.file_size > XLSX_MAX_RATIO * max(entry.compress_size, 1)
        ):
            ratio = entry.file_size / max(entry.compress_size, 1)
            raise FileProblem(refusal.format(
                why=f"its part {entry.filename[:80]!r} unpacks to {ratio:,.0f} times its "
                f"packed size (a spreadsheet packs about 10 to 1; at most {XLSX_MAX_RATIO} "
                "to 1 is accepted), which is how a zip bomb is made"))


def _open_xlsx(path: Path, *, dataset: str) -> Table:
    from openpyxl import load_workbook

    check_zip(path)

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
    try:
        check_columns(header)
    except FileProblem:
        close()
        raise
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

