"""The demo landlord's action plan: loaded through the importer after the figures, an
action in every status, some overdue, one re-measured as improved and one with no clear
change (the generator makes fewer late repairs each year and the same number of complaints
per home)."""

from datetime import date

import pytest

from doorstep.actions.models import Action, ActionStatus
from doorstep.actions.remeasure import remeasure
from doorstep.demo.generator import DemoLandlord, generate, load_into_database

pytestmark = pytest.mark.django_db


def test_it_gives_the_demo_a_plan_in_every_status_with_two_real_remeasurements(tmp_path):
    # Three complete years (2023/24 to 2025/26) and 2026/27 to 2 December: the plan is dated
    # from the last complete year, so the year in progress changes none of it.
    today = date(2026, 12, 2)
    generate(landlord=DemoLandlord(homes=800, years=3, seed=1, today=today), out_dir=tmp_path)
    created = load_into_database(tmp_path, run_by="test", today=today)

    assert created["actions"] == 9
    assert set(Action.objects.values_list("status", flat=True)) == set(ActionStatus.values)
    assert sorted(a.action_ref for a in Action.objects.all() if a.is_overdue(today=today)) == [
        "A-3", "A-5", "A-6"]
    improved = remeasure(Action.objects.get(action_ref="A-1"), until=today)
    steady = remeasure(Action.objects.get(action_ref="A-2"), until=today)
    # Both later windows are the whole of 2025/26, within the data.
    assert improved["after"]["from"] == "2025-04-01" and improved["after"]["to"] == "2026-03-31"
    assert (improved["measure"], improved["verdict"]) == ("RP02-1", "improved")
    assert improved["after"]["value"] > improved["baseline"]["value"]
    assert (steady["measure"], steady["verdict"]) == ("CH01-1", "no clear change")
    moved = Action.objects.get(action_ref="A-6")
    assert moved.original_due_on < moved.due_on
