"""``doorstep tsm``: the command-line contract other tools and reports rely on."""

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from test_management_measures import asb_case, building, complaint, home, repair, requirement

from doorstep.stock.models import SafetyCheckType

pytestmark = pytest.mark.django_db


def tsm(*args) -> str:
    out = io.StringIO()
    call_command("tsm", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def landlord():
    """Four LCRA homes, one LCHO; a late repair; one complaint; a case; an unmet FRA."""
    rented = [home(f"H{n}", area="North" if n < 3 else "South") for n in range(1, 5)]
    home("S1", tenure="LCHO")
    repair(
        "R1",
        home=rented[0],
        reported="2025-05-01T09:00",
        target="2025-05-20T17:00",
        completed="2025-05-10T12:00",
    )
    repair(
        "R2",
        home=rented[2],
        reported="2025-07-01T09:00",
        target="2025-07-20T17:00",
        completed="2025-07-22T20:30",
    )
    repair(
        "R3",
        home=rented[3],
        reported="2025-07-01T09:00",
        target="2025-07-20T17:00",
        completed="2025-07-02T20:30",
    )
    complaint("C1", received=date(2025, 5, 1), home=rented[0])
    asb_case("N1", opened=date(2025, 5, 1))
    requirement("F1", SafetyCheckType.FIRE_RISK, on=building("B1"))
    return rented


def test_it_prints_the_json_contract(landlord):
    output = json.loads(tsm("--year", "2025/26", "--format", "json"))

    assert (output["year"], output["period_start"], output["period_end"]) == (
        "2025/26",
        "2025-04-01",
        "2026-03-31",
    )
    assert set(output) >= {"conventions", "warnings", "survey_accuracy", "measures"}
    rows = {(m["code"], m["tenure"]): m for m in output["measures"]}
    rp02 = rows["RP02-1", "LCRA"]
    # R1 and R3 in time of 3 completed: 66.666...%, unrounded in JSON
    assert (rp02["numerator"], rp02["denominator"]) == (2.0, 3.0)
    assert rp02["value"] == pytest.approx(200 / 3, abs=1e-12)
    assert rp02["group"] is None and rp02["unit"] == "%"
    assert rows["CH01-1", "combined"]["value"] == 200.0  # 1 complaint / 5 homes
    assert rows["BS02", "combined"]["value"] is None  # the FRA's building has no homes
    assert output["conventions"]["withdrawn_complaints"] == "exclude"


def test_it_accepts_the_year_written_with_a_hyphen_and_one_tenure(landlord):
    output = json.loads(tsm("--year", "2025-26", "--tenure", "LCHO", "--format", "json"))

    assert output["year"] == "2025/26"
    assert {m["tenure"] for m in output["measures"]} == {"LCHO"}
    assert "RP02-1" not in {m["code"] for m in output["measures"]}


def test_it_writes_one_csv_row_per_measure(landlord):
    rows = list(
        csv.DictReader(
            io.StringIO(
                tsm("--year", "2025/26", "--format", "csv", "--by", "area", "--tenure", "LCRA")
            )
        )
    )

    assert list(rows[0])[:7] == [
        "code",
        "tenure",
        "group",
        "value",
        "numerator",
        "denominator",
        "unit",
    ]
    rp02 = {row["group"]: row for row in rows if row["code"] == "RP02-1"}
    # North: R1 in time (1/1); South: R2 late, R3 in time (1/2)
    assert (rp02["North"]["numerator"], rp02["North"]["denominator"]) == ("1.0", "1.0")
    assert float(rp02["South"]["value"]) == 50.0
    assert rp02["South"]["completed"] == "2"


def test_it_rounds_only_for_display_and_says_no_value(landlord):
    table = tsm("--year", "2025/26", "--tenure", "combined")

    lines = {line.split()[0]: line for line in table.splitlines() if line[:2] in ("BS", "CH")}
    assert "no value" in lines["BS02"]
    # CH01-1 combined: 1 / 5 * 1000 = 200.0
    assert lines["CH01-1"].split()[:3] == ["CH01-1", "combined", "200.0"]


def test_it_rounds_a_repeating_value_to_one_place_in_the_table(landlord):
    table = tsm("--year", "2025/26", "--tenure", "LCRA")

    rp02 = next(line for line in table.splitlines() if line.startswith("RP02-1"))
    assert rp02.split()[:5] == ["RP02-1", "LCRA", "66.7", "2", "3"]


def test_it_explains_a_measure_as_csv(landlord):
    output = tsm("explain", "RP02-1", "--year", "2025/26", "--format", "csv")

    rows = list(csv.DictReader(io.StringIO(output)))
    assert [(row["repair"], row["late by"]) for row in rows] == [
        ("R2", "2 days 3 hours 30 minutes")
    ]


def test_it_explains_a_measure_as_a_table(landlord):
    output = tsm("explain", "nm01-1", "--year", "2025/26")

    assert "N1" in output
    assert output.rstrip().endswith("1 records.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2025"], "'2025' is not a reporting year: write it like 2025/26"),
        (["--year", "2025/27"], "the second year must follow the first"),
        ([], "Say which reporting year with --year"),
        (["explain", "XX09", "--year", "2025/26"], "'XX09' is not a Tenant Satisfaction"),
        (["explain", "RP01", "--year", "2025/26", "--tenure", "LCHO"], "LCRA only"),
    ],
)
def test_it_refuses_bad_input_in_plain_english(args, message):
    with pytest.raises(CommandError, match=message) as refusal:
        tsm(*args)

    assert refusal.value.returncode == 2  # argparse's own refusals: see the next test


def test_it_exits_with_status_2_and_no_traceback_from_the_command_line(tmp_path):
    # Refused before any database access, so the empty data directory does not matter.
    env = {**os.environ, "DOORSTEP_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    doorstep = Path(sys.executable).with_name("doorstep")

    bad_year = subprocess.run(  # noqa: S603 (fixed arguments, the project's own command)
        [doorstep, "tsm", "--year", "last year"], capture_output=True, text=True, env=env
    )
    bad_tenure = subprocess.run(  # noqa: S603
        [doorstep, "tsm", "--year", "2025/26", "--tenure", "social"],
        capture_output=True,
        text=True,
        env=env,
    )

    assert bad_year.returncode == 2
    assert "'last year' is not a reporting year" in bad_year.stderr
    assert "Traceback" not in bad_year.stderr
    assert bad_tenure.returncode == 2
    assert "invalid choice: 'social'" in bad_tenure.stderr
