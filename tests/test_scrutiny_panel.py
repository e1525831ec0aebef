"""The panel: membership managed by the engagement team (declarations of interest kept),
terms of reference, the Complaint Handling Code comments in the annual complaints report,
and notifications listed in the app."""

import re

import pytest
from django.test import Client
from scrutiny_setup import landlord, scrutiny_cast

from doorstep.accounts.models import Role
from doorstep.accounts.testing import person
from doorstep.scrutiny.models import Membership, Notification
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    landlord()
    return scrutiny_cast()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_lets_the_engagement_team_add_a_member_with_their_declarations(people):
    newcomer = person(Role.PANEL_MEMBER, username="newcomer", first_name="Joan",
                      last_name="Ellis")
    officer = signed_in(people["engagement_officer"])
    response = officer.post("/scrutiny/members/add/", {
        "user": newcomer.pk, "declarations": "Brother works for the repairs contractor"})
    assert response.status_code == 302
    assert Membership.objects.get(user=newcomer).declarations == (
        "Brother works for the repairs contractor")
    text = text_of(signed_in(newcomer).get("/scrutiny/members/").content)
    assert "Joan Ellis" in text and "Brother works for the repairs contractor" in text
    assert "Former members former:" in text
    # A member cannot manage membership; neither can the board.
    for who in ("member", "board_member"):
        assert signed_in(people[who]).get("/scrutiny/members/add/").status_code == 403


def test_it_only_offers_people_with_the_panel_role_who_are_not_on_it(people):
    page = signed_in(people["engagement_officer"]).get("/scrutiny/members/add/")
    choices = re.findall(r"<option value=\"\d+\">([^<]*)", page.content.decode())
    # Not "member" (on the panel now), nor the staff.
    assert choices == ["former", "panel_member"]


def test_it_keeps_the_terms_of_reference(people):
    officer = signed_in(people["engagement_officer"])
    officer.post("/scrutiny/terms/", {"terms_of_reference": "We meet every six weeks."})
    text = text_of(signed_in(people["member"]).get("/scrutiny/members/").content)
    assert "Terms of reference We meet every six weeks." in text


def test_it_shows_the_panels_code_comments_in_the_annual_complaints_report(people):
    member = signed_in(people["member"])
    response = member.post("/scrutiny/complaint-handling/2025-26/",
                           {"comments": "Stage 2 answers are too slow."})
    assert response.status_code == 302
    report = signed_in(people["board_member"]).get("/complaints/report/2025-26/")
    assert inline_code_in(report.content) == []
    text = text_of(report.content)
    at = text.index("The governing body's response")
    assert text.index("The scrutiny panel's comments Stage 2 answers are too slow.") > at


def test_it_lists_every_notification_in_the_app(people):
    Notification.objects.create(user=people["member"], subject="Evidence pack ready: X",
                                message="Read it", url="/scrutiny/")
    text = text_of(signed_in(people["member"]).get("/scrutiny/notifications/").content)
    assert "Evidence pack ready: X" in text and "Read it" in text
    assert "You have no notifications." in text_of(
        signed_in(people["board_member"]).get("/scrutiny/notifications/").content)
