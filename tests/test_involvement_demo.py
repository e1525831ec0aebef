"""The demo's involvement: two years of activities loaded through the importers, with a
participant profile skewed as real ones are (older, more often online than the stock), so
the reach page names the younger age bands as under-represented; feedback, two approved
case studies, links to the demo's actions, one household that withdrew consent."""

from datetime import date

import pytest

from doorstep.core.periods import ReportingYear
from doorstep.demo.generator import DemoLandlord, generate, load_into_database
from doorstep.involvement.models import Activity, CaseStudy, Feedback
from doorstep.involvement.reach import reach
from doorstep.surveys.models import HouseholdProfile

pytestmark = pytest.mark.django_db


def test_it_gives_the_demo_two_years_of_activities_that_reach_some_groups_less(tmp_path):
    # The activities are in the two complete years before today, not in the year in progress.
    end, today = ReportingYear(2025), date(2026, 12, 2)
    generate(landlord=DemoLandlord(homes=800, years=3, seed=1, today=today), out_dir=tmp_path)
    created = load_into_database(tmp_path, run_by="test", today=today)

    assert created["involvement"] == 24
    assert created["participants"] > 300
    assert Activity.objects.filter(held_on__lt=end.previous.start).count() == 0
    assert Activity.objects.filter(held_on__gt=end.end).count() == 0
    assert Feedback.objects.count() >= 24 * 3
    assert CaseStudy.objects.filter(approved=True).count() == 2
    assert Activity.objects.filter(actions__isnull=False).exists()
    assert Activity.objects.filter(recommendations__isnull=False).exists()
    assert HouseholdProfile.objects.filter(consent_withdrawn_on__isnull=False).count() == 1

    by_age = reach(start=end.previous.start, end=end.end, characteristic="age_band")
    assert {"16-24", "25-34"} <= set(by_age["tests"]["involved"]["under_represented"])
    assert "75+" not in by_age["tests"]["involved"]["under_represented"]
    online = reach(start=end.previous.start, end=end.end, characteristic="digital_access")
    assert "offline" in online["tests"]["involved"]["under_represented"]
    assert by_age["unknown"]["residents"] > 0 and by_age["anonymous_participants"] > 0
