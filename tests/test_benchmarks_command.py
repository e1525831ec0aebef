"""``doorstep benchmarks``: importing the real 2024/25 workbook through the command, and the
``show`` JSON contract against the regulator's figures.

The ``show`` tests start from the 2024/25 release imported from the shipped dataset (the same
figures the workbook gives: tests/test_rsh_dataset.py), inside each test's transaction, so
nothing is left behind for the next test whatever happens.
"""

import json
from io import StringIO

import pytest
from conftest import need_workbooks
from django.core.management import call_command
from django.core.management.base import CommandError

from doorstep.benchmarks.importing import import_workbook
from doorstep.benchmarks.models import PeerLandlord, Release
from doorstep.imports.models import ImportRun

pytestmark = pytest.mark.django_db
NEWER = "2025_TSM_Full_Data_v1.0_FINAL.xlsx"


def run(*args) -> str:
    out = StringIO()
    call_command("benchmarks", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def imported(rsh_workbooks):
    """The 2024/25 release, as the import gives it."""
    import_workbook(book=rsh_workbooks["2024/25"], file_name=NEWER, sha="2024/25")


def test_it_imports_the_workbook_and_reports_it():
    imported = json.loads(run("import", str(need_workbooks() / NEWER), "--format", "json"))
    assert imported["ok"] is True
    assert (imported["year"], imported["landlords"]) == ("2024/25", 360)
    assert imported["sheets"]["LCRA perception"]["missing"] == {"[E]": 2}
    assert len(imported["left_out"]) == 3
    run_record = ImportRun.objects.get(dataset="rsh_tsm")
    assert (run_record.outcome, run_record.rows) == ("imported", 360)


def test_it_shows_a_measure_in_the_json_contract(imported):
    result = json.loads(
        run("show", "--year", "2024/25", "--measure", "TP02", "--tenure", "LCRA",
            "--format", "json")
    )  # fmt: skip
    assert list(result)[:10] == [
        "year", "measure", "tenure", "landlords", "median", "q1", "q3", "min", "max", "values",
    ]  # fmt: skip
    assert (result["year"], result["measure"], result["tenure"]) == ("2024/25", "TP02", "LCRA")
    # The regulator's headline median for TP02, LCRA, 2024/25.
    assert (result["landlords"], result["median"]) == (353, 73.6)
    assert len(result["values"]) == 353
    assert "own" not in result  # the test database holds no survey of the landlord's own
    a2d = next(row for row in result["values"] if row["code"] == "L4240")
    assert set(a2d) == {"code", "name", "value"}
    assert a2d["name"].startswith("A2Dominion")
    # Python's statistics.quantiles(method="inclusive") over the published TP02 column.
    assert (result["q1"], result["q3"]) == (66.8, 79.6)
    assert result["min"] == min(row["value"] for row in result["values"])


def test_it_places_a_published_landlord_as_own(imported):
    result = json.loads(
        run("show", "--year", "2024/25", "--measure", "TP01", "--own-code", "L4240",
            "--format", "json")
    )  # fmt: skip
    own = result["own"]
    # A2Dominion published TP01 60.7%; among the other 352 landlords, with the median 71.8
    # far above, it is in the bottom quartile and the gap exceeds its margin of error.
    assert own["value"] == 60.7
    assert own["of"] == 352
    assert own["quartile"] == "bottom quartile"
    assert own["against_median"]["significant"] is True


def test_it_filters_by_region_and_a_saved_group(imported):
    run("groups", "save", "London", "--region", "london")
    by_group = json.loads(
        run("show", "--year", "2024/25", "--measure", "TP01", "--group", "London",
            "--format", "json")
    )  # fmt: skip
    by_region = json.loads(
        run("show", "--year", "2024/25", "--measure", "TP01", "--region", "London",
            "--format", "json")
    )  # fmt: skip
    assert by_group["values"] == by_region["values"]
    london = PeerLandlord.objects.filter(release__year="2024/25", region="London")
    codes = set(london.values_list("code", flat=True))
    assert {row["code"] for row in by_region["values"]} <= codes
    assert by_region["landlords"] < 353


def test_it_explains_a_mistake_in_the_options(imported):
    with pytest.raises(CommandError, match="region 'Sooth'") as raised:
        run("show", "--year", "2024/25", "--measure", "TP01", "--region", "Sooth")
    assert raised.value.returncode == 2
    with pytest.raises(CommandError, match="publishes TP02 for LCRA"):
        run("show", "--year", "2024/25", "--measure", "TP02", "--tenure", "LCHO")


def test_it_rejects_a_file_that_is_not_the_workbook_with_status_1(imported, tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_text("not a spreadsheet")
    with pytest.raises(CommandError, match="Nothing was imported.*could not be opened") as raised:
        run("import", str(bad))
    assert raised.value.returncode == 1
    assert ImportRun.objects.filter(outcome="rejected", file_name="notes.xlsx").exists()
    assert Release.objects.count() == 1
