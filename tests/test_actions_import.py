"""``doorstep import actions FILE``: the action plan from a spreadsheet, with the rules of
every import (all or nothing, each problem with its row and column, idempotent by
action_ref, recorded)."""

import csv
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from doorstep.actions import services
from doorstep.actions.models import Action, ActionStatus, MeasurementKind
from doorstep.imports.models import ImportRun
from doorstep.imports.services import import_file

pytestmark = pytest.mark.django_db

HEADER = ["action_ref", "title", "measure", "tenure", "area", "theme", "status", "agreed_on",
          "due_on", "done_on", "owner", "team", "summary_for_residents", "involvement"]


def row(ref="A-1", title="Fix repairs first time", measure="RP02-1", tenure="", area="",
        theme="", status="proposed", agreed="", due="", done="", owner="", team="",
        summary="", involvement="") -> list[str]:
    return [ref, title, measure, tenure, area, theme, status, agreed, due, done, owner, team,
            summary, involvement]


def write(tmp_path: Path, rows: list[list], *, kind="csv", name="actions") -> Path:
    if kind == "xlsx":
        path = tmp_path / f"{name}.xlsx"
        book = Workbook()
        for line in [HEADER, *rows]:
            book.active.append(line)
        book.save(path)
        return path
    path = tmp_path / f"{name}.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([HEADER, *rows])
    return path


def load(tmp_path, rows, **options):
    return import_file(dataset="actions", path=write(tmp_path, rows, **options), run_by="test")


def problems(report) -> list[tuple]:
    return [(problem.row, problem.column) for problem in report.errors]


def test_it_imports_an_action_plan_and_records_the_run(tmp_path):
    report = load(tmp_path, [
        row("A-1", measure="RP02-1", area="North", theme="repairs; repair_time",
            status="agreed", agreed="2025-04-01", due="31/03/2026", owner="Priya Shah",
            team="Repairs", summary="We will fix more repairs first time.",
            involvement="co_produced"),
        row("A-2", title="Answer complaints on time", measure="CH02-1", tenure="combined",
            status="done", agreed="2025-04-01", done="2025-09-30"),
        row("A-3", title="Publish cleaning rotas", measure=""),
    ], kind="xlsx")

    assert report.errors == [] and report.created == 3
    one = Action.objects.get(action_ref="A-1")
    assert (one.tenure, one.group_kind, one.group_value, one.area) == (
        "LCRA", "area", "North", "North")
    assert (one.status, one.agreed_on, one.due_on, one.original_due_on) == (
        ActionStatus.AGREED, date(2025, 4, 1), date(2026, 3, 31), date(2026, 3, 31))
    assert (one.owner_name, one.team, one.involvement) == ("Priya Shah", "Repairs",
                                                           "co_produced")
    assert sorted(one.themes.values_list("code", flat=True)) == ["repair_time", "repairs"]
    # Agreed with a measure: the baseline is recorded, as agreeing in Doorstep records it.
    baseline = one.measurements.get()
    assert (baseline.kind, baseline.period_start, baseline.period_end) == (
        MeasurementKind.BASELINE, date(2024, 4, 1), date(2025, 3, 31))
    done = Action.objects.get(action_ref="A-2")
    assert sorted(done.measurements.values_list("kind", flat=True)) == ["after", "baseline"]
    assert Action.objects.get(action_ref="A-3").tenure == ""
    run = ImportRun.objects.get(pk=report.run_id)
    assert (run.dataset, run.created) == ("actions", 3)


def test_it_changes_nothing_when_the_same_file_comes_again(tmp_path):
    rows = [row("A-1", theme="repairs", status="agreed", agreed="2025-04-01")]
    load(tmp_path, rows)
    again = load(tmp_path, rows, name="again")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Action.objects.get().measurements.count() == 1


def test_it_updates_an_action_by_its_reference(tmp_path):
    load(tmp_path, [row("A-1", due="2025-12-31")])
    report = load(tmp_path, [row("A-1", title="Fix repairs first time, everywhere",
                                 due="2026-03-31")], name="later")
    action = Action.objects.get()
    assert report.updated == 1
    assert (action.title, action.due_on, action.original_due_on) == (
        "Fix repairs first time, everywhere", date(2026, 3, 31), date(2025, 12, 31))


@pytest.mark.parametrize("bad, expected", [
    (row(measure="RP99"), [(2, "measure")]),
    (row(theme="no_such_theme"), [(2, "theme")]),
    (row(status="done", agreed="2025-06-01", done="2025-05-01"), [(2, "done_on")]),
    (row(status="done", agreed="2025-06-01"), [(2, "done_on")]),
    (row(status="in_progress"), [(2, "agreed_on")]),
    (row(status="agreed", done="2025-05-01", agreed="2025-04-01"), [(2, "done_on")]),
    (row(tenure="LCHO"), [(2, "tenure")]),  # RP02 is reported for LCRA only
    (row(status="finished"), [(2, "status")]),
    (row(involvement="asked"), [(2, "involvement")]),
    (row(title=""), [(2, "title")]),
    (row(agreed="2025-13-01"), [(2, "agreed_on")]),
])
def test_it_refuses_bad_input_with_its_row_and_column_and_writes_nothing(tmp_path, bad,
                                                                          expected):
    report = load(tmp_path, [row("A-0", title="A good row"), bad])
    assert problems(report) == [
        (3, column) for _, column in expected]
    assert report.errors[0].reason  # in words
    assert not Action.objects.exists()
    assert ImportRun.objects.get(pk=report.run_id).outcome == "rejected"


def test_it_gives_the_reason_for_a_done_action_before_it_was_agreed(tmp_path):
    report = load(tmp_path, [row(status="done", agreed="2025-06-01", done="2025-05-01")])
    assert "before agreed_on" in report.errors[0].reason


def test_it_refuses_to_undo_work_done_in_doorstep(tmp_path):
    load(tmp_path, [row("A-1")])
    action = Action.objects.get()
    services.agree_action(action=action, by=None, agreed_on=date(2025, 4, 1))
    report = load(tmp_path, [row("A-1")], name="stale")  # still says proposed
    assert problems(report) == [(2, "agreed_on"), (2, "status")]
    assert "worked in Doorstep" in report.errors[0].reason
    assert Action.objects.get().status == ActionStatus.AGREED


def test_it_imports_from_the_command_line(tmp_path):
    path = write(tmp_path, [row("A-1")])
    out = StringIO()
    call_command("import", "actions", str(path), stdout=out)
    assert Action.objects.filter(action_ref="A-1").exists()
