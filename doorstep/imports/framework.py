"""How an import dataset is described: its columns, how each is read, and row-level rules.

Each domain app describes its own datasets in its ``importers.py``; ``datasets.py`` lists
them in import order. ``services.import_file`` does the reading, checking and writing.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import models

from doorstep.imports.values import Invalid


class HomeLink(NamedTuple):
    id: int
    tenure: str


@dataclass(frozen=True)
class Lookups:
    """References to records already in the database, loaded once per import."""

    homes: dict[str, HomeLink]
    buildings: dict[str, int]

    def home(self, ref: str) -> HomeLink:
        link = self.homes.get(ref)
        if link is None:
            raise Invalid(f"there is no home with reference {ref!r}: import it in homes first")
        return link

    def building(self, ref: str) -> int:
        building_id = self.buildings.get(ref)
        if building_id is None:
            raise Invalid(
                f"there is no building with reference {ref!r}: import it in buildings first"
            )
        return building_id

    def asset(self, ref: str) -> tuple[str, int]:
        """A safety asset is a home or a building; a reference naming both is ambiguous."""
        home, building_id = self.homes.get(ref), self.buildings.get(ref)
        if home and building_id:
            raise Invalid(f"{ref!r} is both a home and a building reference: it is ambiguous")
        if home:
            return ("home", home.id)
        if building_id:
            return ("building", building_id)
        raise Invalid(f"there is no home or building with reference {ref!r}")


@dataclass(frozen=True)
class Column:
    name: str  # as in the import format (docs and templates use it)
    parse: Callable[[str], Any]
    field: str | None = None  # the key the value is kept under; defaults to the name
    required: bool = False  # the column must be in the file, and every row needs a value
    default: Any = None  # stored when the cell is blank
    aliases: tuple[str, ...] = ()
    free_text: bool = False  # stored exactly as given, not trimmed
    help: str = ""

    @property
    def key(self) -> str:
        return self.field or self.name


class RowProblem(NamedTuple):
    column: str
    reason: str


@dataclass(frozen=True)
class Children:
    """Rows kept in another table that belong to each imported record (survey comments)."""

    model: type[models.Model]
    parent_field: str  # the child's foreign key attname, e.g. "response_id"
    fields: tuple[str, ...]  # the child's own fields, in the order of each child tuple
    key: str  # the key in the row's values that holds the tuple of child tuples


class Conflict(NamedTuple):
    """An imported value that would overwrite work done on the record in Doorstep."""

    ref: str
    column: str
    reason: str


@dataclass(frozen=True)
class Dataset:
    name: str
    model: type[models.Model]
    ref: str  # the reference column, e.g. "repair_ref"; also the model field
    fields: tuple[str, ...]  # model attnames written, in order (the reference first)
    columns: Callable[[Lookups], list[Column]]
    check_row: Callable[[dict], Iterable[RowProblem]] = lambda values: ()
    children: Children | None = None
    description: str = ""
    needs: tuple[str, ...] = field(default=())  # datasets to import first
    # For records also worked in Doorstep (complaints): given {ref: {field: imported value}}
    # for the existing records a file would change, yields a Conflict for each imported value
    # that would overwrite casework. Any conflict stops the import, with its row and column.
    find_conflicts: Callable[[dict], Iterable] | None = None
    # Called with the writing plan once the rows are written, in the same transaction (on
    # SQLite before a bulk load rebuilds the table's indexes): for
    # copies of these records' facts kept elsewhere (repairs keep their home's tenure and
    # groups, see doorstep/repairs/grouping.py).
    after_write: Callable[[Any], None] | None = None
    # For the PostgreSQL bulk path (doorstep/imports/bulk.py): given the staging table's
    # alias, the SQL joins and {column: expression} computing the fields ``after_write``
    # would refresh on these records themselves (repairs' copy of their home's facts), so
    # they are written by the upsert and ``after_write`` is not called on that path.
    copied_facts: Callable[[str], tuple[str, dict[str, str]]] | None = None

    def conflicts(self, *, refs: list[str], records: dict[str, tuple]) -> list[Conflict]:
        """Imported values that would overwrite work done in Doorstep on existing records
        (``refs``: the existing records the file would change)."""
        finder = self.find_conflicts
        if finder is None or not refs:
            return []
        changing = {ref: dict(zip(self.fields, records[ref], strict=True)) for ref in refs}
        return [Conflict(*found) for found in finder(changing)]


def normalise_heading(heading: str) -> str:
    """Headings match whatever their case, spaces, hyphens or underscores."""
    return re.sub(r"[\s_\-]+", "", heading.strip().lower())
