"""Representativeness (chi-square) and raking weights, worked by hand."""

import math
from datetime import date

import pytest

from doorstep.core.periods import ReportingYear
from doorstep.measures.perception import perception_measures
from doorstep.stock.models import Home
from doorstep.surveys.models import HouseholdProfile, SurveyResponse, WeightingRun
from doorstep.surveys.representativeness import (
    chi_square_p_value,
    goodness_of_fit,
    representativeness,
)
from doorstep.surveys.services import SurveyError, create_survey, record_response
from doorstep.surveys.weighting import (
    RakingError,
    apply_weights,
    clear_weights,
    rake,
    results_by_channel,
)

# Nine respondents: North-LCRA 2, North-LCHO 1, South-LCRA 4, South-LCHO 2.
NINE = (
    [{"area": "North", "tenure": "LCRA"}] * 2 + [{"area": "North", "tenure": "LCHO"}]
    + [{"area": "South", "tenure": "LCRA"}] * 4 + [{"area": "South", "tenure": "LCHO"}] * 2
)
# Population: North 50%, South 50%; LCRA 80%, LCHO 20%.
MARGINS = {"area": {"North": 50, "South": 50}, "tenure": {"LCRA": 80, "LCHO": 20}}


def test_it_rakes_a_hand_worked_example():
    result = rake(respondents=NINE, margins=MARGINS)
    # n = 9. Targets: North 4.5, South 4.5; LCRA 7.2, LCHO 1.8.
    # Area step: North has 3 respondents -> × 4.5/3 = 1.5; South 6 -> × 4.5/6 = 0.75.
    # Tenure step: weighted LCRA = 2 × 1.5 + 4 × 0.75 = 6 -> × 7.2/6 = 1.2;
    #              weighted LCHO = 1 × 1.5 + 2 × 0.75 = 3 -> × 1.8/3 = 0.6.
    # Weights: North-LCRA 1.8, North-LCHO 0.9, South-LCRA 0.9, South-LCHO 0.45. Area check:
    # North 2 × 1.8 + 0.9 = 4.5 and South 4 × 0.9 + 2 × 0.45 = 4.5: converged.
    assert [round(w, 4) for w in result.weights] == [
        1.8, 1.8, 0.9, 0.9, 0.9, 0.9, 0.9, 0.45, 0.45]
    assert math.fsum(result.weights) == pytest.approx(9)
    # Σw² = 2 × 3.24 + 0.81 + 4 × 0.81 + 2 × 0.2025 = 10.935;
    # design effect = 9 × 10.935 / 9² = 1.2150; effective n = 81 / 10.935 = 7.4074.
    assert round(result.design_effect, 4) == 1.2150
    assert round(result.effective_sample, 4) == 7.4074
    assert result.converged and result.margins_met and result.trimmed == 0


def test_it_trims_weights_to_the_cap_and_reports_the_margin_it_then_misses():
    # Ten respondents, one in A (60% of the population) and nine in B (40%).
    respondents = [{"group": "A"}] + [{"group": "B"}] * 9
    margins = {"group": {"A": 60, "B": 40}}
    untrimmed = rake(respondents=respondents, margins=margins, cap=None, floor=None)
    # A: 6 / 1 = 6; B: 4 / 9 = 0.4444. Σw² = 36 + 9 × 0.197531 = 37.7778;
    # deff = 10 × 37.7778 / 10² = 3.7778; effective n = 100 / 37.7778 = 2.6471.
    assert [round(w, 4) for w in untrimmed.weights[:2]] == [6.0, 0.4444]
    assert round(untrimmed.design_effect, 4) == 3.7778
    assert round(untrimmed.effective_sample, 4) == 2.6471
    trimmed = rake(respondents=respondents, margins=margins, cap=5, floor=0.2)
    # A is capped at 5; raking again can only put it back to 6, so the cap holds and the
    # margin is missed: A's weighted share is 5 / (5 + 4) = 0.5556 against 0.6 (gap 0.0444).
    # Σw = 9, Σw² = 25 + 1.7778 = 26.7778; deff = 10 × 26.7778 / 81 = 3.3059;
    # effective n = 81 / 26.7778 = 3.0249.
    assert [round(w, 4) for w in trimmed.weights[:2]] == [5.0, 0.4444]
    assert trimmed.trimmed == 1 and not trimmed.margins_met
    assert round(trimmed.margin_gaps["group"], 4) == 0.0444
    assert round(trimmed.design_effect, 4) == 3.3059
    assert round(trimmed.effective_sample, 4) == 3.0249


def test_it_explains_margins_that_cannot_be_raked_to():
    with pytest.raises(RakingError, match="No one with area East has answered"):
        rake(respondents=NINE, margins={"area": {"North": 1, "South": 1, "East": 1}})
    with pytest.raises(RakingError, match="a tenure the population does not"):
        rake(respondents=NINE, margins={"tenure": {"LCRA": 1}})


def test_it_works_out_the_chi_square_p_value():
    # With 2 degrees of freedom the survival function is exp(−x/2): x = 5.3333 -> 0.069483.
    assert chi_square_p_value(16 / 3, 2) == pytest.approx(math.exp(-8 / 3), rel=1e-12)
    # With 1 degree of freedom, P(X² ≥ 6.25) = P(|Z| ≥ 2.5) = 2 × (1 − 0.99379033) = 0.0124193.
    assert chi_square_p_value(6.25, 1) == pytest.approx(0.0124193, abs=1e-7)
    # With 4: exp(−x/2)(1 + x/2); x = 9.4877 (the 5% critical value) -> 0.0500.
    assert chi_square_p_value(9.4877, 4) == pytest.approx(0.05, abs=1e-5)


def test_it_tests_representativeness_on_a_known_case():
    # Population North 500, South 300, East 200; respondents 40, 40, 20 (n = 100).
    # Expected 50, 30, 20: X² = 10²/50 + 10²/30 + 0 = 2 + 3.3333 = 5.3333, df = 2,
    # p = exp(−5.3333/2) = 0.0695: not significant at 5%.
    test = goodness_of_fit(observed={"North": 40, "South": 40, "East": 20},
                           population_counts={"North": 500, "South": 300, "East": 200})
    assert round(test["statistic"], 4) == 5.3333
    assert test["degrees_of_freedom"] == 2
    assert round(test["p_value"], 4) == 0.0695
    assert [row["expected"] for row in test["rows"]] == [20, 50, 30]  # East, North, South


def _stock_and_survey():
    homes = [Home(home_ref=f"{area}-{tenure}-{i:03d}", area=area, tenure=tenure)
             for area, tenure, count in [("North", "LCRA", 40), ("North", "LCHO", 10),
                                         ("South", "LCRA", 40), ("South", "LCHO", 10)]
             for i in range(count)]
    Home.objects.bulk_create(homes)
    return create_survey(name="TSM 2025/26", kind="perception", tenure_scope="combined",
                         year="2025/26", fieldwork_starts=date(2025, 9, 1),
                         fieldwork_ends=date(2025, 11, 30))


def _answer(survey, ref, *, tp01, channel="telephone"):
    return record_response(survey=survey, home=Home.objects.get(home_ref=ref), channel=channel,
                           answers={"TP01": tp01}, completed_on=date(2025, 9, 10))


@pytest.mark.django_db
def test_it_compares_respondents_with_the_population_on_what_the_landlord_holds():
    survey = _stock_and_survey()
    for i, home in enumerate(Home.objects.order_by("home_ref")):
        HouseholdProfile.objects.create(home=home, age_band="65-74" if i % 4 == 0 else "35-44")
    # Respondents: 20 North (15 LCRA, 5 LCHO), 5 South LCRA. Population North 50, South 50.
    for i in range(15):
        _answer(survey, f"North-LCRA-{i:03d}", tp01=1)
    for i in range(5):
        _answer(survey, f"North-LCHO-{i:03d}", tp01=1)
        _answer(survey, f"South-LCRA-{i:03d}", tp01=1)
    checks = {check["characteristic"]: check for check in representativeness(survey=survey)}
    # Area: expected 12.5 and 12.5; X² = 7.5²/12.5 × 2 = 9, df 1: p = P(|Z| ≥ 3) = 0.0027.
    assert round(checks["area"]["statistic"], 4) == 9.0
    assert round(checks["area"]["p_value"], 4) == 0.0027
    assert checks["area"]["verdict"].startswith("Area: respondents differ")
    # Tenure: LCRA 80%, LCHO 20% -> expected 20 and 5, observed 20 and 5: X² = 0, p = 1.
    assert checks["tenure"]["statistic"] == 0 and checks["tenure"]["p_value"] == 1
    # Needs type is not recorded for anyone: reported, not tested.
    assert checks["needs_type"]["p_value"] is None
    assert "age_band" in checks and "ethnicity" not in checks  # only what is held


@pytest.mark.django_db
def test_it_writes_the_weights_the_measures_use_and_clears_them():
    survey = _stock_and_survey()
    # The nine respondents of the hand-worked example; North-LCRA satisfied, the rest not.
    for ref in ["North-LCRA-000", "North-LCRA-001"]:
        _answer(survey, ref, tp01=1)
    for ref in ["North-LCHO-000", "South-LCRA-000", "South-LCRA-001", "South-LCRA-002",
                "South-LCRA-003", "South-LCHO-000", "South-LCHO-001"]:
        _answer(survey, ref, tp01=5, channel="online")
    run = apply_weights(survey=survey)
    weights = dict(SurveyResponse.objects.values_list("home__home_ref", "weight"))
    assert round(weights["North-LCRA-001"], 4) == 1.8
    assert round(weights["South-LCHO-000"], 4) == 0.45
    assert (round(run.design_effect, 4), round(run.effective_sample, 4)) == (1.215, 7.4074)
    year = ReportingYear(2025)
    tp01 = perception_measures(year=year, tenure="combined")[0]
    # Weighted: satisfied 2 × 1.8 = 3.6 of 9 = 40%; unweighted it would be 2 of 9 = 22.2%.
    assert tp01.code == "TP01" and tp01.value == pytest.approx(40.0)
    by_channel = {row["channel"]: row for row in results_by_channel(survey=survey)}
    assert by_channel["telephone"]["measures"]["TP01"] == {
        "n": 2, "unweighted": 100.0, "weighted": 100.0}
    assert by_channel["online"]["share"] == pytest.approx(7 / 9)
    assert clear_weights(survey=survey) == 9
    assert perception_measures(year=year, tenure="combined")[0].value == pytest.approx(200 / 9)
    assert WeightingRun.objects.get().cleared_at is not None


@pytest.mark.django_db
def test_it_refuses_to_weight_what_it_cannot():
    survey = _stock_and_survey()
    _answer(survey, "North-LCRA-000", tp01=1)
    with pytest.raises(SurveyError, match="No one with area South has answered"):
        apply_weights(survey=survey)
    with pytest.raises(SurveyError, match="Cannot weight by shoe_size"):
        apply_weights(survey=survey, characteristics=["shoe_size"])
    assert SurveyResponse.objects.get().weight is None
