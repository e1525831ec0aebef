"""The demo landlord's survey for the current reporting year, for trying staff entry, SMS and
paper in `make demo`."""

from datetime import date

import pytest

from doorstep.demo.current_survey import set_up_current_survey
from doorstep.stock.models import Home
from doorstep.surveys.models import SampledHousehold, Survey

pytestmark = pytest.mark.django_db


def test_it_sets_up_a_survey_in_fieldwork_now_with_a_sample_once():
    for number in range(1, 41):
        Home.objects.create(home_ref=f"H{number:03d}", tenure="LCRA" if number <= 30 else "LCHO",
                            area="North" if number % 2 else "South")
    today = date(2026, 12, 2)
    survey = set_up_current_survey(today=today)
    assert survey.name == "TSM 2026/27"
    assert (survey.kind, survey.tenure_scope) == ("perception", "combined")
    # Began a fortnight ago, runs six weeks more.
    assert (survey.fieldwork_starts, survey.fieldwork_ends) == (date(2026, 11, 18),
                                                                date(2027, 1, 13))
    assert (survey.sample_method, survey.sample_seed) == ("stratified", 2026)
    sampled = set(SampledHousehold.objects.values_list("home__home_ref", flat=True))
    # 30 renters and 10 owners: both far under the required sample, so all are invited.
    assert len(sampled) == 40

    again = set_up_current_survey(today=today)
    assert again.pk == survey.pk and Survey.objects.count() == 1
    assert set(SampledHousehold.objects.values_list("home__home_ref", flat=True)) == sampled
