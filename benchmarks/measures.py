"""Benchmark: the full set of 22 measures at 130,000 homes, against a pandas baseline.

    .venv/bin/python benchmarks/measures.py [--homes 130000] [--years 3]
        [--database sqlite|postgres] [--keep DIR] [--runs 5]

It builds the landlord once per database into a cache folder (default data/bench/): the nine
import files from ``doorstep demo-data`` and a database loaded through ``import_file`` (each
dataset's import is timed and printed). SQLite lives in the folder; PostgreSQL in a throwaway
database ``doorstep_bench`` on postgres://postgres@127.0.0.1:5432, dropped at the end unless
--keep is given (then it is reused by the next run, like the SQLite file).

It then times, each in a fresh child process that loads Django and does nothing else, so
the peak memory (``ru_maxrss`` of the child) is the computation's own:
  1. Doorstep: ``compute_measures`` for the latest year, all tenures, then ``by="area"``;
     the first (cold) run and the median of --runs, wall and CPU time;
  2. the baseline: the same measures from the same rows with pandas, as an analyst would
     write them (``pd.read_sql`` over the same connection, then DataFrame operations),
     timed reading + computing and computing alone.
Every figure the baseline computes is checked against Doorstep's; any difference is printed.
The figures go to docs/performance.md by hand, with the machine, the load and the date.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_NAME = "doorstep_bench"
SETS = {"all tenures": None, "by area": "area"}


# Choosing and building the database -----------------------------------------------------


def database_url(*, database: str, folder: Path) -> str:
    if database == "sqlite":
        return f"sqlite:///{(folder / 'bench.sqlite3').resolve()}"
    return f"{POSTGRES_SERVER}/{POSTGRES_NAME}"


def setup_django(url: str) -> None:
    # Before django.setup(): the settings read DATABASE_URL once, at import.
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstep.settings")
    import django

    django.setup()


def _marker(*, database: str, folder: Path) -> Path:
    return folder / f"built-{database}.json"


def _postgres_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(sql)


def _postgres_exists() -> bool:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres") as admin:
        found = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (POSTGRES_NAME,)
        ).fetchone()
    return found is not None


def build_is_cached(*, database: str, folder: Path, homes: int, years: int) -> dict | None:
    """The record of an earlier build of the same landlord, if its database is still there."""
    marker = _marker(database=database, folder=folder)
    if not marker.exists():
        return None
    built = json.loads(marker.read_text())
    if (built["homes"], built["years"]) != (homes, years):
        return None
    there = (folder / "bench.sqlite3").exists() if database == "sqlite" else _postgres_exists()
    return built if there else None


def build(*, database: str, folder: Path, homes: int, years: int) -> dict:
    """Write the files (if missing) and load them into a fresh database; time each import."""
    files = folder / f"files-{homes}-{years}-{DATA_TAKEN_ON}"
    if not (files / "survey_responses.csv").exists():
        print(f"writing the demo landlord's files to {files} ...", flush=True)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "doorstep", "demo-data", "--homes", str(homes),
             "--years", str(years), "--seed", "1", "--today", DATA_TAKEN_ON,
             "--out", str(files)],
            check=True, cwd=PROJECT,
        )  # fmt: skip
        print(f"  written in {time.perf_counter() - started:.0f} s", flush=True)
    if database == "sqlite":
        (folder / "bench.sqlite3").unlink(missing_ok=True)
    else:
        _postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_NAME}")
        _postgres_admin(f"CREATE DATABASE {POSTGRES_NAME}")
    # The import runs in its own process: this one must not hold Django set up on it.
    subprocess.run(
        [sys.executable, __file__, "--child", "import", "--database", database,
         "--keep", str(folder), "--files", str(files)],
        check=True, cwd=PROJECT,
    )  # fmt: skip
    built = json.loads(_marker(database=database, folder=folder).read_text())
    built.update(homes=homes, years=years)
    _marker(database=database, folder=folder).write_text(json.dumps(built, indent=1))
    return built


def child_import(*, database: str, folder: Path, files: Path) -> None:
    setup_django(database_url(database=database, folder=folder))
    from django.core.management import call_command
    from django.db import connection

    from doorstep.imports.datasets import IMPORT_ORDER
    from doorstep.imports.services import import_file

    call_command("migrate", verbosity=0)
    imports = {}
    for dataset in IMPORT_ORDER:
        if not (files / f"{dataset}.csv").exists():
            print(f"  no {dataset} file from demo-data: left empty", flush=True)
            continue
        started = time.perf_counter()
        report = import_file(dataset=dataset, path=files / f"{dataset}.csv", run_by="benchmark")
        seconds = time.perf_counter() - started
        if not report.ok:
            sys.exit(f"the {dataset} import failed: {[str(e) for e in report.errors[:5]]}")
        imports[dataset] = {"rows": report.rows, "seconds": seconds}
        print(f"  imported {dataset:20} {report.rows:>10,} rows in {seconds:7.1f} s "
              f"({report.rows / seconds:,.0f} rows/s)", flush=True)  # fmt: skip
    # Statistics for the planner, as a production database would have after autovacuum
    # (PostgreSQL) or `PRAGMA optimize` (SQLite).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    _marker(database=database, folder=folder).write_text(json.dumps({"imports": imports}))


# Timing, in a child process --------------------------------------------------------------

# The benchmark landlord's data ends with 2025/26 (``--today`` its last day), so it is the
# same landlord, and the same volumes, however long after that the benchmark is run.
LATEST_YEAR = "2025/26"
DATA_TAKEN_ON = "2026-03-31"
# Details compared with the baseline besides numerator and denominator.
COMPARED_DETAILS = ("n", "unassessed", "raised", "completed", "closed_other",
                    "outstanding_at_year_end", "within_only_by_extension", "pending")  # fmt: skip


def run_child(*, kind: str, database: str, folder: Path, by: str | None, runs: int) -> dict:
    """Time one measure set ``1 + runs`` times; figures of the first run, peak memory."""
    setup_django(database_url(database=database, folder=folder))
    from doorstep.core.periods import ReportingYear

    year, as_of = ReportingYear.parse(LATEST_YEAR), date.today()
    rss_after_setup = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    compute = _doorstep if kind == "doorstep" else _pandas
    timings, figures = [], None
    for _ in range(1 + runs):
        wall, cpu = time.perf_counter(), time.process_time()
        outcome, parts = compute(year=year, as_of=as_of, by=by)
        timings.append({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                        **parts})  # fmt: skip
        figures = figures or outcome
    return {
        "timings": timings,
        "figures": figures,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_after_setup_mb": rss_after_setup / 1024,
    }


def _doorstep(*, year, as_of: date, by: str | None) -> tuple[list, dict]:
    from doorstep.measures.engine import compute_measures

    measures = compute_measures(year=year, by=by, as_of=as_of)
    figures = [
        {"code": m.code, "tenure": m.tenure, "group": m.group, "numerator": float(m.numerator),
         "denominator": float(m.denominator),
         **{name: m.details[name] for name in COMPARED_DETAILS if name in m.details}}
        for m in measures.measures
    ]  # fmt: skip
    return figures, {}


def _pandas(*, year, as_of: date, by: str | None) -> tuple[list, dict]:
    import warnings

    from django.db import connection

    connection.ensure_connection()
    with warnings.catch_warnings():
        # pandas names SQLAlchemy for any connection but sqlite3; psycopg works as it is.
        warnings.simplefilter("ignore", UserWarning)
        started = time.perf_counter()
        frames = read_tables(connection.connection)
    read = time.perf_counter() - started
    started = time.perf_counter()
    figures = pandas_measures(frames, year=year, as_of=as_of, by=by)
    return figures, {"read": read, "compute": time.perf_counter() - started}


# The pandas baseline ----------------------------------------------------------------------
# What a careful analyst would write with the tables in DataFrames: the rules of the spec,
# written again from scratch over whole-table extracts, not Doorstep's code.

TABLES = {
    "homes": "SELECT id, tenure, area, building_id, owned, acquired_on, disposed_on, "
    "decent_homes_applies FROM stock_home",
    "assessments": "SELECT id, home_id, assessed_on, meets_decent_homes "
    "FROM stock_stockconditionassessment",
    "requirements": "SELECT home_id, building_id, check_type, required_from, required_until "
    "FROM stock_safetyrequirement",
    "checks": "SELECT home_id, building_id, check_type, completed_on, valid_until "
    "FROM stock_safetycheck",
    "repairs": "SELECT home_id, building_id, reported_at, priority, target_at, completed_at, "
    "status, repair_type FROM repairs_repair",
    "complaints": "SELECT home_id, tenure, received_on, stage1_acknowledged_on, "
    "stage1_extension_days, stage1_responded_on, escalated_on, stage2_acknowledged_on, "
    "stage2_extension_days, stage2_responded_on, withdrawn_on FROM complaints_complaint",
    "asb": "SELECT home_id, opened_on, hate_related FROM asb_asbcase",
    "responses": "SELECT response_ref, home_id, tenure, completed_on, "
    + ", ".join(f"tp{n:02d}" for n in range(1, 13))
    + ", had_repair, made_complaint, has_communal_areas, weight FROM surveys_surveyresponse",
    "closures": "SELECT date FROM core_closureday",
}
DATES = ("acquired_on", "disposed_on", "assessed_on", "required_from", "required_until",
         "completed_on", "valid_until", "received_on", "stage1_acknowledged_on",
         "stage1_responded_on", "escalated_on", "stage2_acknowledged_on",
         "stage2_responded_on", "withdrawn_on", "opened_on", "date")  # fmt: skip
MOMENTS = ("reported_at", "target_at", "completed_at")
FLAGS = ("owned", "decent_homes_applies", "meets_decent_homes", "hate_related")
ALL = "(all)"  # the one group when there is no breakdown


def read_tables(dbapi_connection) -> dict:
    import pandas as pd

    frames = {}
    for name, sql in TABLES.items():
        frame = pd.read_sql(sql, dbapi_connection)
        for column in frame.columns:
            # SQLite hands back text and 0/1, PostgreSQL dates, aware datetimes and booleans.
            if column in DATES:
                frame[column] = pd.to_datetime(frame[column], format="ISO8601")
            elif column in MOMENTS:
                frame[column] = pd.to_datetime(frame[column], format="ISO8601", utc=True)
            elif column in FLAGS:
                frame[column] = frame[column].astype(bool)
        frames[name] = frame
    return frames


def pandas_measures(frames: dict, *, year, as_of: date, by: str | None) -> list[dict]:
    import pandas as pd

    homes = frames["homes"].set_index("id")
    area = homes["area"].where(homes["area"] != "", "unknown") if by else None
    homes["group"] = area if by else ALL
    end = pd.Timestamp(year.end)
    homes["in_stock"] = (
        homes["owned"]
        & (homes["acquired_on"].isna() | (homes["acquired_on"] <= end))
        & (homes["disposed_on"].isna() | (homes["disposed_on"] > end))
    )
    stock = homes[homes["in_stock"]].groupby(["group", "tenure"]).size()
    rows = []
    rows += _pandas_safety(frames, homes=homes, end=end)
    rows += _pandas_decent_homes(frames, homes=homes, end=end)
    rows += _pandas_repairs(frames, homes=homes, year=year, by=by)
    rows += _pandas_complaint_volume(frames, homes=homes, stock=stock, year=year, by=by)
    rows += _pandas_complaint_times(frames, homes=homes, year=year, as_of=as_of, by=by)
    rows += _pandas_asb(frames, homes=homes, stock=stock, year=year, by=by)
    rows += _pandas_perception(frames, homes=homes, year=year, by=by)
    for row in rows:
        row["group"] = None if row["group"] == ALL else row["group"]
    return rows


def _figure(code, tenure, group, numerator, denominator, **details) -> dict:
    counts = {name: int(value) for name, value in details.items()}
    return {"code": code, "tenure": tenure, "group": group, "numerator": float(numerator),
            "denominator": float(denominator), **counts}  # fmt: skip


def _pandas_safety(frames, *, homes, end) -> list[dict]:
    requirements, checks = frames["requirements"], frames["checks"]
    active = requirements[
        (requirements["required_from"].isna() | (requirements["required_from"] <= end))
        & (requirements["required_until"].isna() | (requirements["required_until"] >= end))
    ]
    valid = checks[(checks["completed_on"] <= end) & (checks["valid_until"] >= end)]

    def asset(frame):
        # One key per home or building and check type: a check meets a requirement on the
        # same home, or the same building, of the same type.
        on_home = frame["home_id"].notna()
        number = frame["home_id"].where(on_home, frame["building_id"]).astype("int64").astype(str)
        return on_home.map({True: "home ", False: "building "}) + number + " " + frame["check_type"]

    active = active.assign(met=asset(active).isin(set(asset(valid))))
    base = homes[homes["in_stock"] & homes["tenure"].isin(["LCRA", "LCHO"])]
    rows = []
    for code, kind in (("BS01", "gas"), ("BS02", "fire_risk"), ("BS03", "asbestos"),
                       ("BS04", "water"), ("BS05", "lift")):  # fmt: skip
        of_kind = active[active["check_type"] == kind]
        unmet = of_kind[~of_kind["met"]]
        needs = base.index.isin(of_kind["home_id"]) | base["building_id"].isin(
            of_kind["building_id"].dropna()
        )
        lacks = base.index.isin(unmet["home_id"]) | base["building_id"].isin(
            unmet["building_id"].dropna()
        )
        counts = base.assign(needing=needs, compliant=needs & ~lacks).groupby("group")[
            ["needing", "compliant"]
        ].sum()
        rows += [_figure(code, "combined", group, row.compliant, row.needing)
                 for group, row in counts.iterrows()]  # fmt: skip
    return rows


def _pandas_decent_homes(frames, *, homes, end) -> list[dict]:
    assessments = frames["assessments"]
    by_end = assessments[assessments["assessed_on"] <= end].sort_values(["assessed_on", "id"])
    latest = by_end.groupby("home_id")["meets_decent_homes"].last()
    base = homes[homes["in_stock"] & (homes["tenure"] == "LCRA") & homes["decent_homes_applies"]]
    verdict = base.index.to_series().map(latest)
    counts = base.assign(
        failing=verdict.eq(False), unassessed=verdict.isna()
    ).groupby("group").agg(homes=("tenure", "size"), failing=("failing", "sum"),
                           unassessed=("unassessed", "sum"))  # fmt: skip
    return [_figure("RP01", "LCRA", group, row.failing, row.homes, unassessed=row.unassessed)
            for group, row in counts.iterrows()]  # fmt: skip


def _pandas_repairs(frames, *, homes, year, by) -> list[dict]:
    import pandas as pd

    repairs = frames["repairs"]
    repairs = repairs[repairs["repair_type"] == "responsive"]
    lcra_owned = homes["owned"] & (homes["tenure"] == "LCRA")
    blocks_with_lcra = set(homes.loc[lcra_owned, "building_id"].dropna())
    counted = repairs["home_id"].map(lcra_owned).fillna(False).astype(bool) | (
        repairs["home_id"].isna() & repairs["building_id"].isin(blocks_with_lcra)
    )
    repairs = repairs[counted]
    if by:
        # A communal repair takes the area its building's homes share, if they share one.
        of_building = homes.dropna(subset=["building_id"]).groupby("building_id")["area"]
        shared = of_building.first().where(of_building.nunique() == 1)
        shared = shared.where(shared != "")
        known_area = homes["area"].where(homes["area"] != "")
        group = repairs["home_id"].map(known_area)
        group = group.fillna(repairs["building_id"].map(shared)).fillna("unknown")
    else:
        group = pd.Series(ALL, index=repairs.index)
    starts, ends = pd.Timestamp(year.starts_at), pd.Timestamp(year.ends_before)
    done_at = repairs["completed_at"]
    completed = (repairs["status"] == "completed") & (done_at >= starts) & (done_at < ends)
    raised = (repairs["reported_at"] >= starts) & (repairs["reported_at"] < ends)
    cancelled = repairs["status"] == "cancelled"
    flags = pd.DataFrame({
        "group": group, "priority": repairs["priority"],
        "completed": completed,
        "in_time": completed & (done_at <= repairs["target_at"]),
        "raised": raised,
        "closed_other": raised & cancelled,
        "outstanding": (repairs["reported_at"] < ends) & ~cancelled
        & (done_at.isna() | (done_at >= ends)),
    })  # fmt: skip
    counts = flags.groupby(["group", "priority"]).sum()
    rows = []
    for code, priority in (("RP02-1", "non_emergency"), ("RP02-2", "emergency")):
        for group in sorted(set(flags["group"])):
            got = counts.loc[(group, priority)] if (group, priority) in counts.index else None
            get = dict.fromkeys(counts.columns, 0) if got is None else got
            rows.append(_figure(
                code, "LCRA", group, get["in_time"], get["completed"], raised=get["raised"],
                completed=get["completed"], closed_other=get["closed_other"],
                outstanding_at_year_end=get["outstanding"],
            ))  # fmt: skip
    return rows


def _group_through_home(frame, *, homes, by):
    # A record with no home (a complaint from someone whose home is not recorded, an
    # incident on an estate) is in the "unknown" group.
    return frame["home_id"].map(homes["group"]).fillna("unknown" if by else ALL)


def _year_complaints(frames, *, year):
    import pandas as pd

    complaints = frames["complaints"]
    start, end = pd.Timestamp(year.start), pd.Timestamp(year.end)
    stage1 = complaints["received_on"].between(start, end)
    stage2 = complaints["escalated_on"].between(start, end)
    return complaints.assign(stage1=stage1, stage2=stage2)[stage1 | stage2]


def _by_tenure(counts, group, tenure) -> float:
    # "combined" is LCRA and LCHO together.
    wanted = ("LCRA", "LCHO") if tenure == "combined" else (tenure,)
    return sum(counts.get((group, each), 0) for each in wanted)


def _pandas_complaint_volume(frames, *, homes, stock, year, by) -> list[dict]:
    complaints = _year_complaints(frames, year=year)
    complaints = complaints.assign(group=_group_through_home(complaints, homes=homes, by=by))
    made = complaints.groupby(["group", "tenure"])[["stage1", "stage2"]].sum()
    groups = sorted({g for g, _ in made.index} | {g for g, _ in stock.index})
    return [
        _figure(code, tenure, group, _by_tenure(made[stage], group, tenure),
                _by_tenure(stock, group, tenure))
        for code, stage in (("CH01-1", "stage1"), ("CH01-2", "stage2"))
        for tenure in ("LCRA", "LCHO", "combined")
        for group in groups
    ]  # fmt: skip


def _pandas_complaint_times(frames, *, homes, year, as_of, by) -> list[dict]:
    import holidays
    import numpy as np
    import pandas as pd

    complaints = _year_complaints(frames, year=year)
    complaints = complaints.assign(group=_group_through_home(complaints, homes=homes, by=by))
    bank_holidays = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(2015, date.today().year + 4)
    )
    closed = [*bank_holidays, *frames["closures"]["date"].dt.date]
    calendar = np.busdaycalendar(holidays=np.array(closed, dtype="datetime64[D]"))
    today = np.datetime64(as_of, "D")

    def add_working_days(days, n):
        # The start is day 0 whatever day it is: roll back to a working day, then count on.
        return np.busday_offset(days, n, roll="backward", busdaycal=calendar)

    tallies = []
    for stage, start, prefix, (ack_days, respond_days, longest) in (
        (1, "received_on", "stage1", (5, 10, 10)),
        (2, "escalated_on", "stage2", (5, 20, 20)),
    ):
        stage_rows = complaints[complaints[f"stage{stage}"]]

        def known(column, rows=stage_rows):
            days = rows[column].to_numpy("datetime64[D]")
            return np.where(days <= today, days, np.datetime64("NaT"))

        received = stage_rows[start].to_numpy("datetime64[D]")
        acknowledged = known(f"{prefix}_acknowledged_on")
        responded = known(f"{prefix}_responded_on")
        withdrawn = known("withdrawn_on")
        extension = np.minimum(stage_rows[f"{prefix}_extension_days"].fillna(0), longest)
        extension = extension.to_numpy("int64")
        started = received <= today
        acknowledge_by = add_working_days(received, ack_days)
        clock_from = np.where(np.isnat(acknowledged), acknowledge_by, acknowledged)
        respond_by = add_working_days(clock_from, respond_days + extension)
        has_ack, has_response = ~np.isnat(acknowledged), ~np.isnat(responded)
        # Under the default convention a missing acknowledgement is judged on the response
        # alone, so only a recorded late acknowledgement makes a complaint late.
        acknowledged_late = has_ack & (acknowledged > acknowledge_by)
        was_withdrawn = ~np.isnat(withdrawn) & (~has_response | (withdrawn < responded))
        answered_in_time = has_response & (responded <= respond_by) & ~acknowledged_late
        in_time = started & ~was_withdrawn & answered_in_time
        late = started & ~was_withdrawn & (
            (has_response & ~answered_in_time) | (~has_response & (respond_by < today))
        )
        pending = ~started | (~was_withdrawn & ~has_response & (respond_by >= today))
        needed_extension = in_time & (extension > 0) & (
            responded > add_working_days(clock_from, respond_days)
        )
        tallies.append(pd.DataFrame({
            "group": stage_rows["group"].to_numpy(), "tenure": stage_rows["tenure"].to_numpy(),
            "stage": stage, "in_time": in_time, "late": late, "pending": pending,
            "by_extension": needed_extension,
        }))  # fmt: skip
    clocks = pd.concat(tallies).groupby(["group", "tenure", "stage"]).sum()
    groups = sorted({key[0] for key in clocks.index})

    def total(name, group, tenure, stage):
        wanted = ("LCRA", "LCHO") if tenure == "combined" else (tenure,)
        return sum(clocks[name].get((group, each, stage), 0) for each in wanted)

    rows = []
    for code, stage in (("CH02-1", 1), ("CH02-2", 2)):
        for tenure in ("LCRA", "LCHO", "combined"):
            for group in groups:
                in_time, late = (total(n, group, tenure, stage) for n in ("in_time", "late"))
                rows.append(_figure(
                    code, tenure, group, in_time, in_time + late,
                    within_only_by_extension=total("by_extension", group, tenure, stage),
                    pending=total("pending", group, tenure, stage),
                ))  # fmt: skip
    return rows


def _pandas_asb(frames, *, homes, stock, year, by) -> list[dict]:
    import pandas as pd

    cases = frames["asb"]
    cases = cases[cases["opened_on"].between(pd.Timestamp(year.start), pd.Timestamp(year.end))]
    cases = cases.assign(group=_group_through_home(cases, homes=homes, by=by))
    counts = cases.groupby("group").agg(cases=("opened_on", "size"), hate=("hate_related", "sum"))
    homes_owned = stock.groupby(level="group").sum()  # LCRA + LCHO: the only tenures
    groups = sorted(set(counts.index) | set(homes_owned.index))
    return [
        _figure(code, "combined", group, counts[column].get(group, 0), homes_owned.get(group, 0))
        for code, column in (("NM01-1", "cases"), ("NM01-2", "hate"))
        for group in groups
    ]


def _pandas_perception(frames, *, homes, year, by) -> list[dict]:
    import pandas as pd

    responses = frames["responses"]
    responses = responses[
        responses["completed_on"].between(pd.Timestamp(year.start), pd.Timestamp(year.end))
    ]
    # One household once a year: a home's latest response (ties: the higher reference).
    ordered = responses.sort_values(["completed_on", "response_ref"])
    superseded = ordered["home_id"].notna() & ordered.duplicated("home_id", keep="last")
    responses = ordered[~superseded]
    responses = responses.assign(
        group=_group_through_home(responses, homes=homes, by=by),
        weight=responses["weight"].fillna(1.0),
    )
    filters = {"tp02": "had_repair", "tp03": "had_repair", "tp09": "made_complaint",
               "tp10": "has_communal_areas"}  # fmt: skip
    rows = []
    for tenure, codes in (("LCRA", range(1, 13)), ("LCHO", (1, *range(5, 13)))):
        of_tenure = responses[responses["tenure"] == tenure]
        for number in codes:
            question = f"tp{number:02d}"
            in_scope = of_tenure[of_tenure[filters[question]] != "no"] if (
                question in filters) else of_tenure
            in_base = in_scope[in_scope[question].isin([1, 2, 3, 4, 5])]
            positive = in_base[question].isin([1, 2])
            sums = in_base.assign(positive=in_base["weight"].where(positive, 0.0)).groupby(
                "group").agg(numerator=("positive", "sum"), denominator=("weight", "sum"),
                             n=("weight", "size"))  # fmt: skip
            groups = sorted(set(of_tenure["group"]))
            for group in groups:
                got = sums.loc[group] if group in sums.index else None
                rows.append(_figure(
                    f"TP{number:02d}", tenure, group,
                    0 if got is None else got.numerator, 0 if got is None else got.denominator,
                    n=0 if got is None else got.n,
                ))  # fmt: skip
    return rows


# Command line ---------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--homes", type=int, default=130_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--keep", type=Path, help="cache folder (default data/bench/); "
                        "also keeps the PostgreSQL database for the next run")  # fmt: skip
    parser.add_argument("--runs", type=int, default=3, help="timed runs after the cold one")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--by", help=argparse.SUPPRESS)
    parser.add_argument("--files", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = (args.keep or PROJECT / "data" / "bench").resolve()
    if args.child == "import":
        child_import(database=args.database, folder=folder, files=args.files)
        return
    if args.child:
        figures = run_child(kind=args.child, database=args.database, folder=folder,
                            by=args.by or None, runs=args.runs)  # fmt: skip
        print(json.dumps(figures, default=str))
        return
    folder.mkdir(parents=True, exist_ok=True)
    try:
        benchmark(args, folder=folder)
    finally:
        if args.database == "postgres" and args.keep is None:
            _postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_NAME}")
            _marker(database="postgres", folder=folder).unlink(missing_ok=True)


def benchmark(args, *, folder: Path) -> None:
    built = build_is_cached(database=args.database, folder=folder, homes=args.homes,
                            years=args.years)  # fmt: skip
    if built is None:
        print(f"building the {args.homes:,}-home landlord on {args.database} ...", flush=True)
        built = build(database=args.database, folder=folder, homes=args.homes, years=args.years)
    else:
        print(f"using the landlord built earlier in {folder} ({args.database})")
    load_before = os.getloadavg()
    results = {}
    for name, by in SETS.items():
        for kind in ("doorstep", "pandas"):
            results[(name, kind)] = _spawn(kind=kind, args=args, folder=folder, by=by)
    load_after = os.getloadavg()
    report(args=args, built=built, results=results, load=(load_before, load_after),
           folder=folder)  # fmt: skip


def _spawn(*, kind: str, args, folder: Path, by: str | None) -> dict:
    command = [sys.executable, __file__, "--child", kind, "--database", args.database,
               "--keep", str(folder), "--runs", str(args.runs), "--by", by or ""]  # fmt: skip
    done = subprocess.run(command, check=True, cwd=PROJECT, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])



# The report -------------------------------------------------------------------------------


def compare(doorstep: list[dict], baseline: list[dict]) -> list[str]:
    """Every figure on which the two disagree, in words; empty when they agree."""

    def key(figure):
        return figure["code"], figure["tenure"], figure["group"]

    theirs = {key(figure): figure for figure in baseline}
    differences = []
    for figure in doorstep:
        other = theirs.pop(key(figure), None)
        if other is None:
            differences.append(f"{key(figure)}: only Doorstep has it")
            continue
        for name, value in figure.items():
            if name in ("code", "tenure", "group") or name not in other:
                continue
            if abs(float(value) - float(other[name])) > 1e-6 * max(1.0, abs(float(value))):
                differences.append(f"{key(figure)} {name}: Doorstep {value}, pandas {other[name]}")
    differences += [f"{k}: only pandas has it" for k in theirs]
    return differences


def _machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                  if line.startswith("model name")), platform.processor())  # fmt: skip
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {model}, {memory:.0f} GB RAM"


def _database_version(database: str, folder: Path) -> str:
    if database == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres") as admin:
        return "PostgreSQL " + admin.execute("SHOW server_version").fetchone()[0]


def _size(database: str, folder: Path) -> str:
    """The landlord's size, counted in the benchmark database."""
    sql = {
        "homes": "SELECT COUNT(*) FROM stock_home",
        "repairs reported in the year": "SELECT COUNT(*) FROM repairs_repair WHERE "
        "reported_at >= '2025-03-31 23:00' AND reported_at < '2026-03-31 23:00'",
        "repairs in all": "SELECT COUNT(*) FROM repairs_repair",
        "complaints": "SELECT COUNT(*) FROM complaints_complaint",
        "ASB cases": "SELECT COUNT(*) FROM asb_asbcase",
        "safety checks": "SELECT COUNT(*) FROM stock_safetycheck",
        "survey responses": "SELECT COUNT(*) FROM surveys_surveyresponse",
    }
    if database == "sqlite":
        import sqlite3

        connection = sqlite3.connect(folder / "bench.sqlite3")
    else:
        import psycopg

        connection = psycopg.connect(database_url(database=database, folder=folder))
    with connection:
        counts = {name: connection.execute(query).fetchone()[0] for name, query in sql.items()}
    connection.close()
    return ", ".join(f"{count:,} {name}" for name, count in counts.items())


def report(*, args, built: dict, results: dict, load, folder: Path) -> None:
    print()
    print(f"date: {datetime.now():%Y-%m-%d %H:%M}; machine: {_machine()}; "
          f"Python {platform.python_version()}; {_database_version(args.database, folder)}")
    print(f"landlord: {_size(args.database, folder)}; year {LATEST_YEAR}")
    print("load average (1, 5, 15 min) before: " + ", ".join(f"{x:.2f}" for x in load[0])
          + "; after: " + ", ".join(f"{x:.2f}" for x in load[1]))
    print("imports when the landlord was built: " + "; ".join(
        f"{name} {figures['rows']:,} rows {figures['seconds']:.1f} s"
        for name, figures in built["imports"].items()))
    print()
    header = (f"{'measure set':14} {'who':9} {'cold wall':>9} {'median wall':>11} "
              f"{'median CPU':>10} {'read':>6} {'compute':>7} {'ratio':>6} {'peak MB':>8}")
    print(header)
    print("-" * len(header))
    for name in SETS:
        ours = _medians(results[(name, "doorstep")])
        for kind in ("doorstep", "pandas"):
            timing = results[(name, kind)]
            medians = _medians(timing)
            ratio = medians["wall"] / ours["wall"]
            print(f"{name:14} {kind:9} {timing['timings'][0]['wall']:9.2f} "
                  f"{medians['wall']:11.2f} {medians['cpu']:10.2f} "
                  f"{medians.get('read', float('nan')):6.2f} "
                  f"{medians.get('compute', float('nan')):7.2f} {ratio:6.1f} "
                  f"{timing['peak_rss_mb']:8.0f}")
    print(f"(seconds; median of {args.runs} runs after the cold one; ratio = median wall / "
          "Doorstep's; peak MB = ru_maxrss of the child process that only loads Django and "
          "computes; CPU = time.process_time of that process, without the database server's)")
    print()
    for name in SETS:
        doorstep = results[(name, "doorstep")]["figures"]
        differences = compare(doorstep, results[(name, "pandas")]["figures"])
        print(f"{name}: {len(doorstep)} figures compared with pandas: "
              + ("all agree" if not differences else f"{len(differences)} differ"))
        for line in differences[:40]:
            print("   ", line)


def _medians(result: dict) -> dict:
    timed = result["timings"][1:] or result["timings"]
    return {name: statistics.median(t[name] for t in timed) for name in timed[0]}

if __name__ == "__main__":
    main()
