"""Sampling: required sample sizes by the regulator's formula, the stratified sample
(reproducible and proportional), the census, exclusions and live response monitoring."""

from datetime import date

import pytest

from doorstep.stock.models import Home
from doorstep.surveys.models import SampledHousehold
from doorstep.surveys.sampling import (
    allocate,
    draw_sample,
    required_samples,
    response_progress,
    response_targets,
)
from doorstep.surveys.services import SurveyError, create_survey, exclude_household, record_response

# LCRA 3,000 households (North 1,500, South 900, East 600); LCHO 400 (North 250, South 150).
STOCK = {("LCRA", "North"): 1500, ("LCRA", "South"): 900, ("LCRA", "East"): 600,
         ("LCHO", "North"): 250, ("LCHO", "South"): 150}


@pytest.fixture
def survey(db):
    homes = [
        Home(home_ref=f"{tenure}-{area}-{i:04d}", tenure=tenure, area=area)
        for (tenure, area), count in STOCK.items()
        for i in range(count)
    ]
    # Not in the population: sold before fieldwork, and not owned.
    homes.append(Home(home_ref="SOLD", tenure="LCRA", area="North",
                      disposed_on=date(2025, 8, 1)))
    homes.append(Home(home_ref="MANAGED", tenure="LCRA", area="North", owned=False))
    Home.objects.bulk_create(homes, batch_size=1000)
    return create_survey(name="TSM 2025/26", kind="perception", tenure_scope="combined",
                         year="2025/26", fieldwork_starts=date(2025, 9, 1),
                         fieldwork_ends=date(2025, 11, 30))


def _sampled(survey) -> set[str]:
    return set(SampledHousehold.objects.filter(survey=survey)
               .values_list("home__home_ref", flat=True))


def test_it_works_out_the_required_sample_per_tenure_by_the_regulators_formula(survey):
    required = required_samples(survey=survey)
    # LCRA, N = 3,000: band 2,500-9,999 -> ±4%; n0 = 1.96² × 0.25 / 0.04² = 0.9604 / 0.0016
    # = 600.25; n = 600.25 / (1 + 600.25 / 3000) = 600.25 / 1.2000833 = 500.1736.
    assert required["LCRA"]["population"] == 3000
    assert required["LCRA"]["required_margin"] == 4.0
    assert required["LCRA"]["required_sample"] == pytest.approx(500.1736, abs=1e-4)
    # LCHO, N = 400: under 2,500 -> ±5%; n0 = 0.9604 / 0.0025 = 384.16;
    # n = 384.16 / (1 + 384.16 / 400) = 384.16 / 1.9604 = 195.96.
    assert required["LCHO"]["required_margin"] == 5.0
    assert required["LCHO"]["required_sample"] == pytest.approx(195.96, abs=1e-4)


def test_it_shares_a_total_by_largest_remainders():
    # 100 between 250 and 150: quotas 62.5 and 37.5; floors 62 + 37 = 99, and the tie on the
    # remainder (0.5 each) goes to the stratum that sorts first.
    assert allocate(sizes={"North": 250, "South": 150}, total=100) == {"North": 63, "South": 37}
    # 7 between 1, 1 and 1: quotas 2.333 each -> 2, 2, 2 and the one left to "a".
    assert allocate(sizes={"c": 1_000, "a": 1_000, "b": 1_000}, total=7) == {
        "a": 3, "b": 2, "c": 2}
    with pytest.raises(SurveyError, match="Cannot share 8"):
        allocate(sizes={"a": 3, "b": 4}, total=8)


def test_it_draws_a_proportional_stratified_sample(survey):
    drawn = draw_sample(survey=survey, method="stratified", seed=20250901,
                        invitations={"LCRA": 1000, "LCHO": 100})
    # LCRA 1,000 in proportion 1,500 : 900 : 600 of 3,000 = 500 : 300 : 200 exactly;
    # LCHO 100 as in the allocation test: 63 : 37.
    assert drawn == {("LCRA", "East"): 200, ("LCRA", "North"): 500, ("LCRA", "South"): 300,
                     ("LCHO", "North"): 63, ("LCHO", "South"): 37}
    rows = SampledHousehold.objects.filter(survey=survey)
    assert rows.count() == 1100
    assert rows.filter(tenure="LCRA", area="East", home__area="East").count() == 200
    assert not rows.filter(home__home_ref__in=["SOLD", "MANAGED"]).exists()
    survey.refresh_from_db()
    assert (survey.sample_method, survey.sample_seed) == ("stratified", 20250901)


def test_it_draws_the_same_households_from_the_same_seed(survey):
    draw_sample(survey=survey, method="stratified", seed=7, invitations={"LCRA": 300, "LCHO": 40})
    first = _sampled(survey)
    draw_sample(survey=survey, method="stratified", seed=7, invitations={"LCRA": 300, "LCHO": 40})
    assert _sampled(survey) == first and len(first) == 340
    draw_sample(survey=survey, method="stratified", seed=8, invitations={"LCRA": 300, "LCHO": 40})
    assert _sampled(survey) != first


def test_it_invites_enough_for_the_required_sample_at_the_expected_response_rate(survey):
    drawn = draw_sample(survey=survey, method="stratified", seed=1, response_rate=0.5)
    # LCRA: required 500.17 -> 501 responses / 0.5 = 1,002 invitations;
    # LCHO: 195.96 -> 196 / 0.5 = 392.
    lcra = sum(n for (tenure, _), n in drawn.items() if tenure == "LCRA")
    lcho = sum(n for (tenure, _), n in drawn.items() if tenure == "LCHO")
    assert (lcra, lcho) == (1002, 392)
    with pytest.raises(SurveyError, match="response rate you expect"):
        draw_sample(survey=survey, method="stratified", seed=1, response_rate=1.5)


def test_it_takes_a_census_without_the_excluded_households(survey):
    left_out = Home.objects.get(home_ref="LCHO-South-0007")
    exclude_household(survey=survey, home=left_out, reason="legal_action")
    drawn = draw_sample(survey=survey, method="census")
    assert drawn[("LCHO", "South")] == 149 and sum(drawn.values()) == 3399
    assert "LCHO-South-0007" not in _sampled(survey)
    # Excluded households stay in the relevant population: N and the requirement do not move.
    assert required_samples(survey=survey)["LCHO"]["population"] == 400
    with pytest.raises(SurveyError, match="already left out"):
        exclude_household(survey=survey, home=left_out, reason="bereavement")
    with pytest.raises(SurveyError, match="Say why"):
        exclude_household(survey=survey, home=Home.objects.get(home_ref="LCHO-South-0001"),
                          reason="other")


def test_it_will_not_redraw_once_responses_arrive(survey):
    draw_sample(survey=survey, method="census")
    record_response(survey=survey, home=Home.objects.get(home_ref="LCRA-East-0000"),
                    channel="online", answers={"TP01": 1}, completed_on=date(2025, 9, 2))
    with pytest.raises(SurveyError, match="already has responses"):
        draw_sample(survey=survey, method="census")


def test_it_monitors_responses_per_stratum_against_target_by_channel(survey):
    # Targets: LCRA needs 501 (500.17 rounded up): quotas 250.5, 150.3, 100.2 -> floors 250,
    # 150, 100 and the one left to North (largest remainder 0.5). LCHO needs 196: quotas
    # 122.5 and 73.5 -> 122 + 73 = 195, the one left to North (tie, sorts first).
    assert response_targets(survey=survey) == {
        ("LCRA", "North"): 251, ("LCRA", "South"): 150, ("LCRA", "East"): 100,
        ("LCHO", "North"): 123, ("LCHO", "South"): 73}
    draw_sample(survey=survey, method="stratified", seed=3,
                invitations={"LCRA": 600, "LCHO": 200})
    for ref, channel in [("LCRA-East-0001", "online"), ("LCRA-East-0002", "online"),
                         ("LCRA-East-0003", "telephone"), ("LCHO-North-0001", "postal")]:
        record_response(survey=survey, home=Home.objects.get(home_ref=ref), channel=channel,
                        answers={"TP01": 2}, completed_on=date(2025, 9, 3))
    rows = {(row["tenure"], row["area"]): row for row in response_progress(survey=survey)}
    east = rows[("LCRA", "East")]
    # 600 invitations: 1,500 : 900 : 600 -> East 120.
    assert (east["households"], east["invited"], east["target"], east["achieved"]) == (
        600, 120, 100, 3)
    assert east["by_channel"] == {"online": 2, "telephone": 1}
    assert east["achieved_of_target"] == pytest.approx(0.03)
    assert rows[("LCHO", "North")]["by_channel"] == {"postal": 1}
    assert rows[("LCRA", "South")]["achieved"] == 0
