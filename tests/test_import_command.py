"""``doorstep import``: output, exit status, forgiving columns and the UK clock changes."""

import io
import json
import zipfile
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from test_imports import (
    BUILDING_ROWS,
    REPAIR_ROWS,
    import_stock,
    load,
    load_ok,
    snapshot,
    write_file,
)

from doorstep.imports.models import ImportRun
from doorstep.imports.services import import_file
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home

pytestmark = pytest.mark.django_db


@pytest.fixture
def stock(tmp_path):
    return import_stock(tmp_path)

JSON_KEYS = {
    "dataset", "file", "dry_run", "ok", "written", "rows", "created", "updated", "unchanged",
    "unknown_columns", "error_count", "errors", "seconds", "import_run",
}


def run_import(*args) -> tuple[int, str]:
    """Run the command as the console script would: its exit status and what it printed."""
    out = io.StringIO()
    try:
        call_command("import", *[str(arg) for arg in args], stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def bad_repairs(tmp_path):
    rows = [list(row) for row in REPAIR_ROWS]
    rows[2][3] = "31/02/2025 10:00"  # R2, row 3
    rows[3][1] = "H404"  # R3, row 4
    return write_file(tmp_path, "repairs", rows, name="bad_repairs")


def test_it_prints_the_documented_json_and_exits_0(tmp_path, stock):
    path = write_file(tmp_path, "repairs", [[*REPAIR_ROWS[0], "Engineer"],
                                            *[[*row, "Sam"] for row in REPAIR_ROWS[1:]]])

    status, output = run_import("repairs", path, "--format", "json")

    report = json.loads(output)
    assert status == 0
    assert set(report) == JSON_KEYS
    assert (report["dataset"], report["file"], report["dry_run"], report["ok"]) == (
        "repairs", "repairs.csv", False, True)
    assert (report["written"], report["rows"], report["created"], report["updated"]) == (
        True, 3, 3, 0)
    assert (report["unchanged"], report["unknown_columns"], report["error_count"]) == (
        0, ["Engineer"], 0)
    assert report["errors"] == []
    assert report["import_run"] == ImportRun.objects.get(file_name="repairs.csv").pk
    assert Repair.objects.count() == 3


def test_it_lists_every_problem_in_json_and_exits_1(tmp_path, stock):
    before = snapshot()

    status, output = run_import("repairs", bad_repairs(tmp_path), "--format", "json")

    report = json.loads(output)
    assert status == 1
    assert (report["ok"], report["written"], report["rows"], report["error_count"]) == (
        False, False, 3, 2)
    assert report["errors"] == [
        {"row": 3, "column": "reported_at", "value": "31/02/2025 10:00",
         "reason": "'31/02/2025 10:00' is not a real date-time (check the day, month and time)"},
        {"row": 4, "column": "home_ref", "value": "H404",
         "reason": "there is no home with reference 'H404': import it in homes first"},
    ]
    assert snapshot() == before


def test_it_names_the_problems_in_plain_text_and_exits_1(tmp_path, stock):
    status, output = run_import("repairs", bad_repairs(tmp_path))

    assert status == 1
    assert output.splitlines() == [
        "Nothing was imported: 2 problems in bad_repairs.csv (3 rows checked).",
        "  row 3, column reported_at: '31/02/2025 10:00' is not a real date-time (check the "
        "day, month and time)",
        "  row 4, column home_ref: there is no home with reference 'H404': import it in homes "
        "first",
    ]
    assert "Traceback" not in output


def test_it_says_what_it_did_in_plain_text(tmp_path, stock):
    path = write_file(tmp_path, "repairs", REPAIR_ROWS)

    dry_status, dry = run_import("repairs", path, "--dry-run")
    status, done = run_import("repairs", path)
    again_status, again = run_import("repairs", path)

    assert (dry_status, status, again_status) == (0, 0, 0)
    assert dry.splitlines()[0].startswith("Checked 3 repairs rows from repairs.csv in ")
    assert dry.splitlines()[1:] == [
        "Would create 3, would update 0, unchanged 0.",
        "This was a dry run: nothing was written.",
    ]
    assert done.splitlines()[0].startswith("Imported 3 repairs rows from repairs.csv in ")
    assert done.splitlines()[1:] == ["Created 3, updated 0, unchanged 0."]
    assert again.splitlines()[1:] == ["Created 0, updated 0, unchanged 3."]
    assert [run.outcome for run in ImportRun.objects.filter(dataset="repairs")
            .order_by("started_at")] == ["checked", "imported", "imported"]


def test_it_shows_200_problems_as_text_and_points_to_json_for_the_rest(tmp_path, stock):
    rows = [["case_ref", "opened_on"]] + [[f"N{n}", "31/02/2025"] for n in range(250)]
    path = write_file(tmp_path, "asb_cases", rows)

    status, output = run_import("asb_cases", path)

    lines = output.splitlines()
    assert status == 1
    assert lines[0] == "Nothing was imported: 250 problems in asb_cases.csv (250 rows checked)."
    assert lines[1].startswith("  row 2, column opened_on: '31/02/2025' is not a real date")
    assert lines[200].startswith("  row 201, column opened_on:")
    assert lines[201:] == ["  ... and 50 more: use --format json to see them all"]
    _, as_json = run_import("asb_cases", path, "--format", "json")
    assert [error["row"] for error in json.loads(as_json)["errors"]] == list(range(2, 252))


def test_it_refuses_an_unknown_dataset(tmp_path):
    path = write_file(tmp_path, "buildings", BUILDING_ROWS)

    with pytest.raises(CommandError, match="invalid choice: 'tenants'"):
        call_command("import", "tenants", str(path))


def test_it_says_when_the_file_is_not_there(tmp_path):
    status, output = run_import("homes", tmp_path / "missing.csv")

    assert status == 1
    assert output.splitlines() == [
        "Nothing was imported: 1 problem in missing.csv (0 rows checked).",
        f"  There is no file at {tmp_path / 'missing.csv'}",
    ]


@pytest.mark.parametrize("heading", ["home_ref", "Home Ref", "HOME-REF", " home_ref ", "HomeRef"])
def test_it_matches_column_headings_whatever_their_spelling(tmp_path, heading):
    load_ok(tmp_path, "buildings", BUILDING_ROWS)
    rows = [[heading, "TENURE", "Patch", "Estate", "Building Ref"],
            ["H1", "lcra", "North", "Alder", "B1"]]

    load_ok(tmp_path, "homes", rows, name="homes")

    home = Home.objects.get()
    # "Patch" is an alias of area, "Estate" of scheme.
    assert (home.home_ref, home.tenure, home.area, home.scheme, home.building.building_ref) == (
        "H1", "LCRA", "North", "Alder", "B1")


def test_it_lists_unknown_columns_and_ignores_them(tmp_path, stock):
    rows = [
        ["Repair Ref", "Home-Ref", "Reported At", "Priority", "Target At", "Cost", "Engineer",
         "", "Notes"],
        ["R1", "H1", "2025-07-01 09:00", "emergency", "2025-07-02 09:00", "£40", "Sam", "",
         "gate code 1234"],
    ]

    report = load_ok(tmp_path, "repairs", rows)

    assert report.unknown_columns == ["Engineer", "Notes"]  # the untitled column is not listed
    repair = Repair.objects.get()
    assert (repair.repair_ref, repair.cost_gbp, repair.description) == (
        "R1", Decimal("40.00"), "")


def test_it_accepts_a_csv_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "buildings.csv"
    path.write_bytes("building_ref,name\r\nB1,Alder Court\r\n".encode("utf-8-sig"))

    report = import_file(dataset="buildings", path=path, run_by="test")

    assert (report.errors, report.unknown_columns, report.created) == ([], [], 1)


def test_it_rejects_a_reference_that_is_both_a_home_and_a_building(tmp_path, stock):
    load_ok(tmp_path, "homes", [["home_ref", "tenure", "area"], ["B2", "LCRA", "East"]],
            name="clash")
    rows = [["check_ref", "asset_ref", "check_type", "completed_on", "valid_until"],
            ["K1", "B2", "gas", "2025-05-01", "2026-05-01"]]

    report = load(tmp_path, "safety_checks", rows)

    assert [(p.row, p.column, p.reason) for p in report.errors] == [
        (2, "asset_ref", "'B2' is both a home and a building reference: it is ambiguous")]


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        # 30 March 2025: at 01:00 GMT the clocks went forward to 02:00 BST.
        ("2025-03-30 00:30", datetime(2025, 3, 30, 0, 30)),
        # 01:30 never happened on UK clocks: it is read with the offset in force just before
        # the change (GMT, +0), so it is 01:30 UTC, the instant clocks then showed as 02:30.
        ("2025-03-30 01:30", datetime(2025, 3, 30, 1, 30)),
        ("2025-03-30 02:30", datetime(2025, 3, 30, 1, 30)),
        # 26 October 2025: at 02:00 BST the clocks went back to 01:00 GMT, so 01:30 happened
        # twice. It is taken as the first, BST, one: 01:30 - 1 hour = 00:30 UTC.
        ("2025-10-26 00:30", datetime(2025, 10, 25, 23, 30)),
        ("2025-10-26 01:30", datetime(2025, 10, 26, 0, 30)),
        ("26/10/2025 01:30", datetime(2025, 10, 26, 0, 30)),
        ("2025-10-26 02:30", datetime(2025, 10, 26, 2, 30)),
        # An explicit offset wins over UK time.
        ("2025-07-01T09:00+00:00", datetime(2025, 7, 1, 9, 0)),
        ("2025-07-01T09:00Z", datetime(2025, 7, 1, 9, 0)),
        ("2025-12-01T10:00+01:00", datetime(2025, 12, 1, 9, 0)),
    ],
)
def test_it_reads_times_around_the_clock_changes_as_documented(tmp_path, stock, written, stored):
    rows = [["repair_ref", "home_ref", "reported_at", "priority", "target_at"],
            ["R1", "H1", written, "emergency", "2025-12-31 17:00"]]

    load_ok(tmp_path, "repairs", rows)

    assert Repair.objects.get().reported_at == stored.replace(tzinfo=UTC)


def test_it_keeps_clock_change_times_the_same_when_imported_again(tmp_path, stock):
    rows = [["repair_ref", "home_ref", "reported_at", "priority", "target_at"],
            ["R1", "H1", "2025-03-30 01:30", "emergency", "2025-10-26 01:30"],
            ["R2", "H1", "2025-10-26 01:30", "emergency", "2025-10-26 02:30"]]
    load_ok(tmp_path, "repairs", rows)
    before = snapshot()

    again = load_ok(tmp_path, "repairs", rows, name="again")

    assert (again.updated, again.unchanged) == (0, 2)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("12.345", Decimal("12.35")),  # half a penny rounds up
        ("12.344", Decimal("12.34")),
        ("£0.005", Decimal("0.01")),
        ("1,200", Decimal("1200.00")),
        ("£ 1,234,567.8", Decimal("1234567.80")),
        ("0", Decimal("0.00")),
    ],
)
def test_it_reads_money_to_the_penny(tmp_path, stock, written, stored):
    rows = [["repair_ref", "home_ref", "reported_at", "priority", "target_at", "cost_gbp"],
            ["R1", "H1", "2025-07-01 09:00", "emergency", "2025-07-02 09:00", written]]

    load_ok(tmp_path, "repairs", rows)

    assert Repair.objects.get().cost_gbp == stored


# Bugs found while writing these tests, now fixed: each test keeps its fix in place.

@pytest.mark.parametrize("name", ["buildings.csv", "upload"])
def test_it_reads_a_workbook_whatever_its_file_name(tmp_path, name):
    workbook = write_file(tmp_path, "buildings", BUILDING_ROWS, kind="xlsx")
    renamed = workbook.rename(tmp_path / name)

    report = import_file(dataset="buildings", path=renamed, run_by="test")

    assert (report.errors, report.created) == ([], 2)


def test_it_rejects_an_amount_too_large_to_store(tmp_path, stock):
    rows = [["repair_ref", "home_ref", "reported_at", "priority", "target_at", "cost_gbp"],
            ["R1", "H1", "2025-07-01 09:00", "emergency", "2025-07-02 09:00",
             "£12,345,678,901.00"]]  # 11 digits before the point; the column holds 10

    report = load(tmp_path, "repairs", rows)

    assert [(p.row, p.column) for p in report.errors] == [(2, "cost_gbp")]
    assert Repair.objects.count() == 0


def test_it_keeps_free_text_from_a_workbook_as_given(tmp_path, stock):
    rows = [["case_ref", "opened_on", "description"],
            ["N1", "2025-06-01", "  Shouting at night\nand banging doors\n"]]

    load_ok(tmp_path, "asb_cases", rows, kind="xlsx")
    load_ok(tmp_path, "asb_cases", [["case_ref", "opened_on", "description"],
                                    ["N2", *rows[1][1:]]], name="asb_csv")

    from doorstep.asb.models import AsbCase

    assert list(AsbCase.objects.order_by("case_ref").values_list("description", flat=True)) == [
        "  Shouting at night\nand banging doors\n"] * 2


def test_it_accepts_the_labels_of_coded_columns(tmp_path):
    rows = [["home_ref", "tenure", "area", "needs_type"],
            ["H1", "LCRA", "North", "Supported housing"],
            ["H2", "LCRA", "North", "Housing for older people"]]

    load_ok(tmp_path, "homes", rows)

    assert list(Home.objects.order_by("home_ref").values_list("needs_type", flat=True)) == [
        "supported", "older_persons"]


def test_it_rejects_a_truncated_workbook_without_a_traceback(tmp_path, stock):
    whole = write_file(tmp_path, "repairs", REPAIR_ROWS, kind="xlsx").read_bytes()
    path = tmp_path / "cut_short.xlsx"
    path.write_bytes(whole[: len(whole) // 2])  # a download that stopped half way

    status, output = run_import("repairs", path)

    assert status == 1
    assert output.splitlines()[1] == (
        "  This is not a CSV file or an Excel workbook (.xlsx) that can be read"
    )


def test_it_rejects_a_damaged_workbook_without_a_traceback(tmp_path, stock):
    path = tmp_path / "repairs.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<broken")

    status, output = run_import("repairs", path)

    assert status == 1
    assert "This is not a CSV file or an Excel workbook (.xlsx) that can be read" in output
