"""Hazards from repairs: the phrase rules (data/repair_phrases.csv) find a hazard of each HHSRS
group in repair categories and descriptions, only when it is in scope on the day the repair
was reported, suggest an emergency for no heating between October and April or for a
vulnerable household, and route each to its hazard case or a person to check.

Scope by the published phasing: excess cold, stairs, electrical, pests (domestic hygiene) and
structural collapse from Tue 27 Oct 2026; entry by intruders and lighting from 2027, but any
hazard but crowding may be an emergency since Mon 27 Oct 2025.
"""

import json
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from doorstep.core.periods import UK, ReportingYear
from doorstep.hazards import services
from doorstep.hazards.hazard_list import load_hazard_list
from doorstep.hazards.management.commands import hazards_from_repairs
from doorstep.hazards.repair_rules import RuleError, match_repair, read_phrases
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home
from doorstep.surveys.models import HouseholdProfile

pytestmark = pytest.mark.django_db
YEAR = ReportingYear(2026)


@pytest.fixture(autouse=True)
def hazard_list():
    load_hazard_list()


@pytest.fixture
def homes():
    north = Home.objects.create(home_ref="N1", tenure="LCRA", area="North")
    older = Home.objects.create(home_ref="N2", tenure="LCRA", area="North")
    HouseholdProfile.objects.create(home=older, age_band="75+", disability="yes")
    return {"N1": north, "N2": older}


def uk(*parts) -> datetime:
    return datetime(*parts, tzinfo=UK)


def repair(ref, home, reported, description, category="other") -> Repair:
    return Repair.objects.create(
        repair_ref=ref, home=home, reported_at=reported, priority="non_emergency",
        target_at=reported, status="open", category=category, description=description)


def found(rows) -> list[tuple]:
    return [(row.repair.repair_ref, row.hazard.code, row.suggested_kind, row.why_emergency,
             row.words, row.route) for row in rows]


def test_it_finds_a_hazard_of_every_group_in_scope(homes):
    n1 = homes["N1"]
    # Physiological: excess cold in November (winter: a possible emergency).
    repair("R1", n1, uk(2026, 11, 2, 9), "No heating or hot water", "heating")
    # Accidents: a loose stair rail; exposed wiring (an emergency); a leak through a ceiling.
    repair("R2", n1, uk(2026, 11, 3, 9), "Loose stair spindle on the landing")
    repair("R3", n1, uk(2026, 11, 4, 9), "Exposed wiring behind the cooker", "electrical")
    repair("R4", n1, uk(2026, 11, 5, 9), "Water coming through bedroom ceiling", "plumbing")
    # Infection: pests.
    repair("R5", n1, uk(2026, 11, 6, 9), "Pest control: mice in kitchen")
    # Psychological: a front door that will not lock is an emergency before entry by
    # intruders comes into scope (2027); communal lights out is not yet in scope at all.
    repair("R6", n1, uk(2026, 11, 9, 9), "Front door will not lock", "doors_windows")
    repair("R7", n1, uk(2026, 11, 10, 9), "Communal lights out on landing", "electrical")
    # Not hazards: near misses.
    repair("R8", n1, uk(2026, 11, 11, 9), "Boiler service due, engineer booked", "heating")
    repair("R9", n1, uk(2026, 11, 12, 9), "Door frame rotten", "doors_windows")

    rows = services.repair_hazards(year=YEAR)

    assert found(rows) == [
        ("R1", "excess_cold", "emergency", "reported in November, between October and April",
         ("no heating",), "check"),
        ("R2", "falls_stairs", "significant", "", ("stair spindle", "loose stair"), "check"),
        ("R3", "electrical", "emergency", "the words suggest an emergency",
         ("exposed wiring",), "check"),
        ("R4", "structural_collapse", "significant", "", ("through * ceiling",), "check"),
        ("R5", "domestic_hygiene", "significant", "", ("pest control", "mice"), "check"),
        ("R6", "entry_by_intruders", "emergency", "the words suggest an emergency",
         ("front door will not lock",), "check"),
    ]
    assert {row.hazard.group for row in rows} == {
        "physiological", "accidents", "infection", "psychological"}


def test_it_reads_no_heating_by_the_season_and_the_household(homes):
    # June 2026: excess cold is not yet in scope as a significant hazard, so only a possible
    # emergency counts: for the household of a disabled resident of 75 or over, not for N1.
    repair("R1", homes["N1"], uk(2026, 6, 1, 9), "Boiler broken, no heating", "heating")
    repair("R2", homes["N2"], uk(2026, 6, 1, 9), "Boiler broken, no heating", "heating")
    rows = services.repair_hazards(year=YEAR)

    # In a summer once excess cold is in scope, no hot water is a significant hazard.
    assert found(rows) == [
        ("R2", "excess_cold", "emergency",
         "someone in the household is disabled; the lead tenant is 75 and over",
         ("no heating", "boiler broken"), "check"),
    ]
    summer = match_repair(category="heating", description="No hot water",
                          reported_on=datetime(2027, 7, 1).date())
    assert [(m.hazard, m.emergency) for m in summer] == [("excess_cold", False)]


def test_it_routes_a_repair_with_a_case_to_that_case(homes):
    leak = repair("R1", homes["N1"], uk(2026, 11, 2, 9), "Exposed wires in the hallway")
    case = services.open_from_repair(repair=leak, by=None, kind="emergency",
                                     hazard="electrical")
    repair("R2", homes["N1"], uk(2026, 11, 2, 10), "Black mould in bathroom", "damp_mould")

    rows = services.repair_hazards(year=YEAR)

    assert [(row.repair.repair_ref, row.route, row.case) for row in rows] == [
        ("R1", "case", case), ("R2", "check", None)]
    out = StringIO()
    call_command("hazards_from_repairs", "--year", "2026/27", stdout=out)
    assert out.getvalue().splitlines() == [
        "1 repair reported in 2026/27 may describe a hazard in scope and have no hazard case: "
        "check each one",
        "  R2  home N1  reported 2026-11-02 10:00  Damp and mould growth (significant)  words: "
        "damp_mould, mould  Black mould in bathroom",
        "1 more routed to their hazard case:",
        f"  R1 -> {case.hazard_ref}  Electrical hazards",
    ]
    out = StringIO()
    call_command("hazards_from_repairs", "--year", "2026/27", "--format", "json", stdout=out)
    listed = json.loads(out.getvalue())
    assert [(r["repair_ref"], r["hazard"], r["group"], r["suggested_kind"])
            for r in listed["repairs"]] == [("R2", "damp_mould", "physiological", "significant")]
    assert [(r["repair_ref"], r["hazard_case_ref"]) for r in listed["with_case"]] == [
        ("R1", case.hazard_ref)]


def test_it_shows_progress_on_long_runs(homes, monkeypatch):
    monkeypatch.setattr(hazards_from_repairs, "CHUNK", 2)
    for day in range(2, 7):
        repair(f"R{day}", homes["N1"], uk(2026, 11, day, 9), "Mould on ceiling")
    out, err = StringIO(), StringIO()

    call_command("hazards_from_repairs", "--year", "2026/27", stdout=out, stderr=err)

    assert err.getvalue().splitlines() == [
        "Read 2 of 5 repairs that contain a phrase", "Read 4 of 5 repairs that contain a phrase",
        "Read 5 of 5 repairs that contain a phrase"]
    assert out.getvalue().startswith("5 repairs reported in 2026/27 may describe a hazard")


def test_it_says_plainly_what_is_wrong_with_its_input(tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="Say which reporting year with --year"):
        call_command("hazards_from_repairs")
    with pytest.raises(CommandError, match="'2026' is not a reporting year: write it like"):
        call_command("hazards_from_repairs", "--year", "2026")

    bad = tmp_path / "phrases.csv"
    bad.write_text("hazard,field,phrase,emergency,note\nfire,title,smoke,no,\n")
    with pytest.raises(RuleError, match="phrases.csv line 2: field must be category or "
                       "description"):
        read_phrases(bad)
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("hazard,field,phrase,emergency,note\nfires,description,smoke,no,\n")
    monkeypatch.setattr(hazards_from_repairs, "phrases", lambda: read_phrases(unknown))
    with pytest.raises(CommandError, match="name hazards that are not in the hazard list: "
                       "fires"):
        call_command("hazards_from_repairs", "--year", "2026/27")


def test_it_finds_the_repairs_in_a_constant_number_of_queries(homes,
                                                              django_assert_num_queries):
    for day in range(2, 12):
        repair(f"R{day}", homes["N2" if day % 2 else "N1"], uk(2026, 11, day, 9),
               "No heating")
    # The hazards, the safeguarding exclusions, the repairs with their homes and households,
    # the year's cases.
    with django_assert_num_queries(4):
        rows = services.repair_hazards(year=YEAR)
        reasons = {row.why_emergency for row in rows}
    assert len(rows) == 10
    assert reasons == {"reported in November, between October and April",
                       "someone in the household is disabled; the lead tenant is 75 and over"}


def test_it_counts_a_safeguarding_concern_on_record_as_a_vulnerable_household(homes):
    from datetime import date

    from doorstep.surveys.models import SampleExclusion, SampleMethod, Survey, SurveyKind

    survey = Survey.objects.create(
        name="TSM 2026/27", kind=SurveyKind.PERCEPTION, tenure_scope="combined",
        year="2026/27", fieldwork_starts=date(2026, 9, 1), fieldwork_ends=date(2026, 11, 30),
        sample_method=SampleMethod.CENSUS)
    SampleExclusion.objects.create(survey=survey, home=homes["N1"], reason="safeguarding")
    # June, before excess cold is in scope: only a possible emergency is listed.
    repair("R1", homes["N1"], uk(2026, 6, 1, 9), "No heating", "heating")

    assert found(services.repair_hazards(year=YEAR)) == [
        ("R1", "excess_cold", "emergency",
         "the household has a safeguarding or vulnerability concern on record",
         ("no heating",), "check"),
    ]
