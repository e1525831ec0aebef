"""Limits against hostile files, formulas defused in command-line output, and the trace an
import killed half way leaves. Every hostile file is built here and is small on disk."""

import csv
import io
import subprocess
import sys
import zipfile
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from doorstep.imports import reading
from doorstep.imports.models import ImportRun
from doorstep.imports.services import import_file
from doorstep.measures.management.commands.tsm import _csv_cell
from doorstep.stock.models import Building, Home

pytestmark = pytest.mark.django_db


def refused(tmp_path, dataset: str, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    report = import_file(dataset=dataset, path=path, run_by="test")
    assert not report.ok
    return report


def only_reason(report) -> str:
    assert len(report.errors) == 1, report.errors
    (problem,) = report.errors
    assert (problem.row, problem.column) == (None, None)
    return problem.reason


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def workbook_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "buildings"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# XLSX checked as a zip archive before it is opened ------------------------------------------

def test_it_refuses_a_zip_bomb_named_xlsx_before_opening_it(tmp_path):
    # 64 MB of one repeated byte packs into about 60 KB: a ratio of about 1,000 to 1.
    bomb = zip_bytes({"[Content_Types].xml": b"<Types/>",
                      "xl/worksheets/sheet1.xml": b"0" * (64 << 20)})
    assert len(bomb) < 200_000
    report = refused(tmp_path, "buildings", "buildings.xlsx", bomb)
    reason = only_reason(report)
    assert reason.startswith("This file is refused as unsafe to open: its part "
                             "'xl/worksheets/sheet1.xml' unpacks to ")
    assert "which is how a zip bomb is made" in reason
    assert "save the sheet as 'CSV UTF-8' and import that instead" in reason
    assert Building.objects.count() == 0
    run = ImportRun.objects.get()
    assert (run.outcome, run.rows, run.error_count) == ("rejected", 0, 1)


def test_it_refuses_an_archive_with_too_many_entries(tmp_path):
    many = zip_bytes({f"xl/part{n}.xml": b"<x/>" for n in range(reading.XLSX_MAX_ENTRIES + 1)})
    reason = only_reason(refused(tmp_path, "buildings", "buildings.xlsx", many))
    assert reason.startswith("This file is refused as unsafe to open: it holds 1,001 files "
                             "inside (a workbook has a few dozen; at most 1,000 are accepted)")
    assert Building.objects.count() == 0


def test_it_refuses_an_archive_that_unpacks_to_more_than_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "XLSX_MAX_UNPACKED_BYTES", 1 << 20)  # 1 MB, for the test
    rows = [["building_ref", "name"]] + [[f"B{n}", f"Block {n} " * 5] for n in range(20_000)]
    reason = only_reason(refused(tmp_path, "buildings", "b.xlsx", workbook_bytes(rows)))
    assert "it would unpack to " in reason and "(at most 1 MB are accepted)" in reason
    assert Building.objects.count() == 0


def test_it_still_opens_an_ordinary_workbook(tmp_path):
    path = tmp_path / "b.xlsx"
    path.write_bytes(workbook_bytes([["building_ref", "name"], ["B1", "Alder Court"]]))
    report = import_file(dataset="buildings", path=path, run_by="test")
    assert report.ok and report.created == 1


# Columns ------------------------------------------------------------------------------------

def test_it_refuses_a_csv_with_a_million_columns_without_parsing_the_header(tmp_path):
    header = ",".join(["x"] * 1_000_000) + "\nB1\n"
    reason = only_reason(refused(tmp_path, "buildings", "wide.csv", header.encode()))
    assert reason == ("The header row is longer than 1,024 KB: it cannot be a row of column "
                      "names. Check that this is the right file")
    run = ImportRun.objects.get()
    assert run.unknown_columns == [] and run.rows == 0
    assert Building.objects.count() == 0


def test_it_refuses_more_columns_than_any_format_has(tmp_path):
    header = ",".join(["building_ref", *(f"extra{n}" for n in range(600))])
    reason = only_reason(refused(tmp_path, "buildings", "wide.csv", f"{header}\nB1\n".encode()))
    assert reason == ("The header row has 601 columns; an import file may have at most 500. "
                      "Check that this is the right file, or remove the columns that are not "
                      "in the format")


def test_it_refuses_a_workbook_with_too_many_columns(tmp_path):
    rows = [["building_ref", *(f"extra{n}" for n in range(600))], ["B1"]]
    reason = only_reason(refused(tmp_path, "buildings", "wide.xlsx", workbook_bytes(rows)))
    assert reason.startswith("The header row has 601 columns")


def test_it_keeps_at_most_100_unknown_column_names_on_the_record(tmp_path):
    header = ",".join(["building_ref", *(f"{'n' * 150}{n}" for n in range(300))])
    path = tmp_path / "b.csv"
    path.write_text(f"{header}\nB1\n")
    report = import_file(dataset="buildings", path=path, run_by="test")
    assert report.ok and len(report.unknown_columns) == 300
    kept = ImportRun.objects.get().unknown_columns
    assert len(kept) == 100 and {len(name) for name in kept} == {100}


def test_it_checks_the_required_columns_before_reading_any_row(tmp_path):
    # Every row is bad too; only the header's problem is reported, and no row was read.
    rows = "".join(f"H{n},Freehold\n" for n in range(50))
    report = refused(tmp_path, "homes", "homes.csv", ("home_ref,tenure\n" + rows).encode())
    assert [str(problem) for problem in report.errors] == [
        "column area: the required column area is missing"]
    assert report.rows == 0
    assert Home.objects.count() == 0


# Formulas in command-line output ----------------------------------------------------------

def test_it_defuses_formulas_in_voice_classify_output(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text('comment_id,text\n=1+1,"=HYPERLINK(""http://x.example"",""click"")"\n'
                      "c2,The boiler is fine\n")
    call_command("voice", "classify", "--in", str(source), "--out", str(target),
                 stdout=io.StringIO(), stderr=io.StringIO())
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert rows[0]["comment_id"] == "'=1+1"
    assert rows[0]["redacted_text"] == "'=HYPERLINK(\"http://x.example\",\"click\")"
    assert (rows[1]["comment_id"], rows[1]["redacted_text"]) == ("c2", "The boiler is fine")


def test_it_defuses_text_in_tsm_csv_cells_and_leaves_numbers_alone():
    assert _csv_cell("=SUM(A1:A9)") == "'=SUM(A1:A9)"
    assert _csv_cell("@cmd") == "'@cmd"
    assert _csv_cell("-2+3") == "'-2+3"
    assert _csv_cell(-2.5) == -2.5  # a number, written as a number
    assert _csv_cell("TP01") == "TP01"
    assert _csv_cell(None) == ""


# An import killed half way ----------------------------------------------------------------

def gone_process() -> str:
    """The host:pid of a process that has ended (as a killed import's is)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    from doorstep.imports.models import this_process

    return f"{this_process().rpartition(':')[0]}:{child.pid}"


class Killed(BaseException):
    """Stands for the process being killed: nothing in the importer catches it."""


def test_it_leaves_a_did_not_finish_trace_when_an_import_is_killed_half_way(tmp_path, client):
    from doorstep.accounts.testing import cast

    path = tmp_path / "buildings.csv"
    path.write_text("building_ref,name\nB1,Alder Court\nB2,Birch House\n")

    def killed_while_writing(stage, fraction):
        if stage == "writing":
            raise Killed

    before = datetime.now(UTC)
    with pytest.raises(Killed):
        import_file(dataset="buildings", path=path, run_by="asha (command line)",
                    progress=killed_while_writing)
    assert Building.objects.count() == 0  # all or nothing: nothing was written
    run = ImportRun.objects.get()
    assert (run.outcome, run.file_name, run.finished_at) == ("unfinished", "buildings.csv", None)
    assert run.started_at >= before.replace(microsecond=0)
    assert run.running  # its process (this one) is still alive
    ImportRun.objects.filter(pk=run.pk).update(process=gone_process())
    run.refresh_from_db()
    assert not run.running
    assert run.outcome_label == "Did not finish: nothing written"

    client.force_login(cast()["analyst"])
    history = client.get("/imports/history/").content.decode()
    assert "Did not finish: nothing written" in history
    assert f'<a href="/imports/runs/{run.pk}/">' in history
    from doorstep.web.testing import text_of

    page = text_of(client.get(f"/imports/runs/{run.pk}/").content)
    assert "This import did not finish" in page
    assert "It started " in page and "Nothing was written" in page


def test_it_replaces_the_trace_with_the_finished_record(tmp_path):
    path = tmp_path / "buildings.csv"
    path.write_text("building_ref,name\nB1,Alder Court\n")
    report = import_file(dataset="buildings", path=path, run_by="test")
    run = ImportRun.objects.get()
    assert (run.pk, run.outcome, run.process) == (report.run_id, "imported", "")
    assert run.finished_at is not None
