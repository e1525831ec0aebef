"""The cached figures follow the records behind them: a record saved or deleted one at a time
(casework, a survey answer, an admin edit) says so once it is committed, and so do the bulk
writes that send no signal (weighting; imports are tested with the dashboard)."""

from datetime import date

import pytest
from test_survey_weighting import _answer, _stock_and_survey

from doorstep.complaints.models import Complaint
from doorstep.measures.cache import data_version
from doorstep.stock.models import Home
from doorstep.surveys.weighting import apply_weights, clear_weights

pytestmark = pytest.mark.django_db


def test_it_changes_the_data_version_when_a_complaint_is_saved_and_committed(
    django_capture_on_commit_callbacks,
):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        Complaint.objects.create(complaint_ref="C1", tenure="LCRA", received_on=date(2025, 8, 1))
    after_save = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        Complaint.objects.get(complaint_ref="C1").delete()

    assert len({before, after_save, data_version()}) == 3


def test_it_leaves_the_data_version_alone_until_the_change_is_committed():
    before = data_version()
    Home.objects.create(home_ref="H1", tenure="LCRA", area="North")  # inside the test's
    # transaction, never committed: nothing may be said yet
    assert data_version() == before


def test_it_changes_the_data_version_when_weights_are_written_or_cleared(
    django_capture_on_commit_callbacks,
):
    survey = _stock_and_survey()
    for ref in ["North-LCRA-000", "North-LCHO-000", "South-LCRA-000", "South-LCHO-000"]:
        _answer(survey, ref, tp01=1)
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True) as weighted:
        apply_weights(survey=survey)
    after_weighting = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        clear_weights(survey=survey)

    assert weighted  # a callback was waiting for the commit
    assert len({before, after_weighting, data_version()}) == 3
