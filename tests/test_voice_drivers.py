"""Key drivers recover effects built into the data."""

from datetime import date, datetime, timedelta

import numpy as np
import pytest

from doorstep.core.periods import UK, ReportingYear
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home
from doorstep.surveys.models import SurveyResponse
from doorstep.voice.drivers import DriversError, drivers_from_table, key_drivers


def test_it_recovers_a_difference_in_proportions_exactly():
    # 40 residents with a late repair, 10 satisfied (25%); 40 without, 30 satisfied (75%).
    # One 0/1 fact: the model fits each group's own proportion, so the effect is
    # 25 - 75 = -50 points; its standard error is sqrt(.25*.75/40 + .75*.25/40) = 0.0968,
    # so the interval is -50 +/- 1.96 x 9.68 = -69.0 to -31.0.
    rows = [{"satisfied": i < 10, "late_repair": 1} for i in range(40)]
    rows += [{"satisfied": i < 30, "late_repair": 0} for i in range(40)]
    (driver,) = drivers_from_table(rows)
    assert driver.effect_points == pytest.approx(-50.0, abs=0.01)
    assert (driver.low, driver.high) == (pytest.approx(-69.0, abs=0.05),
                                         pytest.approx(-31.0, abs=0.05))
    assert driver.sentence == (
        "Residents with a repair that missed its target in the last 12 months were 50.0 "
        "points less likely to be satisfied overall (95% interval 31.0 to 69.0)."
    )


def test_it_recovers_two_simulated_effects_within_their_intervals():
    # Built with a 20-point fall for a late repair and 10 for an ASB case (additive on the
    # probability scale, which a logistic model approximates closely at these levels).
    rng = np.random.default_rng(7)
    rows = []
    for _ in range(6000):
        late, asb = rng.random() < 0.3, rng.random() < 0.2
        rows.append({"satisfied": rng.random() < 0.75 - 0.20 * late - 0.10 * asb,
                     "late_repair": int(late), "asb_case": int(asb)})
    effects = {d.name: d for d in drivers_from_table(rows)}
    assert effects["late_repair"].low < -20 < effects["late_repair"].high
    assert effects["asb_case"].low < -10 < effects["asb_case"].high
    assert effects["asb_case"].effect_points > effects["late_repair"].effect_points


def test_it_refuses_too_few_residents_in_plain_english():
    with pytest.raises(DriversError, match="at least 30 residents"):
        drivers_from_table([{"satisfied": True, "late_repair": 1}] * 5)


@pytest.mark.django_db
def test_it_links_late_repairs_to_survey_responses_through_homes():
    year = ReportingYear(2025)
    surveyed = date(2025, 11, 1)
    for n in range(80):
        home = Home.objects.create(home_ref=f"H{n:06d}", tenure="LCRA", area="North")
        late = n < 40
        satisfied = (n < 10) if late else (n < 70)  # 10 of 40 late; 30 of 40 on time
        if late:
            reported = datetime(2025, 9, 1, 9, tzinfo=UK)
            Repair.objects.create(
                repair_ref=f"R{n:08d}", home=home, reported_at=reported,
                target_at=reported + timedelta(days=20),
                completed_at=reported + timedelta(days=30),
                priority="non_emergency", status="completed",
            )
        SurveyResponse.objects.create(
            response_ref=f"S{n}", home=home, tenure="LCRA", completed_on=surveyed,
            channel="online", tp01=2 if satisfied else 4,
        )
    (driver,) = key_drivers(year=year)
    # the same 25% against 75% as above: -50 points
    assert driver.name == "late_repair"
    assert driver.effect_points == pytest.approx(-50.0, abs=0.01)
