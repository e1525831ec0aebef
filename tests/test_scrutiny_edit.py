"""Changing a draft recommendation on screen: the panel may change it until it is sent;
once sent it is kept as sent."""

import pytest
from django.test import Client
from scrutiny_setup import landlord, review_at_findings, scrutiny_cast

from doorstep.scrutiny import services
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    landlord()
    people = scrutiny_cast()
    review = review_at_findings(people)
    recommendation = services.add_recommendation(
        review=review, by=people["member"], text="Check repairs at the first visit",
        measures="TP01", area="North", manager=people["service_manager"])
    return people, review, recommendation


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_it_changes_a_draft_and_records_before_and_after(draft):
    people, _, recommendation = draft
    member = client_for(people["member"])
    page = member.get(f"/scrutiny/recommendations/{recommendation.pk}/change/")
    assert "Check repairs at the first visit" in page.content.decode()
    response = member.post(f"/scrutiny/recommendations/{recommendation.pk}/change/", {
        "text": "Check every repair at the first visit", "measures": "tp01 tp02",
        "evidence": "Site visit 3", "area": "North",
        "manager": people["service_manager"].pk})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.text == "Check every repair at the first visit"
    assert recommendation.measures == "TP01 TP02"
    entry = recommendation.activity.get(action="edited")
    assert entry.by == people["member"]
    assert entry.changes == {
        "text": ["Check repairs at the first visit", "Check every repair at the first visit"],
        "measures": ["TP01", "TP01 TP02"], "evidence": ["", "Site visit 3"]}


def test_it_offers_the_change_link_only_on_a_draft(draft):
    people, review, recommendation = draft
    url = f"/scrutiny/recommendations/{recommendation.pk}/change/"
    assert url in client_for(people["member"]).get(
        f"/scrutiny/recommendations/{recommendation.pk}/").content.decode()
    assert url not in client_for(people["board_member"]).get(
        f"/scrutiny/recommendations/{recommendation.pk}/").content.decode()
    services.send_recommendations(review=review, by=people["member"])
    assert url not in client_for(people["member"]).get(
        f"/scrutiny/recommendations/{recommendation.pk}/").content.decode()


def test_it_keeps_a_sent_recommendation_as_sent(draft):
    people, review, recommendation = draft
    services.send_recommendations(review=review, by=people["member"])
    member = client_for(people["member"])
    response = member.post(f"/scrutiny/recommendations/{recommendation.pk}/change/", {
        "text": "Something else", "measures": "", "evidence": "", "area": ""}, follow=True)
    assert "kept as sent and cannot be changed" in text_of(response.content)
    recommendation.refresh_from_db()
    assert recommendation.text == recommendation.sent_text == "Check repairs at the first visit"


def test_it_refuses_an_unknown_measure(draft):
    people, _, recommendation = draft
    response = client_for(people["member"]).post(
        f"/scrutiny/recommendations/{recommendation.pk}/change/", {
            "text": "Check repairs", "measures": "XX99", "evidence": "", "area": ""})
    assert response.status_code == 200
    recommendation.refresh_from_db()
    assert recommendation.measures == "TP01"


def test_it_refuses_those_who_do_not_work_on_reviews(draft):
    people, _, recommendation = draft
    url = f"/scrutiny/recommendations/{recommendation.pk}/change/"
    assert client_for(people["board_member"]).get(url).status_code == 403
    assert client_for(people["former"]).get(url).status_code == 403
