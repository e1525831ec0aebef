"""Hazard and safeguarding flags written to the database: kinds the hazards app reads, the
words that raised them, one flag per kind and sub-kind, and repair descriptions."""

from datetime import date, datetime

import pytest

from doorstep.core.periods import UK
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment, SurveyResponse
from doorstep.voice import services
from doorstep.voice.models import HazardFlag

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 11, 3)


@pytest.fixture
def home():
    return Home.objects.create(home_ref="H000001", tenure="LCRA", area="North")


def _comment(home, ref, text):
    response = SurveyResponse.objects.create(
        response_ref=ref, home=home, tenure="LCRA", completed_on=MONDAY, channel="online", tp01=2
    )
    return Comment.objects.create(response=response, text=text)


def _repair(home, ref, description):
    return Repair.objects.create(
        repair_ref=ref, home=home, reported_at=datetime(2025, 11, 3, 9, tzinfo=UK),
        target_at=datetime(2025, 11, 4, 9, tzinfo=UK), priority="emergency", status="open",
        description=description)


def test_it_writes_hhsrs_kinds_safeguarding_sub_kinds_and_the_words(home):
    _comment(home, "S1", "I'm 84, no heating for three days and my front door won't lock. "
                         "I can't go on like this.")
    run = services.code_everything(today=MONDAY)
    flags = {(f.kind, f.sub_kind): f for f in HazardFlag.objects.all()}
    assert set(flags) == {
        ("excess_cold", ""), ("entry_by_intruders", ""),
        ("safeguarding", "self_harm"), ("safeguarding", "vulnerable_resident"),
        ("safeguarding", "unsecured_home"),
    }
    assert run.flags_raised == 5
    assert flags[("excess_cold", "")].matched_words == "no heating"
    assert flags[("safeguarding", "self_harm")].matched_words == "cant go on"
    assert flags[("excess_cold", "")].label == "Excess cold"
    assert flags[("excess_cold", "")].group == "physiological"
    assert flags[("safeguarding", "unsecured_home")].label == (
        "Safeguarding: home cannot be secured")
    assert flags[("safeguarding", "unsecured_home")].is_safeguarding
    # Monday -> Tuesday
    assert {f.follow_up_by for f in flags.values()} == {date(2025, 11, 4)}
    # The hazards app opens cases from the physical ones; safeguarding goes to the lead.
    assert {f.kind for f in services.flags_needing_case()} == {"excess_cold", "entry_by_intruders"}
    assert {f.sub_kind for f in services.safeguarding_flags_open()} == {
        "self_harm", "vulnerable_resident", "unsecured_home"}
    # Coding again raises nothing new.
    assert services.code_everything(today=MONDAY).flags_raised == 0
    assert HazardFlag.objects.count() == 5


def test_a_repair_description_raises_safeguarding_flags_only(home):
    # Its hazards are routed by `doorstep hazards-from-repairs`, from the repair itself.
    _repair(home, "R1", "No heating, tenant is 91 and lives alone")
    _repair(home, "R2", "Water coming through kitchen ceiling")
    _repair(home, "R3", "Back door lock broken")  # the repair is what secures the home
    services.code_everything(today=MONDAY)
    assert list(HazardFlag.objects.values_list(
        "coded_comment__repair__repair_ref", "kind", "sub_kind", "matched_words")) == [
        ("R1", "safeguarding", "vulnerable_resident", "is 91; lives alone")]
