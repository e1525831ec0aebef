"""The demo's hazard cases (``doorstep demo``): a dozen across the four HHSRS groups on their
clocks, some open, some overdue, some met; one excess cold case reported before excess cold
came into scope and one asbestos case (2027) outside the timescales; set up once."""

from datetime import date, datetime

import pytest
from test_casework_transitions import make_user

from doorstep.core.periods import UK
from doorstep.demo.hazards import CASES, set_up_hazard_cases
from doorstep.hazards import services
from doorstep.hazards.models import HazardCase
from doorstep.stock.models import Home

pytestmark = pytest.mark.django_db


def test_it_sets_up_hazard_cases_across_the_groups_once():
    make_user("admin", "Ada", "Admin")
    for n in range(6):
        Home.objects.create(home_ref=f"H{n}", tenure="LCRA", area="North" if n < 3 else "South")

    today = date(2026, 12, 2)
    assert set_up_hazard_cases(today=today) == len(CASES) == 12
    # Once only.
    assert set_up_hazard_cases(today=today) == 12 and HazardCase.objects.count() == 12

    cases = HazardCase.objects.select_related("hazard")
    assert {case.hazard.group for case in cases if case.hazard} == {
        "physiological", "psychological", "infection", "accidents"}
    outside = sorted((c.hazard_id, c.aware_at.date().isoformat()) for c in cases
                     if not c.timescales_apply)
    assert outside[0] == ("asbestos_mmf", outside[0][1])
    assert outside[1] == ("excess_cold", "2026-10-12")
    evening = datetime(2026, 12, 2, 17, 0, tzinfo=UK)  # the clocks as they stood that day
    statuses = {clock.status for case in cases
                for clock in services.hazard_clocks(case=case, now=evening)}
    assert {"met", "overdue", "missed", "outside"} <= statuses
    assert HazardCase.objects.filter(closed_on__isnull=False).count() == 1
    assert {case.home.area for case in cases} == {"North", "South"}
