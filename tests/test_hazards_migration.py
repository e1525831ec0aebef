"""The migration to the hazard list maps the cases of the two old kinds: "damp_mould" becomes
a significant damp and mould hazard, "emergency" an emergency with its hazard not recorded;
each is given the rule of the day the landlord became aware (Awaab's Law from Mon 27 Oct
2025). Run with Django's MigrationExecutor, back to 0001 and forward again."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from doorstep.hazards.hazard_list import load_hazard_list

BEFORE = [("hazards", "0001_initial")]
AFTER = [("hazards", "0002_hazard_list")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def at_0001(transactional_db):
    old_apps = migrate(BEFORE)
    yield old_apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    load_hazard_list()


def test_it_maps_the_old_damp_mould_and_emergency_cases(at_0001):
    OldCase = at_0001.get_model("hazards", "HazardCase")
    OldCase.objects.create(hazard_ref="HZ-1", kind="damp_mould", source="report",
                           aware_at=datetime(2025, 11, 3, 9, tzinfo=UTC))
    OldCase.objects.create(hazard_ref="HZ-2", kind="emergency", source="report",
                           aware_at=datetime(2025, 11, 7, 18, tzinfo=UTC))
    # Reported before Awaab's Law came into force: recorded, outside its timescales.
    OldCase.objects.create(hazard_ref="HZ-3", kind="damp_mould", source="report",
                           aware_at=datetime(2025, 6, 2, 9, tzinfo=UTC))

    new_apps = migrate(AFTER)

    Case = new_apps.get_model("hazards", "HazardCase")
    assert new_apps.get_model("hazards", "Hazard").objects.count() == 29
    mapped = {case.hazard_ref: (case.kind, case.hazard_id, case.timescales_apply, case.rule)
              for case in Case.objects.all()}
    assert mapped == {
        "HZ-1": ("significant", "damp_mould", True, "Significant hazard timescales in force "
                 "from Mon 27 Oct 2025 for damp and mould growth"),
        "HZ-2": ("emergency", None, True, "Emergency hazard timescales (24 hours) in force "
                 "from Mon 27 Oct 2025 for any hazard but crowding and space"),
        "HZ-3": ("significant", "damp_mould", False, "Outside Awaab's Law timescales: damp "
                 "and mould growth came into scope on Mon 27 Oct 2025, after the landlord "
                 "became aware on Mon 2 Jun 2025"),
    }

    # And back: the old kinds return.
    old_apps = migrate(BEFORE)
    assert dict(old_apps.get_model("hazards", "HazardCase").objects.values_list(
        "hazard_ref", "kind")) == {"HZ-1": "damp_mould", "HZ-2": "emergency",
                                   "HZ-3": "damp_mould"}
