"""Each repair keeps a copy of its home's facts (does it count for LCRA, which area, scheme,
needs type and building): the copy must follow every change to homes, buildings and repairs,
or RP02 would count the wrong repairs. Expected values are worked out by hand from the rows
below (see doorstep/repairs/grouping.py for the rules)."""

import pytest
from test_imports import BUILDING_ROWS, HOME_ROWS, import_stock, load_ok

from doorstep.core.periods import ReportingYear
from doorstep.measures.repairs import repair_measures
from doorstep.repairs.models import Repair
from doorstep.stock.models import Building, Home

pytestmark = pytest.mark.django_db

YEAR = ReportingYear.parse("2025/26")
HEADER = ["repair_ref", "home_ref", "building_ref", "reported_at", "priority", "target_at",
          "completed_at", "status"]  # fmt: skip
# B1 holds H1 (LCRA, owned, North, scheme Alder) and S1 (LCHO, not owned, North, no scheme);
# H2 (LCRA, owned, South) is in no building. All three repairs are non-emergency and
# completed in 2025/26; R2 (communal, in B1) missed its target.
REPAIR_ROWS = [
    HEADER,
    ["R1", "H1", "", "2025-06-02 09:00", "non_emergency", "2025-06-20 09:00",
     "2025-06-10 09:00", "completed"],
    ["R2", "", "B1", "2025-06-02 09:00", "non_emergency", "2025-06-20 09:00",
     "2025-07-10 09:00", "completed"],
    ["R3", "H2", "", "2025-06-02 09:00", "non_emergency", "2025-06-20 09:00",
     "2025-06-12 09:00", "completed"],
]  # fmt: skip


def facts() -> dict[str, tuple]:
    return {
        ref: rest
        for ref, *rest in Repair.objects.order_by("repair_ref").values_list(
            "repair_ref", "counts_as_lcra", "area_group", "scheme_group", "building_group"
        )
    }


def rp02(by=None) -> dict:
    """RP02-1 as {group: (in time, completed)}."""
    return {
        result.group: (result.numerator, result.denominator)
        for result in repair_measures(year=YEAR, by=by)
        if result.code == "RP02-1"
    }


@pytest.fixture
def repairs(tmp_path):
    import_stock(tmp_path)
    load_ok(tmp_path, "repairs", REPAIR_ROWS)


def test_it_copies_each_homes_facts_onto_its_repairs_at_import(repairs):
    assert facts() == {
        "R1": [True, "North", "Alder", "B1"],
        # Communal: B1 holds an owned LCRA home (H1); both its homes are in North; their
        # schemes differ ("Alder" and none), so the scheme is unknown.
        "R2": [True, "North", "unknown", "B1"],
        "R3": [True, "South", "unknown", "unknown"],
    }
    assert rp02() == {None: (2, 3)}
    assert rp02(by="area") == {"North": (1, 2), "South": (1, 1)}


def test_it_follows_a_home_reimported_with_another_tenure(tmp_path, repairs):
    rows = [list(row) for row in HOME_ROWS]
    rows[1][1] = "LCHO"  # H1 becomes shared ownership: B1 then holds no owned LCRA home
    load_ok(tmp_path, "homes", rows, name="homes_again")

    assert [counted for counted, *_ in facts().values()] == [False, False, True]
    assert rp02() == {None: (1, 1)}


def test_it_follows_a_home_saved_in_another_area(repairs):
    home = Home.objects.get(home_ref="H2")
    home.area = "East"
    home.save()

    assert facts()["R3"] == [True, "East", "unknown", "unknown"]
    assert rp02(by="area") == {"East": (1, 1), "North": (1, 2)}


def test_it_follows_a_building_renamed(repairs):
    building = Building.objects.get(building_ref="B1")
    building.building_ref = "B1-renamed"
    building.save()

    assert [group for *_, group in facts().values()] == ["B1-renamed", "B1-renamed", "unknown"]


def test_it_follows_a_building_reimported_with_a_home_moving_in(tmp_path, repairs):
    rows = [list(row) for row in HOME_ROWS]
    rows[2][4] = "B1"  # H2 (South) moves into B1: B1's homes no longer share an area
    load_ok(tmp_path, "buildings", BUILDING_ROWS, name="buildings_again")
    load_ok(tmp_path, "homes", rows, name="homes_again")

    assert facts()["R2"] == [True, "unknown", "unknown", "B1"]
    assert facts()["R3"] == [True, "South", "unknown", "B1"]


def test_it_follows_a_home_leaving_a_building(repairs):
    Home.objects.get(home_ref="S1").delete()  # S1 has no repairs of its own

    # Only H1 is left in B1, so its scheme is the one B1's homes share.
    assert facts()["R2"] == [True, "North", "Alder", "B1"]


def test_it_follows_a_repair_reimported_on_another_home(tmp_path, repairs):
    rows = [list(row) for row in REPAIR_ROWS]
    rows[3][1] = "H1"  # R3 was reported against the wrong home
    load_ok(tmp_path, "repairs", rows, name="repairs_again")

    assert facts()["R3"] == [True, "North", "Alder", "B1"]


def test_it_fills_the_facts_of_repairs_saved_or_created_in_bulk(repairs):
    h1, h2 = Home.objects.get(home_ref="H1"), Home.objects.get(home_ref="H2")
    template = Repair.objects.get(repair_ref="R1")
    template.pk, template.repair_ref, template.home = None, "R4", h2
    template.save()
    copies = []
    for ref, home in (("R5", h1), ("R6", h2)):
        copy = Repair.objects.get(repair_ref="R1")
        copy.pk, copy.repair_ref, copy.home = None, ref, home
        copies.append(copy)
    Repair.objects.bulk_create(copies)

    got = facts()
    assert (got["R4"], got["R5"], got["R6"]) == (
        [True, "South", "unknown", "unknown"],
        [True, "North", "Alder", "B1"],
        [True, "South", "unknown", "unknown"],
    )


def test_it_fills_the_facts_and_rebuilds_the_indexes_when_a_large_file_is_bulk_loaded(
    tmp_path, monkeypatch
):
    from django.db import connection

    from doorstep.imports import writing

    # Any file counts as large: SQLite drops the repairs' indexes, loads, fills the copies
    # of the homes' facts and builds the indexes again, all in the import's transaction.
    monkeypatch.setattr(writing, "BULK_LOAD_ROWS", 1)
    import_stock(tmp_path)
    with connection.cursor() as cursor:
        indexes = set(connection.introspection.get_constraints(cursor, "repairs_repair"))
    load_ok(tmp_path, "repairs", REPAIR_ROWS)

    with connection.cursor() as cursor:
        assert set(connection.introspection.get_constraints(cursor, "repairs_repair")) == indexes
    assert "repair_by_report_date" in indexes
    assert facts()["R2"] == [True, "North", "unknown", "B1"]
    assert rp02(by="area") == {"North": (1, 2), "South": (1, 1)}
