"""Each role's home is their work (issue 17 item 7): what needs attention, counted, with a
link to the records behind each count.

Complaints, read on Mon 17 Nov 2025 at noon (no bank holidays in November 2025), as in
tests/test_casework_queues.py, with Alice and Bob complaints handlers:
- C1 (Alice): received Mon 3 Nov, never acknowledged: due Mon 10 Nov, overdue.
- C2 (Alice): received Mon 10 Nov, acknowledged; response due Tue 25 Nov, 6 working days
  off: not within a week.
- C8 (Alice): received Fri 14 Nov; acknowledge by Fri 21 Nov, 4 working days off: due
  within a week.
- C3 (Bob): received Wed 12 Nov; acknowledge by Wed 19 Nov.
- C4 (nobody): received Mon 10 Nov; acknowledge by Mon 17 Nov: due today, unassigned.
So Alice has 1 overdue (C1) and 1 due within a week (C8); 1 complaint has no handler; the
landlord has 1 overdue step (C1).
"""

from datetime import date, datetime

import pytest
from test_manager_lists import asb, people, repairs, safety, stock  # noqa: F401 - fixtures

from doorstep.accounts.models import Role
from doorstep.accounts.testing import person
from doorstep.complaints.models import Complaint
from doorstep.hazards import services as hazards
from doorstep.hazards.clocks import UK
from doorstep.hazards.hazard_list import load_hazard_list
from doorstep.imports.models import ImportRun
from doorstep.stock.models import Home, SafetyCheck
from doorstep.surveys.models import Comment, Survey, SurveyResponse
from doorstep.voice.models import CodedComment, HazardFlag
from doorstep.web.attention import needs_attention
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db


def uk(*parts) -> datetime:
    return datetime(*parts, tzinfo=UK)


MONDAY_NOON = uk(2025, 11, 17, 12)


@pytest.fixture
def handlers():
    return {"alice": person(Role.COMPLAINTS_HANDLER, username="alice", first_name="Alice"),
            "bob": person(Role.COMPLAINTS_HANDLER, username="bob", first_name="Bob")}


@pytest.fixture
def complaints(handlers):
    alice, bob = handlers["alice"], handlers["bob"]

    def complaint(ref, received, **facts):
        Complaint.objects.create(complaint_ref=ref, tenure="LCRA", received_on=received,
                                 category="repairs", **facts)

    complaint("C1", date(2025, 11, 3), stage1_handler=alice)
    complaint("C2", date(2025, 11, 10), stage1_acknowledged_on=date(2025, 11, 11),
              stage1_handler=alice)
    complaint("C8", date(2025, 11, 14), stage1_handler=alice)
    complaint("C3", date(2025, 11, 12), stage1_handler=bob)
    complaint("C4", date(2025, 11, 10))


def counts(items) -> dict[str, int]:
    return {item.label: item.count for item in items}


def home_page(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return text_of(response.content)


# Complaints handler -------------------------------------------------------------------------


def test_it_gives_a_complaints_handler_their_own_queue(handlers, complaints):
    items = needs_attention(user=handlers["alice"], now=MONDAY_NOON)
    assert counts(items) == {
        "Your complaints with an overdue step": 1,
        "Your complaints due within a week": 1,
        "Open complaints with no handler": 1,
    }
    overdue, this_week, _ = items
    assert [entry.complaint.complaint_ref for entry in overdue.rows] == ["C1"]
    assert [entry.complaint.complaint_ref for entry in this_week.rows] == ["C8"]
    assert this_week.url == "/complaints/?within=5"
    # Bob's queue is his: C3 is due within a week, nothing is overdue.
    assert counts(needs_attention(user=handlers["bob"], now=MONDAY_NOON))[
        "Your complaints due within a week"] == 1


def test_it_shows_the_handler_their_queue_on_the_home_page(client, handlers, complaints):
    # Today every one of these deadlines (November 2025) has long passed: Alice's C1 (its
    # acknowledgement), C2 (its response) and C8 (its acknowledgement) are overdue.
    text = home_page(client, handlers["alice"])
    assert "Needs your attention" in text
    assert "Your complaints with an overdue step 3 Your queue" in text
    assert "Your complaints with an overdue step: the first 3 of 3" not in text  # all shown
    rows = text[text.index("Complaint Next deadline Due on"):]
    # The longest overdue first: due 10 Nov (C1), 21 Nov (C8), 25 Nov (C2).
    assert rows.index("C1 Stage 1 acknowledgement") < rows.index("C8 Stage 1 acknowledgement") \
        < rows.index("C2 Stage 1 response")
    assert "C3" not in rows.split("Doorstep for")[0]  # Bob's


# Engagement officer -------------------------------------------------------------------------


def test_it_gives_an_engagement_officer_the_years_fieldwork_and_recent_comments():
    officer = person(Role.ENGAGEMENT_OFFICER)
    Survey.objects.create(name="TSM 2026/27", kind="perception", tenure_scope="LCRA",
                          year="2026/27", fieldwork_starts=date(2026, 4, 1),
                          fieldwork_ends=date(2026, 9, 30))
    Survey.objects.create(name="TSM 2025/26", kind="perception", tenure_scope="LCRA",
                          year="2025/26", fieldwork_starts=date(2025, 4, 1),
                          fieldwork_ends=date(2025, 9, 30))
    # Three answers this year, with a comment each; one more last year.
    for ref, survey, day in (("V1", "TSM 2026/27", date(2026, 6, 1)),
                             ("V2", "TSM 2026/27", date(2026, 6, 10)),
                             ("V3", "TSM 2026/27", date(2026, 4, 20)),
                             ("V4", "TSM 2025/26", date(2025, 6, 1))):
        response = SurveyResponse.objects.create(response_ref=ref, survey=survey,
                                                 tenure="LCRA", completed_on=day,
                                                 channel="phone")
        Comment.objects.create(response=response, text=f"Comment {ref}")

    items = needs_attention(user=officer, now=uk(2026, 6, 15, 12))
    # Since 18 May 2026 (four weeks before 15 June): V1 and V2, not V3 (20 April).
    assert counts(items) == {"Responses to TSM 2026/27": 3,
                             "Residents' survey comments in the last 4 weeks": 2}
    assert items[0].note == "No target yet: the sample has not been drawn."
    assert items[1].url == "/voice/"


def test_it_links_the_officer_to_the_surveys_progress_from_the_home_page(client):
    from django.utils import timezone

    from doorstep.core.periods import ReportingYear

    officer = person(Role.ENGAGEMENT_OFFICER)
    year = ReportingYear.containing(timezone.localdate())
    survey = Survey.objects.create(name="This year's TSM", kind="perception",
                                   tenure_scope="LCRA", year=year.label,
                                   fieldwork_starts=year.start, fieldwork_ends=year.end)
    SurveyResponse.objects.create(response_ref="V1", survey=survey.name, tenure="LCRA",
                                  completed_on=year.start, channel="phone")
    client.force_login(officer)
    html = client.get("/").content.decode()
    assert ("Responses to This year's TSM No target yet: the sample has not been drawn. 1 "
            "Progress of This year's TSM") in text_of(html)
    assert f'href="/surveys/{survey.pk}/progress/"' in html


def test_it_says_when_no_survey_is_set_up_for_the_year():
    officer = person(Role.ENGAGEMENT_OFFICER)
    items = needs_attention(user=officer, now=uk(2026, 6, 15, 12))
    assert counts(items) == {"Surveys running in 2026/27": 0,
                             "Residents' survey comments in the last 4 weeks": 0}
    assert items[0].note == "No survey is set up for this year yet."


# Analyst and administrator ------------------------------------------------------------------


@pytest.fixture
def landlord_wide(complaints):
    """Beside the complaints: one home (no stock-condition assessment), a safety check dated
    valid until before it was done, two hazard cases, three flagged comments and some
    imports."""
    load_hazard_list()
    home = Home.objects.create(home_ref="H1", tenure="LCRA", area="North")
    SafetyCheck.objects.create(check_ref="K-bad", check_type="gas", home=home,
                               completed_on=date(2025, 6, 1), valid_until=date(2025, 5, 1))
    # Emergency: made safe within 24 hours. Aware 10 Nov: overdue by the 17th. Aware on the
    # 17th at 9: due on the 18th.
    hazards.open_hazard_case(by=None, kind="emergency", hazard="electrical", home=home,
                             aware_at=uk(2025, 11, 10, 9))
    hazards.open_hazard_case(by=None, kind="emergency", hazard="electrical", home=home,
                             aware_at=uk(2025, 11, 17, 9))
    response = SurveyResponse.objects.create(response_ref="V1", home=home, tenure="LCRA",
                                             completed_on=date(2025, 11, 1), channel="online")
    for n, (follow_up_by, done) in enumerate(((date(2025, 11, 14), None),
                                              (date(2025, 11, 18), None),
                                              (date(2025, 11, 10), uk(2025, 11, 10, 15)))):
        comment = Comment.objects.create(response=response, text=f"Mould in room {n}")
        coded = CodedComment.objects.create(source="survey", survey_comment=comment, home=home,
                                            text=comment.text, redacted_text=comment.text,
                                            sentiment="negative")
        HazardFlag.objects.create(coded_comment=coded, kind="damp_mould",
                                  flagged_on=date(2025, 11, 3), follow_up_by=follow_up_by,
                                  followed_up_at=done)

    def run(dataset, day, outcome, process=""):
        ImportRun.objects.create(dataset=dataset, file_name=f"{dataset}.csv", file_sha256="0",
                                 run_by="analyst", started_at=uk(2025, 11, day, 9),
                                 outcome=outcome, process=process)

    run("repairs", 3, ImportRun.Outcome.REJECTED)
    run("repairs", 4, ImportRun.Outcome.IMPORTED)  # put right since
    run("homes", 3, ImportRun.Outcome.IMPORTED)
    run("homes", 5, ImportRun.Outcome.REJECTED)
    # Killed half way on a server that is not this one: taken as stopped.
    run("complaints", 6, ImportRun.Outcome.UNFINISHED, process="another-server:1")
    run("survey_responses", 6, ImportRun.Outcome.CHECKED)


def test_it_gives_an_analyst_what_needs_attention_across_the_landlord(landlord_wide):
    from doorstep.core.periods import ReportingYear

    analyst = person(Role.ANALYST)
    items = needs_attention(user=analyst, year=ReportingYear(2025), now=MONDAY_NOON)
    assert counts(items) == {
        "Complaints with an overdue step": 1,  # C1
        "Hazard cases with an overdue Awaab's Law deadline": 1,  # aware 10 Nov
        "Flags past their follow-up date": 1,  # due 14 Nov, not followed up
        "Datasets whose latest import failed": 2,  # homes, complaints
        "Data-quality warnings for 2025/26": 2,  # H1 not assessed; K-bad's dates
    }
    by_label = {item.label: item for item in items}
    assert by_label["Datasets whose latest import failed"].note == (
        "Complaints, Homes: rejected or did not finish.")
    assert by_label["Data-quality warnings for 2025/26"].note == "2 records to put right."
    assert by_label["Data-quality warnings for 2025/26"].url == "/measures/?year=2025%2F26"
    assert by_label["Hazard cases with an overdue Awaab's Law deadline"].url == (
        "/hazards/?clock=overdue")
    administrator = person(Role.ADMINISTRATOR, username="admin")
    assert counts(needs_attention(user=administrator, year=ReportingYear(2025),
                                  now=MONDAY_NOON)) == counts(items)


def test_it_shows_the_analyst_the_items_with_their_links(client, landlord_wide):
    analyst = person(Role.ANALYST)
    client.force_login(analyst)
    html = client.get("/").content.decode()
    text = text_of(html)
    assert "Datasets whose latest import failed Complaints, Homes: rejected or did not " \
           "finish. 2 Import history" in text
    assert 'href="/imports/history/"' in html
    assert "The year's measures" in text  # the year figures stay


# Service manager ----------------------------------------------------------------------------


def test_it_gives_a_service_manager_their_areas_figures(people, repairs, asb, safety):  # noqa: F811
    items = needs_attention(user=people["north"], now=uk(2026, 3, 31, 12))
    assert counts(items) == {
        "Open repairs past their target": 2,  # R1, R6 (R4's target is in 2099)
        "Open anti-social behaviour cases": 2,  # A1, A4
        "Safety checks required with no valid check": 2,  # Q2, Q3 on 31 March 2026
        "Hazard cases with an overdue Awaab's Law deadline": 0,
    }
    assert counts(needs_attention(user=people["south"], now=uk(2026, 3, 31, 12))) == {
        "Open repairs past their target": 1,  # R5 (R4 is not late)
        "Open anti-social behaviour cases": 1,  # A3
        "Safety checks required with no valid check": 1,  # Q5
        "Hazard cases with an overdue Awaab's Law deadline": 0,
    }


def test_it_links_the_managers_figures_to_the_lists_behind_them(
        client, people, repairs, asb):  # noqa: F811
    client.force_login(people["north"])
    html = client.get("/").content.decode()
    text = text_of(html)
    assert "Open repairs past their target 2 These repairs" in text
    assert "Open anti-social behaviour cases 2 These cases" in text
    assert 'href="/repairs/?status=open&amp;target=late"' in html
    assert 'href="/asb/?state=open"' in html
    # Following the link lists exactly the records counted.
    listed = text_of(client.get("/repairs/?status=open&target=late").content)
    assert "Repairs matching these filters: 2" in listed


def test_it_gives_board_and_panel_members_no_casework(client, people):  # noqa: F811
    board = person(Role.BOARD_MEMBER)
    assert needs_attention(user=board) == []
    assert needs_attention(user=people["panel"]) == []
    assert "Needs your attention" not in home_page(client, people["panel"])
