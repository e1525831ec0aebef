"""Check every row of an import file before anything is written.

The result is either a complete set of rows ready to write or the full list of problems,
each with its row, column and reason; an import never stops at the first bad row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter

from doorstep.imports.framework import Column, Dataset, Lookups, normalise_heading
from doorstep.imports.reading import Table
from doorstep.imports.values import Invalid

PROGRESS_EVERY = 25_000


@dataclass(frozen=True)
class Problem:
    row: int | None  # None for a problem with the file or its header
    column: str | None
    reason: str
    value: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        place = ", ".join(where)
        return f"{place}: {self.reason}" if place else self.reason


@dataclass
class CheckedFile:
    records: dict[str, tuple] = field(default_factory=dict)  # ref -> values in Dataset.fields order
    children: dict[str, tuple] = field(default_factory=dict)  # ref -> child tuples
    problems: list[Problem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    rows: int = 0


def match_columns(dataset: Dataset, columns: list[Column], header: list[str], checked: CheckedFile):
    """Pair each column of the format with its position in the file's header."""
    by_heading: dict[str, Column] = {}
    for column in columns:
        for heading in (column.name, *column.aliases):
            by_heading[normalise_heading(heading)] = column
    positions: dict[str, int] = {}
    for index, heading in enumerate(header):
        column = by_heading.get(normalise_heading(heading))
        if column is None:
            if heading:
                checked.unknown_columns.append(heading)
        elif column.name in positions:
            checked.problems.append(
                Problem(None, column.name, f"the column {column.name} appears more than once")
            )
        else:
            positions[column.name] = index
    for column in columns:
        if column.required and column.name not in positions:
            checked.problems.append(
                Problem(None, column.name, f"the required column {column.name} is missing")
            )
    return [(column, positions.get(column.name)) for column in columns]


def check_table(
    dataset: Dataset,
    table: Table,
    *,
    lookups: Lookups,
    progress: Callable[[str, float], None] | None = None,
) -> CheckedFile:
    checked = CheckedFile()
    columns = dataset.columns(lookups)
    placed = match_columns(dataset, columns, table.header, checked)
    if checked.problems:
        return checked  # no point reading rows against a header that does not fit
    # Per-cell work runs millions of times on a large file: keep the loop lean.
    present = [
        (column.key, column.name, column.parse, column.required, column.default,
         column.free_text, index)
        for column, index in placed
        if index is not None
    ]
    absent = {column.key: column.default for column, index in placed if index is None}
    first_row: dict[str, int] = {}
    header_width = len(table.header)
    ref_key = dataset.ref
    record_of = itemgetter(*dataset.fields)
    children_key = dataset.children.key if dataset.children else None
    problems = checked.problems
    for number, cells in table.rows:
        if not any(cells):
            continue  # blank lines at the end of a spreadsheet are not rows
        checked.rows += 1
        if progress and checked.rows % PROGRESS_EVERY == 0:
            progress("checking", table.progress())
        width = len(cells)
        if width > header_width and any(cells[header_width:]):
            problems.append(Problem(number, None, f"has {width} cells but the header names "
                                    f"{header_width} columns (is a comma missing its quotes?)"))
            continue
        values = absent.copy()
        row_ok = True
        for key, name, parse, required, default, free_text, index in present:
            raw = cells[index] if index < width else ""
            text = raw.strip()
            if not text:
                if required:
                    problems.append(Problem(number, name, "is empty: a value is needed"))
                    row_ok = False
                values[key] = default
                continue
            try:
                values[key] = parse(raw if free_text else text)
            except Invalid as invalid:
                problems.append(Problem(number, name, str(invalid), text[:100]))
                row_ok = False
        if not row_ok:
            continue
        row_problems = list(dataset.check_row(values))
        if row_problems:
            problems.extend(Problem(number, p.column, p.reason) for p in row_problems)
            continue
        ref = values[ref_key]
        if ref in first_row:
            problems.append(
                Problem(number, ref_key, f"{ref!r} is already used in row {first_row[ref]}: "
                        "each reference may appear only once in a file")
            )
            continue
        first_row[ref] = number
        checked.records[ref] = record_of(values)
        if children_key:
            checked.children[ref] = values[children_key]
    if checked.rows == 0 and not problems:
        problems.append(Problem(None, None, "the file has a header but no rows to import"))
    return checked
