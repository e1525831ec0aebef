"""Who is heard: the chi-square goodness-of-fit test and adjusted standardised residuals,
worked by hand; unknowns kept apart; consent withdrawn takes a household out of every
breakdown; the panel's suppressed table; the JSON contract of ``doorstep involvement reach``.
"""

import json
import math
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from doorstep.complaints.models import Complaint
from doorstep.involvement import services
from doorstep.involvement.models import Activity, Participant
from doorstep.involvement.reach import for_panel, goodness_of_fit, reach
from doorstep.stock.models import Home
from doorstep.surveys.models import HouseholdProfile, SurveyResponse
from doorstep.surveys.representativeness import chi_square_p_value

PERIOD = {"start": date(2025, 4, 1), "end": date(2026, 3, 31)}


# --- the test on plain counts (no database) ----------------------------------------------


def test_it_works_out_chi_square_and_residuals_as_by_hand():
    # Residents 50 / 30 / 20 (shares 0.5, 0.3, 0.2); 40 involved: 10 / 15 / 15.
    # Expected 20, 12, 8. X² = 10²/20 + 3²/12 + 7²/8 = 5 + 0.75 + 6.125 = 11.875 on 2 df.
    # Residuals (O − E) / √(E (1 − p)): −10/√10 = −3.162; 3/√8.4 = 1.035; 7/√6.4 = 2.767.
    result = goodness_of_fit(observed={"A": 10, "B": 15, "C": 15},
                             residents={"A": 50, "B": 30, "C": 20})
    assert result["chi_square"] == 11.875
    assert result["df"] == 2
    # With 2 degrees of freedom the survival function is exactly e^(−X²/2).
    assert result["p_value"] == pytest.approx(math.exp(-11.875 / 2), rel=1e-3)
    assert result["p_value"] == 0.002639  # e^−5.9375 = 0.0026392
    assert result["residuals"] == {"A": -3.162, "B": 1.035, "C": 2.767}
    assert result["under_represented"] == ["A"]
    # A check that ties the two together: X² = Σ r² (1 − p) for a goodness-of-fit test.
    assert 10 * 0.5 + (3 / math.sqrt(8.4)) ** 2 * 0.7 + (7 / math.sqrt(6.4)) ** 2 * 0.8 == (
        pytest.approx(11.875))


def test_it_agrees_with_the_printed_chi_square_tables():
    # Independent of Doorstep's code: the 5% critical values in every statistics textbook.
    assert chi_square_p_value(3.841, 1) == pytest.approx(0.05, abs=1e-4)
    assert chi_square_p_value(12.592, 6) == pytest.approx(0.05, abs=1e-4)
    assert chi_square_p_value(6.635, 1) == pytest.approx(0.01, abs=1e-4)
    # One degree of freedom: P(X² > x) = erfc(√(x/2)).
    assert chi_square_p_value(2.5, 1) == pytest.approx(math.erfc(math.sqrt(1.25)), rel=1e-9)


def test_it_names_no_group_when_the_counts_match_the_residents():
    result = goodness_of_fit(observed={"A": 5, "B": 3, "C": 2},
                             residents={"A": 50, "B": 30, "C": 20})
    assert result["chi_square"] == 0.0 and result["p_value"] == 1.0
    assert result["under_represented"] == []


def test_it_does_not_test_what_cannot_be_tested():
    assert goodness_of_fit(observed={}, residents={"A": 5, "B": 5})["chi_square"] is None
    one_group = goodness_of_fit(observed={"A": 3}, residents={"A": 5})
    assert one_group["chi_square"] is None and one_group["df"] == 0


# --- reach from the database ---------------------------------------------------------------

_refs = iter(range(1, 10**6))


def _homes(count, *, age_band="", area="North", consent=True, profile=True):
    homes = Home.objects.bulk_create([
        Home(home_ref=f"H{next(_refs)}", tenure="LCRA", area=area) for _ in range(count)])
    if profile:
        HouseholdProfile.objects.bulk_create([
            HouseholdProfile(home=home, age_band=age_band,
                             consent_on=date(2024, 1, 1) if consent else None,
                             consent_source="tenancy sign-up" if consent else "")
            for home in homes])
    return homes


def _activity(held_on=date(2025, 6, 1)):
    return Activity.objects.create(activity_ref=f"INV-{next(_refs)}", title="Walkabout",
                                   kind="walkabout", held_on=held_on, channel="in_person",
                                   support_offered="accessible_venue;travel")


def _took_part(activity, homes):
    Participant.objects.bulk_create([
        Participant(activity=activity, home=home, participant_ref=f"P{next(_refs)}")
        for home in homes])


@pytest.fixture
def stock(db):
    young = _homes(20, age_band="16-24")
    middle = _homes(30, age_band="25-34")
    older = _homes(50, age_band="65-74")
    no_profile = _homes(10, profile=False)
    blank_band = _homes(5)  # consented, but no age band recorded
    unconsented = _homes(4, age_band="16-24", consent=False)  # an old survey-only profile
    activity = _activity()
    # Involved: 0 young, 4 middle-aged, 16 older; one household with no profile; one
    # anonymous resident who is not a tenant.
    _took_part(activity, middle[:4] + older[:16] + no_profile[:1])
    Participant.objects.create(activity=activity, home=None, participant_ref="P-anon")
    # Outside the period: not counted.
    _took_part(_activity(held_on=date(2025, 3, 31)), young[:5])
    for home in young[:2] + middle[:3] + older[:5]:
        SurveyResponse.objects.create(response_ref=f"S{next(_refs)}", home=home, tenure="LCRA",
                                      completed_on=date(2025, 11, 1), tp01=1)
    for home in young[:3] + older[:1]:
        Complaint.objects.create(complaint_ref=f"C{next(_refs)}", home=home, tenure="LCRA",
                                 received_on=date(2025, 9, 1))
    return {"young": young, "middle": middle, "older": older, "no_profile": no_profile,
            "blank_band": blank_band, "unconsented": unconsented}


def test_it_counts_each_group_and_tests_those_involved(stock):
    table = reach(characteristic="age_band", **PERIOD)

    assert table["groups"] == [
        {"group": "16-24", "residents": 20, "involved": 0, "respondents": 2, "complainants": 3},
        {"group": "25-34", "residents": 30, "involved": 4, "respondents": 3, "complainants": 0},
        {"group": "65-74", "residents": 50, "involved": 16, "respondents": 5, "complainants": 1},
    ]
    # Expected 4, 6, 10 of 20: X² = 16/4 + 4/6 + 36/10 = 8.2667 on 2 df, p = e^(−4.1333).
    involved = table["tests"]["involved"]
    assert involved["chi_square"] == pytest.approx(8.267, abs=0.001)
    assert involved["p_value"] == pytest.approx(math.exp(-8.26667 / 2), rel=1e-3)
    # Residuals: −4/√3.2 = −2.236; −2/√4.2 = −0.976; 6/√5 = 2.683.
    assert involved["residuals"] == {"16-24": -2.236, "25-34": -0.976, "65-74": 2.683}
    assert involved["under_represented"] == ["16-24"]


def test_it_counts_unknowns_apart_and_says_so(stock):
    table = reach(characteristic="age_band", **PERIOD)
    # Residents not known: 10 with no profile, 5 with no age band, 4 whose profile was
    # never consented to (2 of those 5 + 1 involved outside the period do not matter).
    assert table["unknown"] == {"residents": 19, "involved": 2, "respondents": 0,
                                "complainants": 0}
    assert table["anonymous_participants"] == 1
    # The unknowns are not in the test: 20 involved households were tested, not 22.
    assert table["tests"]["involved"]["total"] == 20


def test_it_leaves_a_household_that_withdrew_consent_out_of_every_breakdown(stock):
    home = stock["older"][0]  # took part, answered the survey
    before = {name: reach(characteristic=name, **PERIOD) for name in ("age_band", "tenure",
                                                                       "area")}
    services.withdraw_consent(home=home, by=None, on=date(2026, 1, 5))

    profile = HouseholdProfile.objects.get(home=home)
    assert (profile.age_band, profile.consent_on, profile.consent_source) == ("", None, "")
    assert profile.consent_withdrawn_on == date(2026, 1, 5)
    for name, was in before.items():
        now = reach(characteristic=name, **PERIOD)
        assert sum(row["residents"] for row in now["groups"]) == (
            sum(row["residents"] for row in was["groups"]) - 1), name
        assert sum(row["involved"] for row in now["groups"]) == (
            sum(row["involved"] for row in was["groups"]) - 1), name
        assert sum(row["respondents"] for row in now["groups"]) == (
            sum(row["respondents"] for row in was["groups"]) - 1), name
        assert now["unknown"]["involved"] == was["unknown"]["involved"] + 1, name


def test_it_suppresses_small_groups_for_the_panel(stock):
    shown = for_panel(reach(characteristic="age_band", **PERIOD))
    young, middle, older = shown["groups"]
    assert young["residents"] == 20 and older["residents"] == 50
    # Involved 0, 4 and 2 not known are under 10: hidden. Together they are 6, still a
    # small group that the shown total (22) less 16 would give away, so 16 is hidden too.
    assert [row["involved"] for row in shown["groups"]] == [None, None, None]
    assert shown["totals"]["involved"] == 22
    # Complainants: 3 + 0 + 1 = 4 in all, so even the total is hidden.
    assert shown["totals"]["complainants"] is None
    assert middle["residents"] == 30 and shown["unknown"]["residents"] == 19
    assert all(row[column] is None or row[column] >= 10 for row in shown["groups"]
               for column in ("residents", "involved", "respondents", "complainants"))
    assert shown["unknown"]["involved"] is None
    assert shown["anonymous_participants"] is None
    # A group whose count is hidden is not named either.
    assert shown["tests"]["involved"]["under_represented"] == []


def test_it_prints_the_reach_contract_as_json(stock):
    out = StringIO()
    call_command("involvement", "reach", "--from", "2025-04-01", "--to", "2026-03-31",
                 "--characteristic", "age_band", "--format", "json", stdout=out)
    result = json.loads(out.getvalue())
    assert list(result) == ["characteristic", "from", "to", "groups", "unknown",
                            "anonymous_participants", "tests"]
    assert result["characteristic"] == "age_band"
    assert (result["from"], result["to"]) == ("2025-04-01", "2026-03-31")
    assert result["groups"][0] == {"group": "16-24", "residents": 20, "involved": 0,
                                   "respondents": 2, "complainants": 3}
    assert set(result["unknown"]) == {"residents", "involved", "respondents", "complainants"}
    assert set(result["tests"]) == {"involved", "respondents", "complainants"}
    assert {"chi_square", "df", "p_value", "under_represented"} <= set(
        result["tests"]["involved"])
    assert result["tests"]["involved"]["df"] == 2


def test_it_refuses_a_bad_date_or_characteristic(db):
    with pytest.raises(CommandError, match="not a date"):
        call_command("involvement", "reach", "--from", "1 April", "--to", "2026-03-31",
                     "--characteristic", "age_band")
    with pytest.raises(CommandError, match="ends before it starts"):
        call_command("involvement", "reach", "--from", "2026-04-01", "--to", "2026-03-31",
                     "--characteristic", "age_band")
