"""Linking a scrutiny recommendation to the involvement activity it came from, from the
recommendation's side (its involvement page) as well as from the activity's page. The link
is the involvement app's own ``Activity.recommendations``; the scrutiny app is unchanged."""

from datetime import date

import pytest

from doorstep.accounts.testing import cast
from doorstep.involvement import services
from doorstep.involvement.models import ActivityLog
from doorstep.scrutiny.models import Recommendation, Review
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db
PAGE = "/involvement/recommendations/SR-1/2/"


@pytest.fixture
def people():
    return cast()


@pytest.fixture
def recommendation():
    review = Review.objects.create(review_ref="SR-1", title="Repairs follow-up")
    return Recommendation.objects.create(review=review, number=2,
                                         text="Call back within a day after every repair.")


@pytest.fixture
def walkabout(people):
    return services.create_activity(
        by=people["engagement_officer"], activity_ref="INV-1", title="Oak Court walkabout",
        kind="walkabout", held_on=date(2025, 6, 1), channel="in_person")


def test_it_links_an_activity_from_the_recommendations_side(client, people, recommendation,
                                                           walkabout):
    client.force_login(people["engagement_officer"])
    response = client.post(PAGE, {"activity_ref": " INV-1 "})
    assert response.status_code == 302
    assert list(walkabout.recommendations.all()) == [recommendation]
    assert ActivityLog.objects.filter(activity=walkabout, action="recommendation linked",
                                      summary="Led to SR-1 recommendation 2").count() == 1

    page = client.get(PAGE).content.decode()
    words = text_of(page)
    assert "Involvement activities behind SR-1 recommendation 2" in words
    assert "INV-1 Oak Court walkabout 1 June 2025" in words
    assert inline_code_in(page) == []
    # And the activity's page shows it, linked back to the recommendation's page.
    activity_page = client.get("/involvement/activity/INV-1/").content.decode()
    assert f'href="{PAGE}"' in activity_page


def test_it_says_when_the_activity_does_not_exist(client, people, recommendation):
    client.force_login(people["engagement_officer"])
    page = client.post(PAGE, {"activity_ref": "INV-404"})
    assert page.status_code == 200
    assert "There is no activity with that reference" in text_of(page.content.decode())
    assert not recommendation.involvement_activities.exists()


def test_it_lets_analysts_read_but_not_link(client, people, recommendation, walkabout):
    for role in ("analyst", "administrator"):
        client.force_login(people[role])
        words = text_of(client.get(PAGE).content.decode())
        assert "No activities linked yet." in words and "Link the activity" not in words
        assert client.post(PAGE, {"activity_ref": "INV-1"}).status_code == 403, role
    for role in ("board_member", "panel_member", "service_manager"):
        client.force_login(people[role])
        assert client.get(PAGE).status_code == 403, role
    assert not walkabout.recommendations.exists()


def test_it_says_404_for_a_recommendation_that_does_not_exist(client, people, recommendation):
    client.force_login(people["engagement_officer"])
    assert client.get("/involvement/recommendations/SR-1/9/").status_code == 404


def test_it_links_from_the_activity_page_too(client, people, recommendation, walkabout):
    client.force_login(people["engagement_officer"])
    client.post("/involvement/activity/INV-1/recommendations/",
                {"review_ref": "SR-1", "number": "2"})
    assert list(recommendation.involvement_activities.all()) == [walkabout]
