"""Benchmark: validated import of repair rows, against a raw baseline in the same run.

    .venv/bin/python benchmarks/import_repairs.py --rows 1000000
    .venv/bin/python benchmarks/import_repairs.py --database postgres --homes 20000 \
        --rows 200000 [--database-url postgres://postgres@127.0.0.1:5432/imports]

On PostgreSQL (the bulk path, doorstep/imports/bulk.py) it times, in one run: the import of
the file into an empty repairs table (a first load), the same file again (nothing changes),
the file with every tenth repair changed (an update), and PostgreSQL's own COPY of the same
file into a plain table of text columns (no checking, no indexes): the issue's baseline.
The database named in --database-url is emptied of homes and repairs first: never point it
at a database you need.

It builds a throwaway SQLite database (never the one in ./data), a landlord of --homes
homes and a CSV of --rows repairs, then times:
  1. `doorstep import repairs` (read, check every row, write) through import_file();
  2. the baseline: the same rows, already parsed into Python values, inserted with one raw
     sqlite3 executemany into an identical empty table (no checking at all).
  3. a floor: Python's csv module reading the file and doing nothing else.
The figures go to docs/performance.md by hand, with the machine and the date.
"""

import argparse
import csv
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--homes", type=int, default=130_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/imports")
    parser.add_argument("--general", action="store_true",
                        help="on PostgreSQL, also time the general path (executemany) first")
    args = parser.parse_args()
    if args.database == "postgres":
        _postgres(args)
        return
    workdir = Path(tempfile.mkdtemp(prefix="doorstep-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstep.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _make_homes(args.homes)
    csv_path = workdir / "repairs.csv"
    _write_repairs_csv(csv_path, rows=args.rows, homes=args.homes)
    doorstep_seconds = _time_import(csv_path)
    baseline_seconds = _time_baseline(workdir)
    reading_seconds = _time_reading(csv_path)
    _report(args, doorstep_seconds, baseline_seconds, reading_seconds, csv_path)


def _make_homes(count: int) -> None:
    from doorstep.stock.models import Home

    Home.objects.bulk_create(
        Home(home_ref=f"H{n:06d}", tenure="LCHO" if n % 10 == 0 else "LCRA", area=f"Area {n % 7}")
        for n in range(count)
    )


def _repair_rows(*, rows: int, homes: int):
    rng = random.Random(1)
    start = datetime(2023, 4, 1, 8, 0)
    for n in range(rows):
        reported = start + timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
        emergency = rng.random() < 0.2
        target = reported + (timedelta(hours=24) if emergency else timedelta(days=20))
        done = reported + timedelta(hours=rng.randrange(1, 24 * 30))
        completed = "" if rng.random() < 0.05 else done.strftime("%Y-%m-%d %H:%M")
        yield [
            f"R{n:08d}",
            f"H{rng.randrange(homes):06d}",
            reported.strftime("%Y-%m-%d %H:%M"),
            "emergency" if emergency else "non_emergency",
            "Emergency (24 hours)" if emergency else "Routine (20 days)",
            target.strftime("%Y-%m-%d %H:%M"),
            completed,
            "responsive",
            rng.choice(["heating", "plumbing", "electrical", "damp_mould", "doors_windows"]),
            "Tap dripping in the kitchen",
            f"{rng.randrange(20, 900)}.{rng.randrange(100):02d}",
        ]


COLUMNS = [
    "repair_ref", "home_ref", "reported_at", "priority", "priority_label", "target_at",
    "completed_at", "repair_type", "category", "description", "cost_gbp",
]


def _write_repairs_csv(path: Path, *, rows: int, homes: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(_repair_rows(rows=rows, homes=homes))


def _time_import(path: Path) -> float:
    from doorstep.imports.services import import_file

    started = time.perf_counter()
    report = import_file(dataset="repairs", path=path, run_by="benchmark")
    seconds = time.perf_counter() - started
    if not report.ok or report.created != report.rows:
        sys.exit(f"the import did not succeed: {report.errors[:5]}")
    return seconds


def _time_baseline(workdir: Path) -> float:
    """The same rows, parsed once outside the timing, into an identical empty table."""
    from django.db import connection

    from doorstep.stock.models import Home

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'repairs_repair' AND sql IS NOT NULL"
        )
        schema = [row[0] for row in cursor.fetchall()]
    # Each home's id and the facts a repair keeps a copy of (doorstep/repairs/grouping.py),
    # looked up outside the timing: the baseline writes the same columns, with no checking.
    homes = {
        ref: (pk, tenure == "LCRA" and owned, area or "unknown", scheme or "unknown",
              needs or "unknown", building or "unknown")
        for ref, pk, tenure, owned, area, scheme, needs, building in Home.objects.values_list(
            "home_ref", "id", "tenure", "owned", "area", "scheme", "needs_type",
            "building__building_ref")
    }  # fmt: skip
    rows = _baseline_rows(workdir / "repairs.csv", homes)
    baseline = sqlite3.connect(workdir / "baseline.sqlite3")
    baseline.execute("PRAGMA journal_mode=WAL")
    baseline.execute("PRAGMA synchronous=NORMAL")
    baseline.execute("PRAGMA cache_size=-262144")
    for statement in schema:
        baseline.execute(statement.replace('REFERENCES "stock_home" ("id")', "")
                         .replace('REFERENCES "stock_building" ("id")', ""))
    sql = (
        "INSERT INTO repairs_repair (repair_ref, home_id, building_id, reported_at, priority, "
        "priority_label, target_at, completed_at, status, repair_type, category, description, "
        "cost_gbp, counts_as_lcra, area_group, scheme_group, needs_type_group, building_group) "
        "VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    started = time.perf_counter()
    with baseline:
        baseline.executemany(sql, rows)
    return time.perf_counter() - started


def _time_reading(path: Path) -> float:
    """A floor for any importer: Python's csv module reading the file, nothing else."""
    started = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as handle:
        for _ in csv.reader(handle):
            pass
    return time.perf_counter() - started


def _baseline_rows(path: Path, homes: dict) -> list[tuple]:
    rows = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for ref, home, reported, priority, label, target, done, kind, cat, text, cost in reader:
            home_id, *facts = homes[home]
            rows.append((ref, home_id, reported + ":00", priority, label, target + ":00",
                         done + ":00" if done else None, "completed" if done else "open",
                         kind, cat, text, cost, *facts))
    return rows


def _report(args, doorstep_seconds, baseline_seconds, reading_seconds, path: Path) -> None:
    rate = args.rows / doorstep_seconds
    base_rate = args.rows / baseline_seconds
    print(f"date: {datetime.now():%Y-%m-%d}; machine: {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}")
    print(f"rows: {args.rows:,} repairs ({path.stat().st_size / 1e6:.0f} MB CSV), "
          f"{args.homes:,} homes")
    print(f"doorstep import (read + check + write): {doorstep_seconds:.2f} s = {rate:,.0f} rows/s")
    print(f"baseline raw sqlite3 executemany (insert only): {baseline_seconds:.2f} s = "
          f"{base_rate:,.0f} rows/s")
    print(f"ratio: doorstep takes {doorstep_seconds / baseline_seconds:.1f}x the baseline's time")
    print(f"floor: csv.reader alone reads the file in {reading_seconds:.2f} s = "
          f"{args.rows / reading_seconds:,.0f} rows/s")
    print(f"load average while measuring: {os.getloadavg()[0]:.2f}")


def _postgres(args) -> None:
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstep.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE repairs_repair, stock_home CASCADE")
    _make_homes(args.homes)
    workdir = Path(tempfile.mkdtemp(prefix="doorstep-bench-"))
    csv_path = workdir / "repairs.csv"
    _write_repairs_csv(csv_path, rows=args.rows, homes=args.homes)
    changed_path = workdir / "repairs-changed.csv"
    _write_changed_copy(csv_path, changed_path)
    loads = [os.getloadavg()[0]]
    figures = {}
    figures["raw COPY (before)"] = _time_raw_copy(csv_path)
    if args.general:
        from unittest import mock

        from doorstep.imports import bulk

        with mock.patch.object(bulk, "applies", lambda dataset: False):
            figures["general path, first load"] = _time_pg_import(csv_path, args.rows,
                                                                  expect="created")
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE repairs_repair CASCADE")
    figures["first load"] = _time_pg_import(csv_path, args.rows, expect="created")
    loads.append(os.getloadavg()[0])
    figures["same file again"] = _time_pg_import(csv_path, args.rows, expect="unchanged")
    figures["every tenth row changed"] = _time_pg_import(changed_path, args.rows // 10,
                                                          expect="updated")
    figures["raw COPY (after)"] = _time_raw_copy(csv_path)
    loads.append(os.getloadavg()[0])
    raw = min(figures["raw COPY (before)"], figures["raw COPY (after)"])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
    print(f"date: {datetime.now():%Y-%m-%d %H:%M}; machine: {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL {version}")
    print(f"rows: {args.rows:,} repairs ({csv_path.stat().st_size / 1e6:.0f} MB CSV), "
          f"{args.homes:,} homes")
    for name, seconds in figures.items():
        print(f"{name}: {seconds:.2f} s = {args.rows / seconds:,.0f} rows/s; "
              f"{seconds / raw:.1f}x the raw COPY")
    print("load averages while measuring: " + ", ".join(f"{load:.1f}" for load in loads))


def _write_changed_copy(source: Path, target: Path) -> None:
    """The same file with every tenth repair's cost changed."""
    with source.open(newline="", encoding="utf-8") as old, target.open(
        "w", newline="", encoding="utf-8"
    ) as new:
        reader, writer = csv.reader(old), csv.writer(new)
        writer.writerow(next(reader))
        for n, row in enumerate(reader):
            if n % 10 == 0:
                row[-1] = "1.00"
            writer.writerow(row)


def _time_pg_import(path: Path, rows: int, *, expect: str) -> float:
    from doorstep.imports.services import import_file

    started = time.perf_counter()
    report = import_file(dataset="repairs", path=path, run_by="benchmark")
    seconds = time.perf_counter() - started
    if not report.ok or getattr(report, expect) < rows:
        sys.exit(f"the import did not do what was expected ({expect} {rows}): "
                 f"{report.as_dict()}")
    return seconds


def _time_raw_copy(path: Path) -> float:
    """PostgreSQL's own COPY of the file into a plain (logged) table of text columns."""
    from django.db import connection, transaction

    columns = ", ".join(f"{name} text" for name in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_copy")
        cursor.execute(f"CREATE TABLE bench_raw_copy ({columns})")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(
        "COPY bench_raw_copy FROM STDIN WITH (FORMAT csv, HEADER)"
    ) as copy, path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            copy.write(block)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw_copy")
    return seconds


if __name__ == "__main__":
    main()
