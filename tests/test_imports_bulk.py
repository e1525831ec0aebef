"""The PostgreSQL bulk path (doorstep/imports/bulk.py) gives exactly what the general path
gives: the same records, the same copy of each repair's home facts, the same counts and the
same problems, for the same files.

Each scenario runs twice in one database, once on each path (the first rolled back), and
the two outcomes are compared. It needs PostgreSQL (DATABASE_URL, as CI sets it); on
SQLite there is only the general path, and these tests are skipped. The other import tests
(test_imports*, test_import_*, test_casework_imports, test_repair_home_facts) also run on
PostgreSQL in CI, so every bad-input case they hold goes through the bulk path there too.
"""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from test_imports import BUILDING_ROWS, COMPLAINT_ROWS, HOME_ROWS, REPAIR_ROWS, write_csv

from doorstep.complaints.models import Complaint
from doorstep.imports import bulk
from doorstep.imports.datasets import DATASETS
from doorstep.imports.models import ImportRun
from doorstep.imports.services import import_file
from doorstep.repairs.models import Repair
from doorstep.stock.models import Building, Home

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the bulk path is PostgreSQL's (set DATABASE_URL)"),
]

MORE_HOMES = [
    *HOME_ROWS,
    # B2's homes share their area but not their scheme (H3 has none).
    ["H3", "LCRA", "East", "", "B2", "yes", ""],
    ["H4", "LCRA", "East", "Birch", "B2", "yes", ""],
]
MORE_REPAIRS = [
    *REPAIR_ROWS,
    ["R4", "H3", "B2", "2025-08-01 09:00", "emergency", "", "2025-08-02 09:00", "", "", "",
     "", "", "10.005"],
    ["R5", "", "B2", "2025-08-04 09:00", "emergency", "", "2025-08-05 09:00", "", "", "",
     "", "", ""],
]
# The same repairs again: R1's cost and R3's home changed, R2 unchanged, R6 new.
CHANGED_REPAIRS = [
    MORE_REPAIRS[0],
    [*MORE_REPAIRS[1][:-1], "£1,300"],
    MORE_REPAIRS[2],
    ["R3", "H4", *MORE_REPAIRS[3][2:]],
    *MORE_REPAIRS[4:],
    ["R6", "S1", "", "2025-09-01 09:00", "emergency", "", "2025-09-02 09:00", "", "", "", "",
     "", ""],
]
BAD_REPAIRS = [
    MORE_REPAIRS[0],
    ["R1", "H404", "", "2025-07-01 09:00", "urgent", "", "yesterday", "", "", "", "", "", "-5"],
    ["R2", "", "", "2025-07-01 09:00", "emergency", "", "2025-07-02 09:00",
     "2025-06-01 09:00", "open", "", "", "", ""],
    MORE_REPAIRS[1],
    MORE_REPAIRS[1],
]
# Homes again: H3 gets an area of its own, H2 moves into B2 (so B2's shared values change).
CHANGED_HOMES = [
    MORE_HOMES[0], MORE_HOMES[1],
    ["H2", "LCRA", "South", "", "B2", "", ""],
    MORE_HOMES[3],
    ["H3", "LCRA", "West", "", "B2", "yes", ""],
    MORE_HOMES[5],
]


def outcome() -> dict:
    """Everything an import leaves, in terms that do not depend on ids or the clock."""
    repairs = Repair.objects.order_by("repair_ref").values_list(
        "repair_ref", "home__home_ref", "building__building_ref", "reported_at", "priority",
        "priority_label", "target_at", "completed_at", "status", "repair_type", "category",
        "description", "cost_gbp", "counts_as_lcra", "area_group", "scheme_group",
        "needs_type_group", "building_group")
    homes = Home.objects.order_by("home_ref").values_list(
        "home_ref", "tenure", "area", "scheme", "building__building_ref", "owned")
    complaints = Complaint.objects.order_by("complaint_ref").values_list(
        "complaint_ref", "home__home_ref", "tenure", "received_on", "stage1_responded_on",
        "category", "description", "compensation_gbp")
    runs = ImportRun.objects.order_by("pk").values_list(
        "dataset", "outcome", "rows", "created", "updated", "unchanged", "error_count",
        "errors", "unknown_columns")
    return {"buildings": list(Building.objects.order_by("building_ref").values_list(
        "building_ref", "name", "postcode", "uprn")), "homes": list(homes),
        "repairs": list(repairs), "complaints": list(complaints), "runs": list(runs)}


def run_steps(tmp_path, steps) -> dict:
    for n, (dataset, rows, dry_run) in enumerate(steps):
        path = write_csv(tmp_path / f"{n}-{dataset}.csv", rows)
        import_file(dataset=dataset, path=path, dry_run=dry_run, run_by="test")
    return outcome()


def on_both_paths(tmp_path, monkeypatch, steps) -> tuple[dict, dict]:
    with transaction.atomic():
        in_bulk = run_steps(tmp_path, steps)
        transaction.set_rollback(True)
    with monkeypatch.context() as patch:
        patch.setattr(bulk, "applies", lambda dataset: False)
        general = run_steps(tmp_path, steps)
    return in_bulk, general


STOCK = [("buildings", BUILDING_ROWS, False), ("homes", MORE_HOMES, False)]


def test_it_takes_the_bulk_path_for_every_dataset_without_child_rows():
    assert bulk.applies(DATASETS["repairs"]) and bulk.applies(DATASETS["homes"])
    assert not bulk.applies(DATASETS["survey_responses"])  # comments are child rows


def test_it_writes_the_same_repairs_and_home_facts_on_both_paths(tmp_path, monkeypatch):
    steps = [*STOCK, ("repairs", MORE_REPAIRS, False)]
    in_bulk, general = on_both_paths(tmp_path, monkeypatch, steps)
    assert in_bulk == general
    facts = {row[0]: row[13:] for row in in_bulk["repairs"]}
    # Worked by hand from ADR 4's rules. R2 is communal in B1, whose homes (H1, S1) share
    # the area North but not a scheme; R4 is H3's (no scheme, and B2's homes do not share
    # one); R5 is communal in B2, whose homes share the area East. No home has a needs type.
    assert facts["R1"] == (True, "North", "Alder", "unknown", "B1")
    assert facts["R2"] == (True, "North", "unknown", "unknown", "B1")
    assert facts["R4"] == (True, "East", "unknown", "unknown", "B2")
    assert facts["R5"] == (True, "East", "unknown", "unknown", "B2")
    assert in_bulk["repairs"][0][12] == Decimal("1200.50")


def test_it_counts_and_writes_a_re_import_the_same_on_both_paths(tmp_path, monkeypatch):
    steps = [*STOCK, ("repairs", MORE_REPAIRS, False), ("repairs", CHANGED_REPAIRS, True),
             ("repairs", CHANGED_REPAIRS, False), ("repairs", CHANGED_REPAIRS, False)]
    in_bulk, general = on_both_paths(tmp_path, monkeypatch, steps)
    assert in_bulk == general
    counts = [run[2:6] for run in in_bulk["runs"] if run[0] == "repairs"]
    assert counts == [(5, 5, 0, 0), (6, 1, 2, 3), (6, 1, 2, 3), (6, 0, 0, 6)]
    r3 = next(row for row in in_bulk["repairs"] if row[0] == "R3")
    assert (r3[1], r3[14]) == ("H4", "East")  # moved home: its facts follow


def test_it_refreshes_repairs_after_a_homes_re_import_the_same_on_both_paths(
        tmp_path, monkeypatch):
    steps = [*STOCK, ("repairs", MORE_REPAIRS, False), ("homes", CHANGED_HOMES, False)]
    in_bulk, general = on_both_paths(tmp_path, monkeypatch, steps)
    assert in_bulk == general
    r4 = next(row for row in in_bulk["repairs"] if row[0] == "R4")
    assert r4[14] == "West"


def test_it_reports_the_same_problems_and_writes_nothing_on_both_paths(tmp_path, monkeypatch):
    steps = [*STOCK, ("repairs", BAD_REPAIRS, False)]
    in_bulk, general = on_both_paths(tmp_path, monkeypatch, steps)
    assert in_bulk == general
    assert in_bulk["repairs"] == []
    rejected = in_bulk["runs"][-1]
    assert rejected[1] == "rejected"
    assert [(e["row"], e["column"]) for e in rejected[7]] == [
        (2, "home_ref"), (2, "priority"), (2, "target_at"), (2, "cost_gbp"),
        (3, "home_ref"), (3, "completed_at"), (3, "status"), (5, "repair_ref")]


def test_it_imports_complaints_the_same_on_both_paths(tmp_path, monkeypatch):
    changed = [COMPLAINT_ROWS[0], [*COMPLAINT_ROWS[1][:-1], "300"], COMPLAINT_ROWS[2]]
    steps = [*STOCK, ("complaints", COMPLAINT_ROWS, False), ("complaints", changed, False)]
    in_bulk, general = on_both_paths(tmp_path, monkeypatch, steps)
    assert in_bulk == general
    assert [run[2:6] for run in in_bulk["runs"][-2:]] == [(2, 2, 0, 0), (2, 0, 1, 1)]
    assert in_bulk["complaints"][0][7] == Decimal("300.00")


def indexes_and_keys() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = "
                       "'repairs_repair' ORDER BY indexname")
        indexes = cursor.fetchall()
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE "
                       "conrelid = 'repairs_repair'::regclass ORDER BY conname")
        return indexes + cursor.fetchall()


def test_it_builds_the_indexes_and_keys_again_after_a_first_load(tmp_path, monkeypatch):
    before = indexes_and_keys()
    assert len(before) >= 10  # seven secondary indexes, and the keys
    monkeypatch.setattr(bulk, "BULK_LOAD_ROWS", 1)  # a first load of 5 rows, for the test
    steps = [*STOCK, ("repairs", MORE_REPAIRS, False), ("repairs", CHANGED_REPAIRS, False)]
    in_bulk, general = on_both_paths(tmp_path, monkeypatch, steps)
    assert in_bulk == general
    assert indexes_and_keys() == before


def test_it_leaves_every_index_and_key_when_a_first_load_is_refused(tmp_path, monkeypatch):
    from doorstep.imports.framework import HomeLink, Lookups

    before = indexes_and_keys()
    monkeypatch.setattr(bulk, "BULK_LOAD_ROWS", 1)
    run_steps(tmp_path, STOCK)
    # A home that has gone since the lookups were loaded: the foreign key, made again after
    # the load, finds the repair naming it, and the whole import is undone.
    gone = Home.objects.order_by("-pk").first().pk + 1000
    lookups = Lookups(homes={"H1": HomeLink(gone, "LCRA")}, buildings={})
    monkeypatch.setattr("doorstep.imports.services.load_lookups", lambda: lookups)
    path = write_csv(tmp_path / "r.csv", [MORE_REPAIRS[0], MORE_REPAIRS[1]])
    with pytest.raises(Exception, match="foreign key"):
        import_file(dataset="repairs", path=path, run_by="test")
    assert Repair.objects.count() == 0
    assert indexes_and_keys() == before
