"""The demo landlord's survey of the year in progress ("TSM 2026/27" for a demo built on
2 December 2026), as the demo's analyst finds it after `doorstep demo`: every survey page
loads with the demo's own sample, and answers entered in the demo show up in its progress."""

import io
import re
from datetime import date

import pytest
from django.core.management import call_command

from doorstep.demo.management.commands.demo import DEMO_PASSWORD
from doorstep.surveys.models import SampledHousehold, Survey
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 2)  # the day the demo is built for: its history runs to this day


@pytest.fixture
def demo(settings, tmp_path):
    settings.DATA_DIR = tmp_path  # the demo writes its files under DATA_DIR/demo-files
    call_command("demo", homes=300, years=1, seed=1, today=TODAY, no_serve=True,
                 stdout=io.StringIO())
    return Survey.objects.get(name="TSM 2026/27")  # the year in progress on TODAY


def test_it_opens_every_page_of_the_demo_survey_to_the_demo_analyst(client, demo):
    assert client.login(username="analyst", password=DEMO_PASSWORD)
    sampled = SampledHousehold.objects.filter(survey=demo).count()
    assert sampled > 0
    pages = {
        "/surveys/": demo.name,
        f"/surveys/{demo.pk}/": "1 TP01 Taking everything into account",
        f"/surveys/{demo.pk}/sample/": "with seed 2026.",
        f"/surveys/{demo.pk}/links/": f"of the {sampled:,} sampled households have had a link",
        f"/surveys/{demo.pk}/progress/": "0 responses so far.",
        f"/surveys/{demo.pk}/weighting/": "No weights: every response counts once.",
        f"/surveys/{demo.pk}/approach/": f"Summary of approach: {demo.name} ({demo.year})",
    }
    for path, expected in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert inline_code_in(response.content) == [], path
        assert expected in text_of(response.content), path
    markdown = client.get(f"/surveys/{demo.pk}/approach.md").content.decode()
    assert "(Doorstep draw, seed 2026)." in markdown


def test_it_shows_a_phone_and_a_paper_answer_from_the_demo_in_the_progress(client, demo):
    assert client.login(username="analyst", password=DEMO_PASSWORD)
    households = list(SampledHousehold.objects.filter(survey=demo, tenure="LCRA")
                      .order_by("home__home_ref").select_related("home")[:2])
    for household, channel in zip(households, ("telephone", "postal"), strict=True):
        chosen = client.post(f"/fieldwork/surveys/{demo.pk}/enter/",
                             {"household": household.home.home_ref, "channel": channel})
        assert chosen.status_code == 302
        saved = client.post(chosen["Location"], {
            "completed_on": TODAY.strftime("%d/%m/%Y"), "q1": "2"})
        assert saved.status_code == 302
    page = text_of(client.get(f"/surveys/{demo.pk}/progress/").content)
    assert "2 responses so far: telephone 1, postal 1." in page
    # Each household's row (tenure, area, invited, target, responses, % of target) counts it
    # under its channel: the columns are telephone then postal.
    by_area = {}
    for household, channel in zip(households, ("telephone", "postal"), strict=True):
        by_area.setdefault(household.area, {"telephone": 0, "postal": 0})[channel] += 1
    for area, counts in by_area.items():
        invited = SampledHousehold.objects.filter(survey=demo, tenure="LCRA", area=area).count()
        row = (rf"LCRA {re.escape(area)} {invited:,} \d+ {sum(counts.values())} \d+% "
               rf"{counts['telephone']} {counts['postal']}")
        assert re.search(row, page), row
