"""The demo landlord is up to date: its history runs to the day it is made for (``today``),
with the year in progress so far and casework open at the ages a working landlord's is, so
that a demo built on 2 December 2026 does not show every complaint months overdue."""

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from doorstep.complaints.clocks import OVERDUE, PENDING, stage_timeliness
from doorstep.core.periods import ReportingYear
from doorstep.core.workdays import WorkingDayCalendar
from doorstep.demo.generator import DATASETS, DemoLandlord, generate

TODAY = date(2026, 12, 2)  # a Wednesday in 2026/27
# Big enough for a dozen or so complaints to be open on the day (about 40 a year per 1,000
# homes, each open for two or three weeks).
LANDLORD = DemoLandlord(homes=3000, years=1, seed=4, today=TODAY)


def read(folder: Path, dataset: str) -> list[dict]:
    with (folder / f"{dataset}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo-today")
    generate(landlord=LANDLORD, out_dir=folder)
    return folder


def open_complaint_clocks(folder: Path, *, as_of: date) -> list:
    """The clock of the stage each open complaint is at, read on ``as_of``."""
    calendar = WorkingDayCalendar()

    def day(text: str) -> date | None:
        return date.fromisoformat(text) if text else None

    clocks = []
    for row in read(folder, "complaints"):
        stage = 2 if row["escalated_on"] else 1
        prefix = f"stage{stage}_"
        if row[f"{prefix}responded_on"] or row["withdrawn_on"]:
            continue
        clocks.append(stage_timeliness(
            stage=stage, received_on=day(row["escalated_on"] or row["received_on"]),
            acknowledged_on=day(row[f"{prefix}acknowledged_on"]), responded_on=None,
            extension_days=int(row[f"{prefix}extension_days"] or 0), withdrawn_on=None,
            as_of=as_of, calendar=calendar))
    return clocks


def test_it_counts_the_complete_years_before_today_and_the_year_in_progress():
    # 2 December 2026 is in 2026/27: three complete years before it are 2023/24 to 2025/26.
    landlord = DemoLandlord(today=TODAY, years=3)
    assert (landlord.first_year.label, landlord.last_complete_year.label,
            landlord.end_year.label) == ("2023/24", "2025/26", "2026/27")
    # On 31 March the year ending that day is complete: no year in progress.
    on_the_last_day = DemoLandlord(today=date(2026, 3, 31), years=2)
    assert (on_the_last_day.first_year.label, on_the_last_day.last_complete_year.label,
            on_the_last_day.end_year.label) == ("2024/25", "2025/26", "2025/26")


def test_it_runs_the_history_up_to_today_and_no_later(made):
    repairs = [row["reported_at"][:10] for row in read(made, "repairs")]
    received = [row["received_on"] for row in read(made, "complaints")]
    opened = [row["opened_on"] for row in read(made, "asb_cases")]
    assert min(repairs) == "2025-04-01"  # the one complete year, 2025/26, in full
    for days in (repairs, received, opened):
        assert max(days) <= "2026-12-02"
        # Some in the last week (25 November to 2 December): the data is up to date.
        assert any(day >= "2026-11-25" for day in days)
    done = [row["completed_at"][:10] for row in read(made, "repairs") if row["completed_at"]]
    assert max(done) <= "2026-12-02"  # nothing finished after the day
    for row in read(made, "complaints"):
        for column, value in row.items():
            if column.endswith("_on") and value:
                assert value <= "2026-12-02", (column, row)


def test_it_gives_the_year_in_progress_the_survey_waves_done_so_far(made):
    by_year = Counter(
        ReportingYear.containing(date.fromisoformat(row["completed_on"])).label
        for row in read(made, "survey_responses")
    )
    assert set(by_year) == {"2025/26", "2026/27"}
    # Quarterly waves: by 2 December the April, July and October waves are done and the
    # January one is not, so the year so far has about three quarters of a year's answers.
    assert 0.6 < by_year["2026/27"] / by_year["2025/26"] < 0.85
    assert max(row["completed_on"] for row in read(made, "survey_responses")) <= "2026-12-02"


def test_it_leaves_most_open_complaints_within_time_and_some_due_this_week(made):
    clocks = open_complaint_clocks(made, as_of=TODAY)
    statuses = Counter(clock.status for clock in clocks)
    assert set(statuses) <= {PENDING, OVERDUE}
    assert len(clocks) >= 5
    assert statuses[OVERDUE] < statuses[PENDING]
    assert statuses[OVERDUE] <= 0.3 * len(clocks)
    # Due within five working days of Wednesday 2 December: on or before Wednesday 9th.
    within_five = WorkingDayCalendar().add_working_days(TODAY, 5)
    assert within_five == date(2026, 12, 9)
    assert any(clock.status == PENDING and clock.respond_by <= within_five for clock in clocks)
    # Nothing has been waiting for months: the oldest open complaint arrived this autumn.
    received = [row["escalated_on"] or row["received_on"] for row in read(made, "complaints")
                if not (row["stage2_responded_on"] if row["escalated_on"]
                        else row["stage1_responded_on"]) and not row["withdrawn_on"]]
    assert min(received) >= "2026-09-01"


def test_it_keeps_most_open_repairs_within_their_targets(made):
    still_open = [row for row in read(made, "repairs") if row["status"] == "open"]
    overdue = [row for row in still_open if row["target_at"][:10] < "2026-12-02"]
    assert still_open and overdue  # a working landlord has a few late jobs
    assert len(overdue) < 0.4 * len(still_open)
    # Jobs with no completion recorded are found within six months, not left for years.
    assert min(row["reported_at"] for row in still_open) >= "2026-06-01"
    cases = read(made, "asb_cases")
    assert any(not row["closed_on"] for row in cases)


def test_it_writes_byte_identical_files_for_the_same_seed_and_day(made, tmp_path):
    generate(landlord=DemoLandlord(homes=3000, years=1, seed=4, today=TODAY),
             out_dir=tmp_path / "again")
    for dataset in DATASETS:
        assert (tmp_path / "again" / f"{dataset}.csv").read_bytes() == (
            made / f"{dataset}.csv").read_bytes(), dataset


def test_it_moves_the_end_with_the_day(made, tmp_path):
    earlier = tmp_path / "october"
    generate(landlord=DemoLandlord(homes=3000, years=1, seed=4, today=date(2026, 10, 15)),
             out_dir=earlier)
    reported = [row["reported_at"][:10] for row in read(earlier, "repairs")]
    assert "2026-10-08" <= max(reported) <= "2026-10-15"
    assert max(row["received_on"] for row in read(earlier, "complaints")) <= "2026-10-15"
    assert (earlier / "repairs.csv").read_bytes() != (made / "repairs.csv").read_bytes()
    # The complaints open on 15 October are within time on that day too.
    clocks = open_complaint_clocks(earlier, as_of=date(2026, 10, 15))
    assert clocks and sum(c.status == OVERDUE for c in clocks) < len(clocks) / 2


def test_it_takes_today_from_the_command_and_says_what_it_covers(tmp_path, capsys):
    call_command("demo_data", homes=40, years=1, seed=3, today="2026-12-02", out=tmp_path)
    assert "(1 April 2025 to 2 December 2026, seed 3)" in capsys.readouterr().out
    reported = [row["reported_at"] for row in read(tmp_path, "repairs")]
    assert min(reported) >= "2025-04-01" and max(reported)[:10] <= "2026-12-02"
