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
    row_numbers: dict[str, int] = field(default_factory=dict)  # ref -> its row in the file


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


CHUNK = 20_000


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
    checker = _ChunkChecker(dataset, placed, checked, width=len(table.header))
    for chunk in _chunks(table.rows):
        checker.check(chunk)
        if progress:
            progress("checking", table.progress())
    if checked.rows == 0 and not checked.problems:
        checked.problems.append(Problem(None, None, "the file has a header but no rows to import"))
    checked.problems.sort(key=lambda problem: problem.row or 0)  # stable: columns stay in order
    return checked


def _chunks(rows):
    chunk = []
    for number, cells in rows:
        # Blank lines at the end of a spreadsheet are not rows. (any(map(...)) stops at the
        # first cell with text, so a normal row costs one strip.)
        if any(map(str.strip, cells)):
            chunk.append((number, cells))
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


class _Blank(Exception):
    """A required cell is empty: check that column cell by cell to say where."""


class _ChunkChecker:
    """Checks rows a chunk at a time, a column at a time.

    A million-row file means ten million cells, so the work per cell is kept to list
    comprehensions; only a column with a problem in the chunk is gone through again cell by
    cell to say exactly which rows are wrong and why. Rows then go through the dataset's
    row rules one at a time.
    """

    def __init__(self, dataset: Dataset, placed, checked: CheckedFile, *, width: int):
        self.dataset = dataset
        self.checked = checked
        self.width = width
        self.present = [(column, index) for column, index in placed if index is not None]
        self.keys = [column.key for column, _ in self.present]
        self.absent = {column.key: column.default for column, index in placed if index is None}
        self.record_of = itemgetter(*dataset.fields)
        self.children_key = dataset.children.key if dataset.children else None
        self.first_row = checked.row_numbers

    def check(self, chunk: list[tuple[int, list[str]]]) -> None:
        self.checked.rows += len(chunk)
        numbers = [number for number, _ in chunk]
        rows = [cells for _, cells in chunk]
        bad = self._check_widths(numbers, rows)
        parsed = [
            self._parse_column(column, [cells[index] for cells in rows], numbers, bad)
            for column, index in self.present
        ]
        for position, row_values in enumerate(zip(*parsed, strict=True)):
            if position not in bad:
                self._check_row(numbers[position], row_values)

    def _check_widths(self, numbers: list[int], rows: list[list[str]]) -> set[int]:
        bad = set()
        width = self.width
        for position, cells in enumerate(rows):
            if len(cells) == width:
                continue
            if len(cells) < width:  # a short row: the missing cells are blank
                cells.extend([""] * (width - len(cells)))
            elif any(cells[width:]):
                self._problem(numbers[position], None, f"has {len(cells)} cells but the header "
                              f"names {width} columns (is a comma missing its quotes?)")
                bad.add(position)
        return bad

    def _parse_column(self, column: Column, cells: list[str], numbers, bad: set[int]) -> list:
        default = column.default
        if column.free_text:
            return [text if text.strip() else default for text in cells]
        stripped = [text.strip() for text in cells]
        parse = column.parse
        try:
            if column.required and not all(stripped):
                raise _Blank
            return [parse(text) if text else default for text in stripped]
        except (Invalid, _Blank):
            return self._parse_cell_by_cell(column, stripped, numbers, bad)

    def _parse_cell_by_cell(self, column: Column, stripped: list[str], numbers, bad) -> list:
        values = []
        for position, text in enumerate(stripped):
            value = column.default
            if not text:
                if column.required:
                    self._problem(numbers[position], column.name, "is empty: a value is needed")
                    bad.add(position)
            else:
                try:
                    value = column.parse(text)
                except Invalid as invalid:
                    self._problem(numbers[position], column.name, str(invalid), text[:100])
                    bad.add(position)
            values.append(value)
        return values

    def _check_row(self, number: int, row_values: tuple) -> None:
        values = self.absent.copy()
        values.update(zip(self.keys, row_values, strict=True))
        row_problems = list(self.dataset.check_row(values))
        if row_problems:
            for problem in row_problems:
                self._problem(number, problem.column, problem.reason)
            return
        ref = values[self.dataset.ref]
        first = self.first_row.setdefault(ref, number)
        if first != number:
            self._problem(number, self.dataset.ref, f"{ref!r} is already used in row {first}: "
                          "each reference may appear only once in a file")
            return
        self.checked.records[ref] = self.record_of(values)
        if self.children_key:
            self.checked.children[ref] = values[self.children_key]

    def _problem(self, row, column, reason, value="") -> None:
        self.checked.problems.append(Problem(row, column, reason, value))
