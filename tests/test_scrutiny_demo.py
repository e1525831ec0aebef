"""The demo landlord's scrutiny panel: members (one left), R-1 closed with answered
recommendations, an action re-measured as improved and the panel's impact view; R-2
gathering evidence with a pack taken."""

from datetime import date

import pytest

from doorstep.demo.generator import DemoLandlord, generate, load_into_database
from doorstep.scrutiny.models import Meeting, Membership, Review, Stage

pytestmark = pytest.mark.django_db


def test_it_gives_the_demo_a_closed_review_and_one_gathering_evidence(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    today = date(2026, 12, 2)
    generate(landlord=DemoLandlord(homes=800, years=3, seed=1, today=today), out_dir=tmp_path)
    created = load_into_database(tmp_path, run_by="test", today=today)
    assert created["scrutiny reviews"] == 2
    assert Membership.objects.filter(left_on__isnull=True).count() == 3
    assert Membership.objects.filter(left_on__isnull=False).count() == 1
    closed, gathering = Review.objects.get(review_ref="R-1"), Review.objects.get(
        review_ref="R-2")
    assert (closed.stage, gathering.stage) == (Stage.CLOSED, Stage.GATHERING)
    # The latest complete year (2025/26) once packs follow the default-year rule of issue 17
    # item 1; until then, the latest year with records (2026/27, the year in progress).
    assert gathering.packs.count() == 1
    assert gathering.packs.get().content["year"] in ("2025/26", "2026/27")
    answers = [(r.number, r.decision) for r in closed.recommendations.all()]
    assert answers == [(1, "accepted"), (2, "not_accepted")]
    action = closed.recommendations.get(number=1).actions.get()
    after = action.measurements.get(kind="after")
    baseline = action.measurements.get(kind="baseline")
    assert (action.status, action.measure_code, after.verdict) == ("done", "RP02-1", "improved")
    assert after.value > baseline.value
    assert closed.impact_view.startswith("Repairs in the area are now done on time")
    # Two meetings: four weeks ago, with minutes and a paper; in two weeks, agenda and paper
    # but no minutes yet.
    past, upcoming = Meeting.objects.order_by("held_on")
    assert (past.held_on, upcoming.held_on) == (date(2026, 11, 4), date(2026, 12, 16))
    assert past.agenda.startswith("1. Welcome and apologies")
    assert past.minutes.startswith("Present: Pat Morgan (chair)")
    assert past.minutes_by.username == "engagement"
    assert upcoming.minutes == "" and "the evidence pack" in upcoming.agenda
    assert [p.title for p in past.papers.all()] == ["Repairs review: the answers"]
    assert [p.file_name for p in upcoming.papers.all()] == ["evidence-plan.pdf"]
    assert upcoming.papers.get().file.read(5) == b"%PDF-"
