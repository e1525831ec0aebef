"""The regulator's TSM data shipped with Doorstep (doorstep/benchmarks/data/): credited, exactly
what the workbooks give, and loaded as benchmarks without them."""

import json
from io import StringIO

import pytest
from conftest import need_workbooks
from django.core.management import call_command

from doorstep.benchmarks import dataset
from doorstep.benchmarks.models import PublishedFigure, Release
from doorstep.benchmarks.rsh import Figure, ManagementFigure

CREDIT = ("Contains public sector information licensed under the Open Government Licence v3.0 "
          "(Regulator of Social Housing)")


def test_it_ships_both_years_with_the_regulators_credit():
    files = dataset.shipped_files()
    assert [path.name for path in files] == ["rsh_tsm_2023-24.json.gz", "rsh_tsm_2024-25.json.gz"]
    for path in files:
        document = dataset.read_document(path)
        assert document["attribution"] == CREDIT
        assert document["licence"].endswith("/open-government-licence/version/3/")
        assert len(document["source_sha256"]) == 64
    readme = (dataset.DATA / "README.md").read_text()
    assert CREDIT in " ".join(readme.split())
    # Compact: both years together are well under the 1.4 MB of the two workbooks.
    assert sum(path.stat().st_size for path in files) < 800_000


def test_it_gives_exactly_what_the_regulators_workbooks_give():
    results = dataset.check(source=need_workbooks())
    assert [(r["year"], r["workbook"], r["landlords"]) for r in results] == [
        ("2023/24", "2024_TSM_Full_Data_v1.1_FINAL.xlsx", 362),
        ("2024/25", "2025_TSM_Full_Data_v1.0_FINAL.xlsx", 360),
    ]


def test_it_keeps_markers_numbers_and_tuple_keys_as_they_were():
    measure = ManagementFigure(code="CH01-1", tenure="LCRA", value=Figure(None, "[U]"),
                               numerator=Figure(0), denominator=Figure(12.0), unit="per 1,000")
    kept = {("CH01-1", "LCRA"): measure, "counts": {"very_satisfied": Figure(1307.25)}}
    back = dataset.decode(json.loads(json.dumps(dataset.encode(kept))))
    assert back == kept
    assert back[("CH01-1", "LCRA")].value.missing == "[U]"
    assert type(back[("CH01-1", "LCRA")].numerator.value) is int  # a real 0 stays 0, not 0.0
    assert type(back[("CH01-1", "LCRA")].denominator.value) is float


def test_it_says_how_to_rebuild_a_missing_dataset(tmp_path):
    with pytest.raises(dataset.DatasetError, match="rsh-dataset build --from"):
        dataset.load_books(tmp_path)


@pytest.mark.django_db
def test_it_loads_the_shipped_years_as_benchmarks_once():
    out = StringIO()
    call_command("rsh_dataset", "load", stdout=out)
    assert "Imported 2023/24: 362 landlords." in out.getvalue()
    assert CREDIT in out.getvalue()
    assert sorted(Release.objects.values_list("year", flat=True)) == ["2023/24", "2024/25"]
    # The regulator's headline median for TP02, LCRA, 2024/25 (rsh-datasets.md), from the
    # shipped data alone.
    shown = StringIO()
    call_command("benchmarks", "show", "--year", "2024/25", "--measure", "TP02", "--tenure",
                 "LCRA", "--format", "json", stdout=shown)
    assert json.loads(shown.getvalue())["median"] == 73.6
    figures = PublishedFigure.objects.count()
    again = StringIO()
    call_command("rsh_dataset", "load", stdout=again)
    assert "already imported" in again.getvalue()
    assert PublishedFigure.objects.count() == figures
