"""Write checked rows: create new records, update changed ones, leave the rest alone.

Rows are written with executemany in large batches inside the caller's transaction. The
ORM's bulk_create builds a model instance per row, which is several times slower on the
million-row files a large landlord sends; the SQL here is built from the model's own
metadata so it follows migrations.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, models
from django.utils import timezone

from doorstep.imports.checking import CheckedFile
from doorstep.imports.framework import Dataset
from doorstep.imports.values import stored_datetime

BATCH = 50_000
# From this many new rows, SQLite loads faster with its secondary indexes built afterwards.
BULK_LOAD_ROWS = 100_000


@dataclass
class Plan:
    """What writing a checked file would do."""

    create: list[str]  # references
    update: list[tuple[int, str]]  # (id, reference)
    unchanged: int
    children_changed: set[str]  # references whose child rows must be replaced
    existing_ids: dict[str, int]
    empty_table: bool = False  # the bulk path found the table empty (doorstep/imports/bulk.py)


def plan_changes(dataset: Dataset, checked: CheckedFile) -> Plan:
    model = dataset.model
    existing_ids: dict[str, int] = {}
    existing_values: dict[str, tuple] = {}
    as_checked = _as_checked(model, dataset.fields)
    for row in model.objects.values_list("id", *dataset.fields).iterator(chunk_size=BATCH):
        existing_ids[row[1]] = row[0]
        existing_values[row[1]] = as_checked(row[1:])
    existing_children = _existing_children(dataset, existing_ids) if dataset.children else {}
    create, update, unchanged, children_changed = [], [], 0, set()
    for ref, record in checked.records.items():
        old = existing_values.get(ref)
        if old is None:
            create.append(ref)
            continue
        same_children = True
        if dataset.children:
            same_children = existing_children.get(ref, ()) == checked.children[ref]
            if not same_children:
                children_changed.add(ref)
        if old == record and same_children:
            unchanged += 1
        else:
            update.append((existing_ids[ref], ref))
    return Plan(create, update, unchanged, children_changed, existing_ids)


def _existing_children(dataset: Dataset, existing_ids: dict[str, int]) -> dict[str, tuple]:
    spec = dataset.children
    ref_by_id = {pk: ref for ref, pk in existing_ids.items()}
    grouped: dict[str, list] = {}
    rows = spec.model.objects.order_by(spec.parent_field, "id").values_list(
        spec.parent_field, *spec.fields
    )
    for row in rows.iterator(chunk_size=BATCH):
        grouped.setdefault(ref_by_id[row[0]], []).append(tuple(row[1:]))
    return {ref: tuple(children) for ref, children in grouped.items()}


def write_changes(
    dataset: Dataset,
    checked: CheckedFile,
    plan: Plan,
    *,
    progress: Callable[[str, float], None] | None = None,
) -> None:
    """Call inside transaction.atomic(): all or nothing."""
    model, fields = dataset.model, dataset.fields
    records = checked.records
    total = len(plan.create) + len(plan.update) or 1
    done = 0
    defaults = _defaults_for_other_fields(model, fields)
    insert = _insert_sql(model, (*fields, *defaults))
    extra = tuple(defaults.values())
    bulk = len(plan.create) >= BULK_LOAD_ROWS
    with connection.cursor() as cursor, _bulk_load_tuning(model, enabled=bulk):
        for start in range(0, len(plan.create), BATCH):
            batch = plan.create[start : start + BATCH]
            cursor.executemany(insert, [records[ref] + extra for ref in batch])
            done += len(batch)
            if progress:
                progress("writing", done / total)
        update = _update_sql(model, fields)
        for start in range(0, len(plan.update), BATCH):
            batch = plan.update[start : start + BATCH]
            cursor.executemany(update, [(*records[ref], pk) for pk, ref in batch])
            done += len(batch)
            if progress:
                progress("writing", done / total)
        if dataset.after_write:
            # Before a bulk load's indexes are rebuilt: the follow-up writes then skip them.
            dataset.after_write(plan)
    if dataset.children:
        _replace_children(dataset, checked, plan)


@contextmanager
def _bulk_load_tuning(model, *, enabled: bool):
    """On SQLite, load a large file with a bigger page cache and without the table's
    secondary indexes, then rebuild them: building an index from sorted data is much faster
    than inserting a million random keys into it. The rebuild happens inside the import's
    transaction, so a failure leaves the indexes as they were. PostgreSQL is left alone:
    dropping an index there would block the dashboards' reads until the import commits."""
    if not enabled or connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (cache_size,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB, while loading
        cursor.execute("PRAGMA threads = 2")  # index rebuilds sort on both cores
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [model._meta.db_table],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        try:
            yield
        finally:
            for _, sql in indexes:
                cursor.execute(sql)
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
            cursor.execute("PRAGMA threads = 0")


def _replace_children(dataset: Dataset, checked: CheckedFile, plan: Plan) -> None:
    spec = dataset.children
    ids = dict(plan.existing_ids)
    created = set(plan.create)
    if created:
        ids.update(dataset.model.objects.values_list(dataset.ref, "id").iterator(chunk_size=BATCH))
    stale = [ids[ref] for ref in plan.children_changed]
    for start in range(0, len(stale), 10_000):
        chunk = stale[start : start + 10_000]
        spec.model.objects.filter(**{f"{spec.parent_field}__in": chunk}).delete()
    refresh = created | plan.children_changed
    rows = [(ids[ref], *child) for ref in refresh for child in checked.children.get(ref, ())]
    insert = _insert_sql(spec.model, (spec.parent_field, *spec.fields))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(insert, rows[start : start + BATCH])


def _defaults_for_other_fields(model, fields) -> dict[str, object]:
    """New records get the model's default for every field the import file does not carry
    (casework fields, for example): raw SQL does not fill Django's defaults by itself."""
    written = set(fields)
    defaults = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in written:
            continue
        stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        value = timezone.now() if stamped else field.get_default()
        defaults[field.attname] = field.get_db_prep_save(value, connection)
    return defaults


def _column_names(model: type[models.Model], fields) -> list[str]:
    return [connection.ops.quote_name(model._meta.get_field(name).column) for name in fields]


def _insert_sql(model, fields) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(_column_names(model, fields))
    marks = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"


def _update_sql(model, fields) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{column} = %s" for column in _column_names(model, fields))
    return f"UPDATE {table} SET {assignments} WHERE id = %s"


def _as_checked(model, fields) -> Callable[[tuple], tuple]:
    """The ORM gives aware date-times; checked rows hold them as UTC text (see values.py)."""
    positions = [
        i for i, name in enumerate(fields)
        if isinstance(model._meta.get_field(name), models.DateTimeField)
    ]
    if not positions:
        return tuple

    def convert(record: tuple) -> tuple:
        values = list(record)
        for i in positions:
            if values[i] is not None:
                values[i] = stored_datetime(values[i])
        return tuple(values)

    return convert
