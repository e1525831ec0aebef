"""The demo landlord's survey for the current reporting year, for trying staff entry, SMS and
paper in `make demo`."""

import pytest
from django.utils import timezone

from doorstep.demo.current_survey import set_up_current_survey
from doorstep.stock.models import Home
from doorstep.surveys.models import SampledHousehold, Survey

pytestmark = pytest.mark.django_db


def test_it_sets_up_a_survey_in_fieldwork_now_with_a_sample_once():
    for number in range(1, 41):
        Home.objects.create(home_ref=f"H{number:03d}", tenure="LCRA" if number <= 30 else "LCHO",
                            area="North" if number % 2 else "South")
    today = timezone.localdate()
    first_year = today.year if today.month >= 4 else today.year - 1
    survey = set_up_current_survey()
    assert survey.name == f"TSM {first_year}/{(first_year + 1) % 100:02d}"
    assert (survey.kind, survey.tenure_scope) == ("perception", "combined")
    assert survey.fieldwork_starts <= today <= survey.fieldwork_ends
    assert (survey.sample_method, survey.sample_seed) == ("stratified", 2026)
    sampled = set(SampledHousehold.objects.values_list("home__home_ref", flat=True))
    # 30 renters and 10 owners: both far under the required sample, so all are invited.
    assert len(sampled) == 40

    again = set_up_current_survey()
    assert again.pk == survey.pk and Survey.objects.count() == 1
    assert set(SampledHousehold.objects.values_list("home__home_ref", flat=True)) == sampled
