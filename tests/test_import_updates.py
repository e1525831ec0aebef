"""Importing again: the same file changes nothing, a changed file changes only what changed,
a dry run writes nothing, and every run is recorded."""

import hashlib

import pytest
from test_imports import (
    BUILDING_ROWS,
    COMPLAINT_ROWS,
    REPAIR_ROWS,
    SURVEY_ROWS,
    import_stock,
    load,
    load_ok,
    snapshot,
    write_file,
)

from doorstep.imports.models import ImportRun
from doorstep.imports.services import import_file
from doorstep.repairs.models import Repair
from doorstep.surveys.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def stock(tmp_path):
    return import_stock(tmp_path)


def counts(report) -> tuple[int, int, int, int]:
    return (report.rows, report.created, report.updated, report.unchanged)


@pytest.mark.parametrize(
    ("dataset", "rows"),
    [("repairs", REPAIR_ROWS), ("complaints", COMPLAINT_ROWS)],
)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_it_changes_nothing_when_the_same_file_comes_again(tmp_path, stock, dataset, rows, kind):
    load_ok(tmp_path, dataset, rows, kind=kind)
    before = snapshot()

    again = load_ok(tmp_path, dataset, rows, kind=kind)

    data_rows = len(rows) - 1
    assert counts(again) == (data_rows, 0, 0, data_rows)
    assert snapshot() == before  # same ids, same values, in every domain table


def test_it_changes_nothing_when_the_same_survey_file_comes_again(tmp_path, stock):
    load_ok(tmp_path, "survey_responses", SURVEY_ROWS)
    before = snapshot()

    again = load_ok(tmp_path, "survey_responses", SURVEY_ROWS)

    assert counts(again) == (2, 0, 0, 2)
    assert snapshot() == before  # the comments keep their ids too


def test_it_changes_nothing_when_the_stock_comes_again(tmp_path, stock):
    before = snapshot()

    buildings = load_ok(tmp_path, "buildings", BUILDING_ROWS, name="again")

    assert counts(buildings) == (2, 0, 0, 2)
    assert snapshot() == before


def test_it_updates_exactly_the_rows_that_changed(tmp_path, stock):
    load_ok(tmp_path, "repairs", REPAIR_ROWS)
    untouched = list(Repair.objects.filter(repair_ref__in=["R1", "R3"]).order_by("pk").values())
    changed = [list(row) for row in REPAIR_ROWS]
    changed[2][7] = "02/12/2025 16:00"  # R2 now completed (GMT: 16:00 UTC)
    changed.append(["R4", "H1", "", "2025-08-01 09:00", "emergency", "", "2025-08-02 09:00",
                    "", "", "", "", "", ""])

    report = load_ok(tmp_path, "repairs", changed, name="repairs_changed")

    assert counts(report) == (4, 1, 1, 2)
    r2 = Repair.objects.get(repair_ref="R2")
    # Its status was open only by default; with a completion it is now completed.
    assert (r2.completed_at.isoformat(), r2.status) == ("2025-12-02T16:00:00+00:00", "completed")
    assert list(Repair.objects.filter(repair_ref__in=["R1", "R3"]).order_by("pk").values()) == (
        untouched
    )
    assert Repair.objects.filter(repair_ref="R4").count() == 1


def test_it_clears_a_value_that_the_new_file_leaves_blank(tmp_path, stock):
    """A file is the whole truth about its rows: a blank cell clears what was there."""
    load_ok(tmp_path, "repairs", REPAIR_ROWS)
    changed = [list(row) for row in REPAIR_ROWS]
    changed[1][12] = ""  # R1's cost

    report = load_ok(tmp_path, "repairs", changed, name="repairs_changed")

    assert counts(report) == (3, 0, 1, 2)
    assert Repair.objects.get(repair_ref="R1").cost_gbp is None


def test_it_replaces_survey_comments_only_when_they_change(tmp_path, stock):
    load_ok(tmp_path, "survey_responses", SURVEY_ROWS)
    v1_comment_ids = list(
        Comment.objects.filter(response__response_ref="V1").order_by("pk").values_list("pk")
    )
    changed = [list(row) for row in SURVEY_ROWS]
    changed[2][22] = "Nobody answers the phone"  # V2 gains a general comment
    changed.append(["V3", "", "H1", "", "2025-10-03", "sms"] + [""] * 19)

    report = load_ok(tmp_path, "survey_responses", changed, name="survey_changed")

    assert counts(report) == (3, 1, 1, 1)
    # V1's comments were left alone: the same rows, with the same ids.
    assert list(
        Comment.objects.filter(response__response_ref="V1").order_by("pk").values_list("pk")
    ) == v1_comment_ids
    assert list(Comment.objects.filter(response__response_ref="V2").values_list(
        "question", "text")) == [("", "Nobody answers the phone")]

    changed[1][23] = "Good landlord, mostly"  # V1's TP01 comment is reworded
    changed[1][24] = ""  # and its TP08 comment removed
    report = load_ok(tmp_path, "survey_responses", changed, name="survey_changed_again")

    assert counts(report) == (3, 0, 1, 2)
    assert list(Comment.objects.filter(response__response_ref="V1").order_by("pk").values_list(
        "question", "text")) == [("", "Repairs are slow"), ("TP01", "Good landlord, mostly")]
    assert Comment.objects.count() == 3  # V1 two, V2 one, V3 none


def test_it_writes_nothing_in_a_dry_run_but_says_what_would_change(tmp_path, stock):
    load_ok(tmp_path, "repairs", REPAIR_ROWS[:2])  # R1 only
    before = snapshot()
    changed = [list(row) for row in REPAIR_ROWS]
    changed[1][11] = "Black mould, bedroom and bathroom"

    report = load_ok(tmp_path, "repairs", changed, dry_run=True, name="repairs_dry")

    # R1 would be updated; R2 and R3 would be created.
    assert counts(report) == (3, 2, 1, 0)
    assert report.as_dict()["written"] is False
    assert snapshot() == before
    run = ImportRun.objects.get(pk=report.run_id)
    assert (run.outcome, run.created, run.updated, run.unchanged) == ("checked", 2, 1, 0)


def test_it_records_every_run_with_the_files_hash(tmp_path, stock):
    path = write_file(tmp_path, "repairs", REPAIR_ROWS)
    expected_hash = hashlib.sha256(path.read_bytes()).hexdigest()
    imported = import_file(dataset="repairs", path=path, run_by="amina (command line)")
    checked = import_file(dataset="repairs", path=path, dry_run=True, run_by="amina")
    bad = [list(row) for row in REPAIR_ROWS]
    bad[2][1] = "H404"
    bad[3][4] = "urgent"
    rejected = load(tmp_path, "repairs", bad, name="repairs_bad")

    runs = {run.pk: run for run in ImportRun.objects.all()}
    assert len(runs) == 2 + 3  # the two stock imports of the fixture, then these three
    first, second, third = runs[imported.run_id], runs[checked.run_id], runs[rejected.run_id]
    assert (first.outcome, first.dataset, first.file_name, first.run_by) == (
        "imported", "repairs", "repairs.csv", "amina (command line)")
    assert (first.file_sha256, first.rows, first.created, first.updated, first.unchanged) == (
        expected_hash, 3, 3, 0, 0)
    assert first.started_at <= first.finished_at
    assert (first.error_count, first.errors, first.unknown_columns) == (0, [], [])
    # The dry run comes after the import, so all three rows are unchanged.
    assert (second.outcome, second.file_sha256, second.created, second.unchanged) == (
        "checked", expected_hash, 0, 3)
    assert (third.outcome, third.file_name, third.rows, third.created, third.error_count) == (
        "rejected", "repairs_bad.csv", 3, 0, 2)
    assert [(e["row"], e["column"], e["value"]) for e in third.errors] == [
        (3, "home_ref", "H404"), (4, "priority", "urgent")]
    assert "there is no home with reference 'H404'" in third.errors[0]["reason"]
