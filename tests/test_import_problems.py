"""Bad input: every problem is reported with its row, column and a plain-English reason,
and nothing at all is written (every domain table is exactly as it was)."""

import zipfile

import pytest
from test_imports import (
    COMPLAINT_ROWS,
    REPAIR_ROWS,
    SURVEY_HEADER,
    import_stock,
    load,
    load_ok,
    problems,
    snapshot,
    write_xlsx,
)

from doorstep.imports.models import ImportRun
from doorstep.imports.services import import_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def stock(tmp_path):
    return import_stock(tmp_path)

REPAIR_HEADER = REPAIR_ROWS[0]
COMPLAINT_HEADER = COMPLAINT_ROWS[0]


@pytest.fixture
def landlord(tmp_path, stock):
    """The stock plus three repairs and two complaints already imported."""
    load_ok(tmp_path, "repairs", REPAIR_ROWS, name="first_repairs")
    load_ok(tmp_path, "complaints", COMPLAINT_ROWS, name="first_complaints")
    return stock


def repair(ref="R9", home="H1", building="", reported="2025-07-01 09:00", priority="emergency",
           target="2025-07-02 09:00", completed="", status="", cost="") -> list[str]:
    return [ref, home, building, reported, priority, "", target, completed, status, "", "", "",
            cost]


def complaint(ref="C9", home="H1", tenure="", received="2025-05-01", ext1="", escalated="",
              stage2_responded="", ext2="") -> list[str]:
    return [ref, home, tenure, received, "", ext1, "", "", escalated, "", ext2,
            stage2_responded, "", "", "", "", ""]


def rejected(tmp_path, dataset: str, rows: list[list], **options):
    """Import a bad file and show that it wrote nothing and was recorded as rejected."""
    before = snapshot()
    report = load(tmp_path, dataset, rows, **options)
    assert report.errors, "the file should have been rejected"
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert snapshot() == before
    run = ImportRun.objects.get(pk=report.run_id)
    assert (run.outcome, run.error_count) == ("rejected", len(report.errors))
    return report


def only_problem(report):
    assert len(report.errors) == 1, [str(problem) for problem in report.errors]
    return report.errors[0]


# A good update to R1 (its cost) rides along in each bad file: it must not be written either.
R1_CHANGED = repair(ref="R1", reported="2025-07-01 09:00", target="2025-07-02 09:00",
                    completed="2025-07-01T17:45:30", cost="999")


@pytest.mark.parametrize(
    ("bad_row", "column", "reason"),
    [
        (repair(home="H404"), "home_ref",
         "there is no home with reference 'H404': import it in homes first"),
        (repair(home="", building="B404"), "building_ref",
         "there is no building with reference 'B404': import it in buildings first"),
        (repair(reported="31/02/2025 09:00"), "reported_at",
         "'31/02/2025 09:00' is not a real date-time (check the day, month and time)"),
        (repair(reported="2025-02-31 09:00"), "reported_at", "is not a real date-time"),
        (repair(reported="2025-07-01"), "reported_at", "'2025-07-01' has a date but no time"),
        (repair(reported="next Tuesday"), "reported_at", "'next Tuesday' is not a date-time"),
        (repair(reported="2025-07-02 09:00", completed="2025-07-01 17:00"), "completed_at",
         "is before reported_at: a repair cannot be completed (2025-07-01 17:00) before it is "
         "reported (2025-07-02 09:00)"),
        (repair(priority="urgent"), "priority",
         "'urgent' is not a known priority: use one of emergency, non_emergency"),
        (repair(status="pending"), "status", "'pending' is not a known status"),
        (repair(cost="-5"), "cost_gbp", "'-5' is negative: amounts cannot be below zero"),
        (repair(cost="£-1,000.00"), "cost_gbp", "is negative"),
        (repair(cost="about £50"), "cost_gbp", "'about £50' is not an amount of money"),
        (repair(home=""), "home_ref", "is empty: a repair needs a home_ref or a building_ref"),
        (repair(target=""), "target_at", "is empty: a value is needed"),
        (repair(status="open", completed="2025-07-01 17:00"), "status",
         "is open, but the repair has a completed_at time"),
        (repair(status="completed"), "completed_at",
         "is empty: a completed repair needs its completion time"),
        (repair(ref="R" * 65), "repair_ref", "is 65 characters long; the most allowed is 64"),
    ],
)
def test_it_rejects_a_bad_repair_row(tmp_path, landlord, bad_row, column, reason):
    rows = [REPAIR_HEADER, R1_CHANGED, repair(ref="R8"), bad_row]

    report = rejected(tmp_path, "repairs", rows)

    problem = only_problem(report)
    # Row 1 is the header, so the bad row, fourth in the file, is row 4.
    assert (problem.row, problem.column) == (4, column)
    assert reason in problem.reason


@pytest.mark.parametrize(
    ("bad_row", "column", "reason"),
    [
        (complaint(received="31/02/2025"), "received_on",
         "'31/02/2025' is not a real date (check the day and month)"),
        (complaint(received="2025-13-01"), "received_on", "is not a real date"),
        (complaint(received="1st May"), "received_on", "'1st May' is not a date"),
        (complaint(ext1="11"), "stage1_extension_days", "11 is outside the allowed range 0 to 10"),
        (complaint(escalated="2025-06-01", ext2="21"), "stage2_extension_days",
         "21 is outside the allowed range 0 to 20"),
        (complaint(ext1="2.5"), "stage1_extension_days", "'2.5' is not a whole number"),
        (complaint(home="S1", tenure="LCRA"), "tenure",
         "is LCRA, but the home's tenure is LCHO"),
        (complaint(home="", tenure=""), "tenure",
         "is empty: a complaint with no home_ref needs a tenure"),
        (complaint(home="", tenure="council"), "tenure", "'council' is not a known tenure"),
        (complaint(stage2_responded="2025-06-20"), "stage2_responded_on",
         "has a date, but escalated_on is empty: stage 2 starts when the escalation is received"),
        (complaint(ext2="5"), "stage2_extension_days", "is set, but escalated_on is empty"),
        (complaint(escalated="2025-04-30"), "escalated_on", "is before received_on"),
    ],
)
def test_it_rejects_a_bad_complaint_row(tmp_path, landlord, bad_row, column, reason):
    rows = [COMPLAINT_HEADER, complaint(ref="C8"), bad_row]

    report = rejected(tmp_path, "complaints", rows)

    problem = only_problem(report)
    assert (problem.row, problem.column) == (3, column)
    assert reason in problem.reason


@pytest.mark.parametrize(
    ("dataset", "rows", "column", "reason"),
    [
        ("homes", [["home_ref", "tenure", "area", "building_ref"], ["H9", "LCRA", "East", "B404"]],
         "building_ref", "there is no building with reference 'B404'"),
        ("homes", [["home_ref", "tenure", "area", "acquired_on", "disposed_on"],
                   ["H9", "LCRA", "East", "2020-01-01", "2019-12-31"]],
         "disposed_on", "is before acquired_on"),
        ("homes", [["home_ref", "tenure", "area", "owned"], ["H9", "LCRA", "East", "maybe"]],
         "owned", "'maybe' is not yes or no"),
        ("stock_condition", [["assessment_ref", "home_ref", "assessed_on", "meets_decent_homes"],
                             ["A9", "H404", "2025-06-01", "yes"]],
         "home_ref", "there is no home with reference 'H404'"),
        ("asb_cases", [["case_ref", "opened_on", "closed_on"], ["N9", "2025-06-01", "2025-05-01"]],
         "closed_on", "is before opened_on: a case cannot close before it opens"),
        ("safety_checks", [["check_ref", "asset_ref", "check_type", "completed_on", "valid_until"],
                           ["K9", "X404", "gas", "2025-06-01", "2026-06-01"]],
         "asset_ref", "there is no home or building with reference 'X404'"),
        ("safety_checks", [["check_ref", "asset_ref", "check_type", "completed_on", "valid_until"],
                           ["K9", "H1", "boiler", "2025-06-01", "2026-06-01"]],
         "check_type", "'boiler' is not a known check type"),
        ("safety_requirements", [["requirement_ref", "asset_ref", "check_type", "required_from",
                                  "required_until"], ["Q9", "B1", "lift", "2025-06-01",
                                                      "2025-05-01"]],
         "required_until", "is before required_from"),
    ],
)
def test_it_rejects_bad_rows_in_the_other_datasets(tmp_path, landlord, dataset, rows, column,
                                                   reason):
    report = rejected(tmp_path, dataset, rows)

    problem = only_problem(report)
    assert (problem.row, problem.column) == (2, column)
    assert reason in problem.reason


def survey_row(**cells) -> list[str]:
    row = dict.fromkeys(SURVEY_HEADER, "")
    row.update(response_ref="V9", home_ref="H1", completed_on="2025-10-01", channel="online")
    row.update(cells)
    return list(row.values())


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"tp01": "meh"}, "tp01", "'meh' is not a known satisfaction answer"),
        ({"tp08": "fairly_satisfied"}, "tp08", "is not a known agree/disagree answer"),
        ({"tp02": "6"}, "tp02", "'6' is not a known satisfaction answer"),
        ({"tp03": "9"}, "tp03", "'9' is not a known satisfaction answer"),  # words only
        ({"channel": "carrier pigeon"}, "channel", "'carrier pigeon' is not a known channel"),
        ({"had_repair": "sometimes"}, "had_repair", "is not a known filter answer"),
        ({"weight": "0"}, "weight", "'0' must be a number above zero"),
        ({"weight": "-1.5"}, "weight", "must be a number above zero"),
        ({"home_ref": "S1", "tenure": "LCRA"}, "tenure", "is LCRA, but the home's tenure is LCHO"),
        ({"home_ref": "", "tenure": ""}, "tenure", "a response with no home_ref needs a tenure"),
    ],
)
def test_it_rejects_a_bad_survey_response(tmp_path, landlord, cells, column, reason):
    rows = [SURVEY_HEADER, survey_row(response_ref="V8"), survey_row(**cells)]

    report = rejected(tmp_path, "survey_responses", rows)

    problem = only_problem(report)
    assert (problem.row, problem.column) == (3, column)
    assert reason in problem.reason


def test_it_rejects_a_reference_used_twice_in_one_file(tmp_path, landlord):
    rows = [REPAIR_HEADER, repair(ref="R8"), repair(ref="R9"), repair(ref="R8")]

    problem = only_problem(rejected(tmp_path, "repairs", rows))

    assert (problem.row, problem.column) == (4, "repair_ref")
    assert problem.reason == (
        "'R8' is already used in row 2: each reference may appear only once in a file"
    )


def test_it_rejects_a_file_missing_a_required_column(tmp_path, landlord):
    header = [name for name in REPAIR_HEADER if name not in ("priority", "target_at")]
    rows = [header, ["R9", "H1", "", "2025-07-01 09:00", "", "", "", "", "", "", ""]]

    report = rejected(tmp_path, "repairs", rows)

    assert [(p.row, p.column, p.reason) for p in report.errors] == [
        (None, "priority", "the required column priority is missing"),
        (None, "target_at", "the required column target_at is missing"),
    ]


def test_it_rejects_a_column_given_twice(tmp_path, landlord):
    rows = [["home_ref", "tenure", "area", "Patch"], ["H9", "LCRA", "East", "West"]]

    problem = only_problem(rejected(tmp_path, "homes", rows))

    assert (problem.row, problem.column) == (None, "area")
    assert problem.reason == "the column area appears more than once"


def test_it_rejects_a_row_with_more_cells_than_the_header(tmp_path, landlord):
    # An address with an unquoted comma pushes every later cell one column to the right.
    text = (
        "case_ref,opened_on,description\n"
        "N8,2025-06-01,Noise\n"
        "N9,2025-06-01,Shouting at 4, Alder Court\n"
        "N10,2025-06-02,Graffiti,,\n"  # empty trailing cells are harmless
    )
    path = tmp_path / "asb_cases.csv"
    path.write_text(text, encoding="utf-8")
    before = snapshot()

    report = import_file(dataset="asb_cases", path=path, run_by="test")

    problem = only_problem(report)
    assert (problem.row, problem.column) == (3, None)
    assert problem.reason == (
        "has 4 cells but the header names 3 columns (is a comma missing its quotes?)"
    )
    assert snapshot() == before


def test_it_reports_every_problem_in_the_file_not_just_the_first(tmp_path, landlord):
    rows = [
        REPAIR_HEADER,
        repair(ref="R5"),                                # row 2: fine
        repair(ref="R6", home="H404"),                   # row 3
        repair(ref="R7", reported="31/02/2025 09:00",    # row 4: two problems in one row
               priority="urgent"),
        repair(ref="R8"),                                # row 5: fine
        repair(ref="R9", cost="-1"),                     # row 6
        repair(ref="R5"),                                # row 7: R5 again
        ["", "", "", "", "", "", "", "", "", "", "", "", ""],  # row 8: blank, skipped
        repair(ref="R10", completed="2025-06-30 09:00"),  # row 9: completed before reported
    ]

    report = rejected(tmp_path, "repairs", rows)

    assert problems(report) == [
        (3, "home_ref"),
        (4, "reported_at"),
        (4, "priority"),
        (6, "cost_gbp"),
        (7, "repair_ref"),
        (9, "completed_at"),
    ]
    assert report.rows == 7  # the blank row is not a row


def test_it_ignores_blank_rows_at_the_end_of_a_spreadsheet(tmp_path, landlord):
    rows = [REPAIR_HEADER, repair(ref="R8"), [None] * 13, [""] * 13, [None, None, "  "]]

    report = load_ok(tmp_path, "repairs", rows, kind="xlsx")

    assert (report.rows, report.created) == (1, 1)


# Whole-file problems: the report has one problem with no row or column.

def file_problem(tmp_path, name: str, content: bytes, *, dataset="repairs") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot()
    report = import_file(dataset=dataset, path=path, run_by="test")
    assert snapshot() == before
    problem = only_problem(report)
    assert (problem.row, problem.column) == (None, None)
    assert ImportRun.objects.get(pk=report.run_id).outcome == "rejected"
    return problem.reason


def test_it_rejects_an_empty_file(tmp_path, landlord):
    reason = file_problem(tmp_path, "repairs.csv", b"")

    assert reason == "The file is empty: it needs a header row and at least one row"


def test_it_rejects_a_file_with_only_a_header(tmp_path, landlord):
    header_only = (",".join(REPAIR_HEADER) + "\r\n").encode()

    assert file_problem(tmp_path, "repairs.csv", header_only) == (
        "the file has a header but no rows to import"
    )
    assert file_problem(tmp_path, "repairs2.csv", header_only + b",,,\r\n\r\n") == (
        "the file has a header but no rows to import"
    )


def test_it_rejects_a_spreadsheet_with_only_a_header_or_nothing(tmp_path, landlord):
    header_only = write_xlsx(tmp_path / "header.xlsx", [REPAIR_HEADER])
    empty = write_xlsx(tmp_path / "empty.xlsx", [])

    header_report = import_file(dataset="repairs", path=header_only, run_by="test")
    empty_report = import_file(dataset="repairs", path=empty, run_by="test")

    assert [str(p) for p in header_report.errors] == ["the file has a header but no rows to import"]
    assert [str(p) for p in empty_report.errors] == [
        "The sheet 'Sheet1' is empty: its first row must name the columns"
    ]


def test_it_rejects_a_file_that_is_not_csv_or_xlsx(tmp_path, landlord):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"

    assert file_problem(tmp_path, "repairs.csv", png) == (
        "This is not a CSV or XLSX file (it holds binary data)"
    )


def test_it_rejects_an_old_excel_file_and_says_what_to_do(tmp_path, landlord):
    # Every .xls (and .doc) file starts with the OLE2 compound-document signature.
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

    assert file_problem(tmp_path, "repairs.xls", xls) == (
        "This is an old Excel (.xls) file: save it as an Excel workbook (.xlsx) or as "
        "'CSV UTF-8' and import that"
    )


def test_it_rejects_a_zip_file_that_is_not_a_workbook(tmp_path, landlord):
    path = tmp_path / "repairs.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")

    assert file_problem(tmp_path, "repairs.xlsx", path.read_bytes()) == (
        "This is not a CSV file or an Excel workbook (.xlsx) that can be read"
    )


def test_it_rejects_a_file_that_is_not_utf8_and_names_the_line(tmp_path, landlord):
    # Saved from Excel as plain "CSV": the pound sign is the single Latin-1 byte 0xA3.
    text = ",".join(REPAIR_HEADER) + "\n" + ",".join(repair(ref="R8")) + "\n" + ",".join(
        repair(ref="R9", cost="£12.50")) + "\n"
    content = text.encode("latin-1")

    reason = file_problem(tmp_path, "repairs.csv", content)

    assert reason == (
        "The file is not UTF-8 text (the first character that is not UTF-8 is on line 3). In "
        "Excel choose Save As > 'CSV UTF-8 (Comma delimited)', or import the .xlsx workbook "
        "instead"
    )


def test_it_rejects_a_header_that_is_not_utf8(tmp_path, landlord):
    content = "case_ref,opened_on,d\xe9tails\nN8,2025-06-01,x\n".encode("latin-1")

    reason = file_problem(tmp_path, "asb_cases.csv", content, dataset="asb_cases")

    assert reason.startswith("The file is not UTF-8 text (the first character that is not "
                             "UTF-8 is on line 1)")


def test_it_rejects_a_file_that_is_not_there(tmp_path, landlord):
    report = import_file(dataset="repairs", path=tmp_path / "nope.csv", run_by="test")

    assert [str(p) for p in report.errors] == [f"There is no file at {tmp_path / 'nope.csv'}"]
    assert ImportRun.objects.get(pk=report.run_id).file_sha256 == ""
