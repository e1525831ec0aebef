"""Who may open the scrutiny workspace: current members and the engagement team work on
reviews; the board and analysts read; a service manager answers their own area's
recommendations; a former member, a resident who is not on the panel and a manager of
another area are refused. Pages are read as a person reads them."""

from datetime import date

import pytest
from django.test import Client
from scrutiny_setup import landlord, review_at_findings, scrutiny_cast

from doorstep.scrutiny import services
from doorstep.scrutiny.models import Stage
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    landlord()
    return scrutiny_cast()


@pytest.fixture
def sent(people):
    review = review_at_findings(people)
    recommendation = services.add_recommendation(
        review=review, by=people["member"], text="Check every repair at a second visit.",
        measures="TP01", area="South", manager=people["south_manager"])
    services.send_recommendations(review=review, by=people["member"], sent_on=date(2026, 12, 14))
    return review, recommendation


def get(user, url):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def page_text(user, url) -> str:
    response = get(user, url)
    assert response.status_code == 200, url
    assert inline_code_in(response.content) == []
    return text_of(response.content)


def test_it_lets_a_current_member_see_and_work_on_the_review(people, sent):
    review, _ = sent
    text = page_text(people["member"], "/scrutiny/reviews/R-1/")
    assert "Review R-1: Repairs in older blocks" in text
    assert "Stage: Awaiting the landlord's response" in text
    assert "Check every repair at a second visit." in text
    assert "the landlord's answer is due by 14 January 2027" in text
    assert "Requested (member)" not in text  # the record says who, in its own words:
    assert "Review requested: Repairs in older blocks (member)" in text
    assert get(people["member"], "/scrutiny/reviews/new/").status_code == 200


@pytest.mark.parametrize("who", ["former", "panel_member", "no_role", "complaints_handler"])
def test_it_refuses_a_former_member_a_resident_not_on_the_panel_and_others(people, sent, who):
    for url in ("/scrutiny/", "/scrutiny/reviews/R-1/", "/scrutiny/reviews/new/",
                "/scrutiny/reviews/R-1/packs/1/", "/scrutiny/members/"):
        assert get(people[who], url).status_code == 403, (who, url)


def test_it_refuses_a_member_at_once_when_they_leave(people, sent):
    client = Client()
    client.force_login(people["member"])
    assert client.get("/scrutiny/reviews/R-1/").status_code == 200
    officer = Client()
    officer.force_login(people["engagement_officer"])
    membership = people["member"].panel_memberships.get()
    assert officer.post(f"/scrutiny/members/{membership.pk}/leave/").status_code == 302
    response = client.get("/scrutiny/reviews/R-1/")
    assert response.status_code == 403
    assert "Only current members of the scrutiny panel" in response.content.decode()


def test_it_lets_the_board_read_everything_and_change_nothing(people, sent):
    _, recommendation = sent
    board = people["board_member"]
    assert "Check every repair" in page_text(board, "/scrutiny/reviews/R-1/")
    assert "What came of it" in page_text(board, f"/scrutiny/recommendations/{recommendation.pk}/")
    for url in ("/scrutiny/reviews/new/", "/scrutiny/reviews/R-1/findings/",
                f"/scrutiny/recommendations/{recommendation.pk}/respond/"):
        assert get(board, url).status_code == 403, url


def test_it_lets_only_the_areas_manager_answer(people, sent):
    _, recommendation = sent
    url = f"/scrutiny/recommendations/{recommendation.pk}/respond/"
    assert get(people["service_manager"], url).status_code == 404  # North's manager
    assert get(people["service_manager"], f"/scrutiny/recommendations/{recommendation.pk}/"
               ).status_code == 404
    assert "There are no recommendations waiting" in page_text(
        people["service_manager"], "/scrutiny/responses/")
    text = page_text(people["south_manager"], "/scrutiny/responses/")
    assert "Review R-1 (Repairs in older blocks), recommendation 1 14 January 2027" in text
    text = page_text(people["south_manager"], url)
    assert "The recommendation, as sent: Check every repair at a second visit." in text
    client = Client()
    client.force_login(people["south_manager"])
    response = client.post(url, {"decision": "accepted", "reasons": "We will.",
                                 "action_title": "Second visits", "action_due_on": ""})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.decision == "accepted"
    assert recommendation.actions.get().title == "Second visits"
    assert recommendation.review.stage == Stage.MONITORING


def test_it_shows_late_answers_on_the_managers_engagement_and_board_home_pages(
        people, sent):
    _, recommendation = sent
    type(recommendation).objects.filter(pk=recommendation.pk).update(
        response_due_on=date(2020, 1, 1))  # long past
    for who in ("south_manager", "engagement_officer", "board_member"):
        text = page_text(people[who], "/")
        assert "Late answers to the scrutiny panel: 1" in text, who
        assert "Review R-1, recommendation 1: due 1 January 2020" in text, who
    assert "Late answers" not in page_text(people["service_manager"], "/")  # North's


def test_it_shows_an_error_on_the_form_when_the_stage_does_not_allow_it(people, sent):
    client = Client()
    client.force_login(people["member"])
    response = client.post("/scrutiny/reviews/R-1/findings/", {"findings": "More"})
    assert response.status_code == 200
    assert "you can write the findings only when it is gathering evidence or findings" in \
        text_of(response.content)
