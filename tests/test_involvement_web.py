"""Involvement screens for every role: engagement officers record activities, participants,
feedback, links and case studies; analysts and administrators read everything; the board
reads the aggregate pages; a panel member reads only the panel's page (small groups hidden,
case studies redacted); the participants' feedback form by single-use link, in Polish."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from doorstep.accounts.testing import cast
from doorstep.actions import services as action_services
from doorstep.involvement import services
from doorstep.involvement.models import Activity, ActivityLog, CaseStudy, ConsentLog, Feedback
from doorstep.stock.models import Home
from doorstep.surveys.models import HouseholdProfile, SurveyResponse
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db

EVERYONE = ("administrator", "analyst", "service_manager", "complaints_handler",
            "engagement_officer", "board_member", "panel_member", "no_role")
PAGES = {
    "/involvement/": {"administrator", "analyst", "engagement_officer"},
    "/involvement/INV-1/": set(),  # not a pattern: 404 for everyone
    "/involvement/activity/INV-1/": {"administrator", "analyst", "engagement_officer"},
    "/involvement/new/": {"engagement_officer"},
    "/involvement/activity/INV-1/case-studies/new/": {"engagement_officer"},
    "/involvement/reach/": {"administrator", "analyst", "engagement_officer", "board_member"},
    "/involvement/impact/": {"administrator", "analyst", "engagement_officer", "board_member"},
    "/involvement/panel/": {"panel_member"},
}


@pytest.fixture
def people():
    return cast()


@pytest.fixture
def walkabout(people):
    home = Home.objects.create(home_ref="H-OAK-7", tenure="LCRA", area="North")
    HouseholdProfile.objects.create(home=home, age_band="75+", consent_on=date(2025, 1, 1),
                                    consent_source="tenancy sign-up")
    activity = services.create_activity(
        by=people["engagement_officer"], activity_ref="INV-1", title="Oak Court walkabout",
        kind="walkabout", held_on=date(2025, 6, 1), channel="in_person", area="North",
        supports=["travel", "accessible_venue"], measure_codes=["tp10"])
    services.add_participant(activity=activity, by=None, home=home, hours=2)
    services.add_participant(activity=activity, by=None, home=None)
    return activity


def test_it_opens_each_page_only_to_the_roles_allowed(client, people, walkabout):
    for url, allowed in PAGES.items():
        for role in EVERYONE:
            client.force_login(people[role])
            status = client.get(url).status_code
            if role in allowed:
                assert status == 200, (url, role)
            else:
                assert status in (403, 404), (url, role, status)
    client.logout()
    assert client.get("/involvement/").status_code == 302


def test_it_shows_an_activity_with_its_households_to_staff_only(client, people, walkabout):
    client.force_login(people["analyst"])
    text = text_of(client.get("/involvement/activity/INV-1/").content.decode())
    assert "Oak Court walkabout" in text
    assert "H-OAK-7" in text and "Anonymous" in text
    assert "Accessible venue, Travel paid or arranged" in text
    assert "2 participants, from 1 household" in text
    client.force_login(people["board_member"])
    assert client.get("/involvement/activity/INV-1/").status_code == 403


def test_it_lets_an_engagement_officer_record_an_activity(client, people):
    client.force_login(people["engagement_officer"])
    response = client.post("/involvement/new/", {
        "activity_ref": "INV-9", "title": "Repairs focus group", "kind": "focus_group",
        "held_on": "2025-09-10", "channel": "mixed", "supports": ["interpreter", "childcare"],
        "measures": ["TP01", "TP06"], "cost": "80", "outcome": "<b>New</b> repair slots"})
    assert response.status_code == 302
    activity = Activity.objects.get(activity_ref="INV-9")
    assert (activity.kind, activity.supports, activity.measures) == (
        "focus_group", ["interpreter", "childcare"], ["TP01", "TP06"])
    assert activity.log.get().action == "created"
    page = client.get("/involvement/activity/INV-9/").content.decode()
    assert "&lt;b&gt;New&lt;/b&gt;" in page and "<b>New</b>" not in page
    assert inline_code_in(page) == []


def test_it_refuses_an_activity_form_with_errors_and_says_why(client, people):
    client.force_login(people["engagement_officer"])
    response = client.post("/involvement/new/", {"activity_ref": "INV-9", "title": ""})
    text = text_of(response.content.decode())
    assert response.status_code == 200 and "There is a problem" in text
    assert "Enter a title" in text and "Select the kind of activity" in text
    assert not Activity.objects.exists()


def test_it_links_actions_and_enters_paper_feedback(client, people, walkabout):
    action = action_services.create_action(by=people["analyst"], action_ref="A-7",
                                           title="Move the bins", summary_for_residents="")
    client.force_login(people["engagement_officer"])
    client.post("/involvement/activity/INV-1/actions/", {"action_ref": "A-7"})
    client.post("/involvement/activity/INV-1/feedback/", {
        "channel": "paper", "listened": "yes", "changed": "not_yet", "again": "yes"})
    assert list(walkabout.actions.all()) == [action]
    feedback = Feedback.objects.get()
    assert (feedback.channel, feedback.listened, feedback.entered_by) == (
        "paper", "yes", people["engagement_officer"])
    text = text_of(client.get("/involvement/activity/INV-1/").content.decode())
    assert "A-7" in text and "1 feedback form returned" in text
    # An analyst reads but does not record.
    client.force_login(people["analyst"])
    assert client.post("/involvement/activity/INV-1/feedback/", {
        "channel": "paper", "listened": "no", "changed": "no", "again": "no"}).status_code == 403
    assert Feedback.objects.count() == 1


def test_it_takes_feedback_once_by_single_use_link_in_polish(client, people, walkabout):
    issued = services.issue_feedback_links(activity=walkabout, count=1,
                                           expires_at=timezone.now() + timedelta(days=30))
    url = f"/f/{issued[0].token}/?lang=pl"
    page = client.get(url).content.decode()
    assert '<html lang="pl"' in page
    assert "Czy czułeś(-aś), że Cię wysłuchano?" in page and "Wyślij moje odpowiedzi" in page
    assert "Oak Court walkabout" in page
    response = client.post(url, {"lang": "pl", "listened": "partly", "changed": "yes",
                                 "again": "maybe"})
    assert response.status_code == 200 and "Dziękujemy" in response.content.decode()
    feedback = Feedback.objects.get()
    assert (feedback.channel, feedback.listened, feedback.language) == ("online", "partly", "pl")
    # Used once: the link is spent.
    assert client.get(url).status_code == 410
    assert client.get("/f/not-a-real-token/").status_code == 410


def test_it_withdraws_consent_clearing_the_profile_and_logging_it(client, people, walkabout):
    client.force_login(people["engagement_officer"])
    client.post("/involvement/consent/withdraw/", {"home_ref": "H-OAK-7"})
    profile = HouseholdProfile.objects.get(home__home_ref="H-OAK-7")
    assert (profile.age_band, profile.consent_on) == ("", None)
    entry = ConsentLog.objects.get()
    assert entry.action == "consent withdrawn" and entry.by == people["engagement_officer"]
    assert "75+" not in entry.summary and "75+" not in str(entry.changes)
    assert entry.changes == {"age_band": ["(cleared)", None],
                             "consent_on": ["(cleared)", None],
                             "consent_source": ["(cleared)", None]}


def test_it_shows_the_panel_redacted_stories_and_hides_small_groups(client, people, walkabout):
    walkabout.outcome = "Mr Peter Walsh at 3 Elm Road asked for the bins to be moved."
    walkabout.save()
    case = services.add_case_study(
        activity=walkabout, by=None, title="The bins moved",
        story="Mrs Jane Smith at 12 Oak Road said the walkabout got the bins moved.",
        consent_on=date(2025, 6, 2), consent_source="signed form")
    client.force_login(people["panel_member"])
    url = "/involvement/panel/?start=2025-04-01&end=2026-03-31&characteristic=age_band"
    text = text_of(client.get(url).content.decode())
    assert "The bins moved" not in text  # not approved yet
    services.approve_case_study(case_study=case, by=None)
    text = text_of(client.get(url).content.decode())
    assert "The bins moved" in text and "Jane Smith" not in text and "12 Oak Road" not in text
    assert "[name]" in text and "Peter Walsh" not in text and "3 Elm Road" not in text
    assert "asked for the bins to be moved" in text
    # One household of 75+ took part: fewer than 10, so not shown.
    assert "fewer than 10" in text
    assert "H-OAK-7" not in text


def test_it_shows_the_reach_and_impact_pages_to_the_board(client, people, walkabout):
    SurveyResponse.objects.create(response_ref="S1", home=walkabout.participants.first().home,
                                  tenure="LCRA", completed_on=date(2025, 11, 1), tp01=1,
                                  tp06=2, tp07=4)
    client.force_login(people["board_member"])
    text = text_of(client.get(
        "/involvement/reach/?start=2025-04-01&end=2026-03-31&characteristic=age_band"
    ).content.decode())
    assert "75 and over" in text and "Not known" in text
    impact = text_of(client.get("/involvement/impact/").content.decode())
    assert "2025/26" in impact and "associated with" in impact
    assert "caused by" not in impact
    assert "100.0% ± 0.0 points (1)" in impact


def test_it_logs_each_change_to_an_activity(people, walkabout):
    assert list(ActivityLog.objects.filter(activity=walkabout).values_list("action", flat=True)
                ) == ["created", "participant added", "participant added"]
    assert CaseStudy.objects.count() == 0


def test_it_values_an_activity_only_from_the_landlords_own_table(client, people, walkabout):
    from doorstep.involvement.models import SocialValue

    assert SocialValue.objects.count() == 0  # none bundled
    client.force_login(people["analyst"])
    assert "Social value Not recorded" in text_of(
        client.get("/involvement/activity/INV-1/").content.decode())
    walkabout.social_value = SocialValue.objects.create(
        outcome="Regular volunteering", pounds_per_unit="3249.00",
        unit="per participant per year", source="The landlord's 2025 value table")
    walkabout.social_value_units = 2
    walkabout.save()
    text = text_of(client.get("/involvement/activity/INV-1/").content.decode())
    # 2 × £3,249 = £6,498.
    assert "£6498.00" in text and "The landlord's 2025 value table" in text


def test_it_prints_the_paper_feedback_form_in_each_language(client, people, walkabout):
    client.force_login(people["engagement_officer"])
    page = client.get("/involvement/activity/INV-1/paper/?lang=ur").content.decode()
    assert '<html lang="ur" dir="rtl">' in page
    assert "کیا آپ دوبارہ حصہ لیں گے؟" in page and "Oak Court walkabout" in page
    welsh = client.get("/involvement/activity/INV-1/paper/?lang=cy").content.decode()
    assert "Fyddech chi’n cymryd rhan eto?" in welsh
    client.force_login(people["board_member"])
    assert client.get("/involvement/activity/INV-1/paper/").status_code == 403
