"""Import a file into Doorstep: check every row, then write all of it or none of it."""

import ctypes
import ctypes.util
import gc
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from doorstep.core.signals import records_arrived
from doorstep.imports import bulk
from doorstep.imports.checking import CheckedFile, Problem, check_table
from doorstep.imports.datasets import DATASETS
from doorstep.imports.framework import HomeLink, Lookups
from doorstep.imports.models import ImportRun, this_process
from doorstep.imports.reading import FileProblem, file_sha256, open_table
from doorstep.imports.writing import plan_changes, write_changes
from doorstep.measures.cache import figures_changed

ERRORS_KEPT_ON_RECORD = 1000
UNKNOWN_COLUMNS_KEPT = 100
UNKNOWN_NAME_KEPT = 100

Progress = Callable[[str, float], None]


@dataclass
class ImportReport:
    dataset: str
    file_name: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[Problem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    seconds: float = 0.0
    run_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "dataset": self.dataset,
            "file": self.file_name,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "written": self.ok and not self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "unknown_columns": self.unknown_columns,
            "error_count": len(self.errors),
            "errors": [problem.as_dict() for problem in self.errors],
            "seconds": round(self.seconds, 3),
            "import_run": self.run_id,
        }


def import_file(
    *,
    dataset: str,
    path: Path,
    dry_run: bool = False,
    run_by: str,
    user=None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check ``path`` as ``dataset`` and, unless it is a dry run or has problems, write it."""
    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}: use one of {', '.join(DATASETS)}")
    spec = DATASETS[dataset]
    path = Path(path)
    try:
        with _no_cyclic_garbage_collection():
            return _import(spec, path=path, dry_run=dry_run, run_by=run_by, user=user,
                           progress=progress)
    finally:
        release_memory()


def release_memory() -> None:
    """Give the memory a large import held back to the system.

    A million checked rows are a few hundred megabytes of small Python objects; freed, they
    go back to the C allocator, which keeps them for the process (a web or worker process
    would stay at its peak for good). glibc's malloc_trim returns the free pages."""
    gc.collect()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing more to do
        return
    trim(0)


@contextmanager
def _no_cyclic_garbage_collection():
    """A large file holds millions of rows in memory while it is checked; Python's cycle
    collector would walk them all again and again (a third of the time at a million rows).
    The import creates no reference cycles, so it is paused for the import and restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import(spec, *, path: Path, dry_run: bool, run_by: str, user, progress) -> ImportReport:
    dataset = spec.name
    started = timezone.now()
    report = ImportReport(dataset=dataset, file_name=path.name, dry_run=dry_run)
    # Recorded first (and committed, outside the import's transaction): if the process is
    # killed half way, the history still shows the attempt, as "did not finish".
    run = _start_record(report, path=path, run_by=run_by, user=user, started=started)
    checked = _check(spec, path, progress)
    report.rows, report.unknown_columns = checked.rows, checked.unknown_columns
    report.errors = checked.problems
    if report.ok:
        if progress and not dry_run:
            progress("writing", 0.0)  # said before the transaction opens (see tasks.py)
        with transaction.atomic():
            in_bulk = bulk.applies(spec)
            plan = bulk.stage(spec, checked, progress=progress) if in_bulk else plan_changes(
                spec, checked)
            report.errors = _conflicts(spec, checked, plan)
            if report.ok:
                report.created, report.updated = len(plan.create), len(plan.update)
                report.unchanged = plan.unchanged
                if not dry_run:
                    if in_bulk:
                        bulk.upsert(spec, plan, progress=progress)
                    else:
                        write_changes(spec, checked, plan, progress=progress)
                    transaction.on_commit(figures_changed)
                    transaction.on_commit(lambda: records_arrived.send(
                        sender=ImportRun, dataset=spec.name))
            if in_bulk:
                bulk.finish()
    finished = timezone.now()
    report.seconds = (finished - started).total_seconds()
    del checked  # the rows: the memory goes back once the import is recorded
    report.run_id = _record(run, report, finished=finished)
    return report


def _check(spec, path: Path, progress: Progress | None) -> CheckedFile:
    try:
        table = open_table(path, dataset=spec.name)
        return check_table(spec, table, lookups=load_lookups(), progress=progress)
    except FileProblem as problem:
        return CheckedFile(problems=[Problem(None, None, str(problem))])


def _conflicts(spec, checked: CheckedFile, plan) -> list[Problem]:
    """Rows that would overwrite work done in Doorstep (see ``Dataset.conflicts``)."""
    refs = [ref for _, ref in plan.update]
    problems = [
        Problem(checked.row_numbers.get(conflict.ref), conflict.column, conflict.reason)
        for conflict in spec.conflicts(refs=refs, records=checked.records)
    ]
    return sorted(problems, key=lambda problem: problem.row or 0)


def load_lookups() -> Lookups:
    from doorstep.stock.models import Building, Home

    homes = {
        ref: HomeLink(pk, tenure)
        for pk, ref, tenure in Home.objects.values_list("id", "home_ref", "tenure").iterator(
            chunk_size=50_000
        )
    }
    buildings = dict(Building.objects.values_list("building_ref", "id"))
    return Lookups(homes=homes, buildings=buildings)


def _start_record(report: ImportReport, *, path: Path, run_by: str, user, started) -> ImportRun:
    return ImportRun.objects.create(
        dataset=report.dataset,
        file_name=report.file_name[:255],
        file_sha256=file_sha256(path) if path.is_file() else "",
        run_by=run_by,
        user=user,
        started_at=started,
        outcome=ImportRun.Outcome.UNFINISHED,
        process=this_process(),
    )


def _record(placeholder: ImportRun, report: ImportReport, *, finished) -> int:
    """The finished run replaces the one recorded at the start, as a new record: the latest
    run's id is part of the measures' cache key (doorstep/measures/cache.py), so it must
    change when an import ends, not only when it starts."""
    if not report.ok:
        outcome = ImportRun.Outcome.REJECTED
    elif report.dry_run:
        outcome = ImportRun.Outcome.CHECKED
    else:
        outcome = ImportRun.Outcome.IMPORTED
    with transaction.atomic():
        run = ImportRun.objects.create(
            dataset=placeholder.dataset,
            file_name=placeholder.file_name,
            file_sha256=placeholder.file_sha256,
            run_by=placeholder.run_by,
            user_id=placeholder.user_id,
            started_at=placeholder.started_at,
            finished_at=finished,
            outcome=outcome,
            rows=report.rows,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            error_count=len(report.errors),
            errors=[problem.as_dict() for problem in report.errors[:ERRORS_KEPT_ON_RECORD]],
            # Bounded: the record and its page stay small whatever the header held.
            unknown_columns=[name[:UNKNOWN_NAME_KEPT] for name in
                             report.unknown_columns[:UNKNOWN_COLUMNS_KEPT]],
        )
        placeholder.delete()
    return run.pk
