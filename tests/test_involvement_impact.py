"""Impact across activities, checked by hand: for each reporting year (April to March), the
share satisfied with TP01, TP06 and TP07 of respondents whose household took part that year
against the rest, and of areas with more involvement (at or above the median share of homes
involved, and above none) against areas with less; margins of error 1.96 √(p(1 − p)/n) and
two-proportion z-tests. "Don't know" (9) and blank answers stay out of the base."""

from datetime import date

import pytest

from doorstep.involvement import impact, services
from doorstep.stock.models import Home
from doorstep.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def years():
    homes = {}
    for area, refs in (("North", ("N1", "N2", "N3", "N4")), ("South", ("S1", "S2", "S3", "S4")),
                       ("East", ("E1", "E2"))):
        for ref in refs:
            homes[ref] = Home.objects.create(home_ref=ref, tenure="LCRA", area=area)
    this_year = services.create_activity(
        by=None, activity_ref="INV-1", title="Repairs panel", kind="panel",
        held_on=date(2025, 4, 1), channel="in_person")
    year_end = services.create_activity(
        by=None, activity_ref="INV-2", title="Walkabout", kind="walkabout",
        held_on=date(2026, 3, 31), channel="in_person")
    last_year = services.create_activity(
        by=None, activity_ref="INV-0", title="Old panel", kind="panel",
        held_on=date(2025, 3, 31), channel="in_person")
    for activity, ref in ((this_year, "N1"), (this_year, "N2"), (year_end, "S1"),
                          (year_end, "N1"), (last_year, "E1")):
        services.add_participant(activity=activity, by=None, home=homes[ref])
    services.add_participant(activity=this_year, by=None, home=None)  # anonymous: no home
    # (home, TP01, TP06, TP07) answered in 2025/26; None is blank, 9 is "don't know".
    for ref, tp01, tp06, tp07 in (("N1", 1, 2, 3), ("N2", 2, 4, None), ("S1", 3, 1, 1),
                                  ("N3", 1, 5, 2), ("S2", 4, 2, 9), ("E1", 2, 5, 5),
                                  ("E2", 5, 9, 1)):
        SurveyResponse.objects.create(response_ref=f"R-{ref}", home=homes[ref], tenure="LCRA",
                                      completed_on=date(2025, 10, 1), tp01=tp01, tp06=tp06,
                                      tp07=tp07)
    SurveyResponse.objects.create(response_ref="R-E1-old", home=homes["E1"], tenure="LCRA",
                                  completed_on=date(2024, 9, 1), tp01=1, tp06=1, tp07=1)
    return {row["year"]: row for row in impact.across_activities()}


def _measure(year, code):
    return next(m for m in year["measures"] if m["code"] == code)


def test_it_counts_the_years_households_and_splits_areas_at_the_median(years):
    assert list(years) == ["2024/25", "2025/26"]
    # 2025/26: N1 and N2 of North's 4 homes (0.5), S1 of South's 4 (0.25), none of East's 2.
    # Median of 0, 0.25, 0.5 is 0.25: North and South are "more", East "less". N1 took part
    # twice and is counted once; the anonymous participant has no household.
    assert years["2025/26"]["households_involved"] == 3
    assert years["2025/26"]["more_involved_areas"] == ["North", "South"]
    assert years["2025/26"]["less_involved_areas"] == ["East"]
    # 2024/25: only E1 (held 31 March 2025): rates 0, 0, 0.5, median 0, and an area with
    # no one involved is always "less".
    assert years["2024/25"]["households_involved"] == 1
    assert years["2024/25"]["more_involved_areas"] == ["East"]
    assert years["2024/25"]["less_involved_areas"] == ["North", "South"]


def test_it_works_out_tp01_by_hand(years):
    tp01 = _measure(years["2025/26"], "TP01")
    # Took part: N1 (1), N2 (2), S1 (3): 2 of 3 = 66.7%, 1.96 √(2/3 × 1/3 / 3) = 53.3 points.
    assert tp01["involved"] == {"satisfied": 2, "base": 3, "percent": 66.7, "margin": 53.3}
    # Did not (E1 took part only the year before): N3 (1), S2 (4), E1 (2), E2 (5): 2 of 4.
    assert tp01["not_involved"] == {"satisfied": 2, "base": 4, "percent": 50.0, "margin": 49.0}
    # Pooled 4/7; z = (2/4 − 2/3) / √(4/7 × 3/7 × (1/3 + 1/4)) = −0.4410; p = 0.6592.
    assert tp01["involved_difference"] == {"points": 16.7, "p_value": 0.6592, "clear": False}
    # More-involved areas: N1, N2, N3, S1, S2: 3 of 5 = 60.0% ± 1.96 √(0.24 / 5) = 42.9.
    assert tp01["more_areas"] == {"satisfied": 3, "base": 5, "percent": 60.0, "margin": 42.9}
    # Less: E1, E2: 1 of 2 = 50.0% ± 1.96 √(0.25 / 2) = 69.3.
    assert tp01["less_areas"] == {"satisfied": 1, "base": 2, "percent": 50.0, "margin": 69.3}
    # z = (1/2 − 3/5) / √(4/7 × 3/7 × (1/5 + 1/2)) = −0.2415; p = 0.8091.
    assert tp01["areas_difference"] == {"points": 10.0, "p_value": 0.8091, "clear": False}


def test_it_leaves_dont_know_and_blank_out_of_tp06_and_tp07(years):
    tp06 = _measure(years["2025/26"], "TP06")
    # Took part: 2, 4, 1: 2 of 3. Did not: 5, 2, 5 and E2's 9 left out: 1 of 3.
    assert (tp06["involved"]["satisfied"], tp06["involved"]["base"]) == (2, 3)
    assert (tp06["not_involved"]["satisfied"], tp06["not_involved"]["base"]) == (1, 3)
    assert tp06["not_involved"]["percent"] == 33.3
    tp07 = _measure(years["2025/26"], "TP07")
    # Took part: 3, blank, 1: 1 of 2. Did not: 2, 9 left out, 5, 1: 2 of 3.
    assert (tp07["involved"]["satisfied"], tp07["involved"]["base"]) == (1, 2)
    assert (tp07["not_involved"]["satisfied"], tp07["not_involved"]["base"]) == (2, 3)
    assert tp07["involved_difference"]["points"] == -16.7


def test_it_says_associated_with_and_never_caused_by():
    clear = {"points": 12.5, "p_value": 0.01, "clear": True}
    words = impact.sentence(code="TP06", difference=clear, first="households that took part",
                            second="those that did not")
    assert words == ("TP06: satisfaction was 12.5 points higher among households that took "
                     "part than among those that did not. This is associated with "
                     "involvement; it does not show that involvement caused it.")
    unclear = impact.sentence(code="TP01", difference={"points": 16.7, "p_value": 0.6592,
                                                       "clear": False},
                              first="a", second="b")
    assert unclear == ("TP01: no clear difference between a and b (+16.7 points, within the "
                       "margins of error).")
