"""Improvement action screens: every page for every role, the plan's filters and
downloads, each form through its service, and "What we are doing about it" on the measure
and theme pages.

Roles: administrators and analysts see and change every action; a service manager for the
North sees the North's and the landlord-wide actions and changes only the North's; board
members, complaints handlers and engagement officers read the plan; a panel member sees the
residents' summary only; a sign-in with no role sees nothing.
"""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from doorstep.accounts.testing import cast
from doorstep.actions import services
from doorstep.actions.models import Action, ActionStatus, Involvement
from doorstep.complaints.models import Complaint
from doorstep.voice.models import Theme, ThemeFramework
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db

READERS = ("administrator", "analyst", "service_manager", "complaints_handler",
           "engagement_officer", "board_member")
CHANGERS = ("administrator", "analyst", "service_manager")


@pytest.fixture
def people():
    return cast(manager_areas=("North",))


@pytest.fixture
def plan(people):
    analyst = people["analyst"]
    north = services.create_action(
        by=analyst, action_ref="A-1", title="Fix repairs first time in the North",
        why="Internal note: contractor X is failing", measure_code="RP02-1",
        group_kind="area", group_value="North", summary_for_residents="We are making sure "
        "repairs in the North are fixed on the first visit.", involvement=Involvement.CONSULTED,
        due_on=date(2026, 1, 31),
    )
    services.agree_action(action=north, by=analyst, agreed_on=date(2025, 4, 1))
    services.add_milestone(action=north, by=analyst, title="Second repairs team in post")
    south = services.create_action(
        by=analyst, action_ref="A-2", title="=HYPERLINK(\"http://evil\")", area="South",
        summary_for_residents="South estates: better cleaning.", measure_code="TP10",
    )
    services.agree_action(action=south, by=analyst, agreed_on=date(2025, 5, 1))
    whole = services.create_action(
        by=analyst, action_ref="A-3", title="Answer complaints on time", measure_code="CH02-1",
        summary_for_residents="",
    )
    return {"north": north, "south": south, "whole": whole}


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data, follow=True)


# --- access on every page ----------------------------------------------------------------


PAGES = ["/actions/", "/actions/A-1/", "/actions/new/", "/actions/A-1/edit/",
         "/actions/A-1/start/", "/actions/A-1/done/", "/actions/A-1/drop/",
         "/actions/A-1/deadline/", "/actions/A-1/milestones/new/", "/actions/A-3/agree/",
         "/actions/A-1/milestones/{milestone}/done/", "/actions/?export=csv"]

# Expected status for each role on each page above.
EXPECTED = {
    "administrator": [200] * 12,
    "analyst": [200] * 12,
    # A-1 is the North's; A-3 is landlord-wide: readable, not changeable by a North manager.
    "service_manager": [200, 200, 200, 200, 200, 200, 200, 200, 200, 403, 200, 200],
    "complaints_handler": [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    "engagement_officer": [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    "board_member": [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    # The panel sees the summary of A-1 (it has one and is agreed); changing: 403. The
    # "download" is the summaries page: the panel gets no spreadsheet of the plan.
    "panel_member": [200, 200, 403, 403, 403, 403, 403, 403, 403, 404, 403, 200],
    # No role: refused outright where no action is named, "no such action" where one is.
    "no_role": [403, 403, 403, 404, 404, 404, 404, 404, 404, 404, 404, 403],
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_it_opens_each_page_only_to_the_roles_that_may_use_it(client, people, plan, role):
    milestone = plan["north"].milestones.get().pk
    statuses = [get(client, people[role], url.format(milestone=milestone)).status_code
                for url in PAGES]
    assert statuses == EXPECTED[role]


def test_it_sends_a_signed_out_visitor_to_sign_in(client, plan):
    response = client.get("/actions/")
    assert response.status_code == 302 and "/sign-in" in response["Location"]


def test_it_hides_another_areas_action_from_a_limited_service_manager(client, people, plan):
    manager = people["service_manager"]
    assert get(client, manager, "/actions/A-2/").status_code == 404
    listed = text_of(get(client, manager, "/actions/").content)
    assert "A-1" in listed and "A-3" in listed and "A-2" not in listed


def test_it_shows_a_panel_member_the_residents_summary_only(client, people, plan):
    panel = people["panel_member"]
    assert get(client, panel, "/actions/?export=csv")["Content-Type"].startswith("text/html")
    listed = text_of(get(client, panel, "/actions/").content)
    one = text_of(get(client, panel, "/actions/A-1/").content)
    assert "fixed on the first visit" in listed and "South estates" in listed
    assert "contractor X" not in listed + one and "Fix repairs first time" not in listed + one
    # A-3 has no residents' summary: the panel does not see it at all.
    assert "A-3" not in listed
    assert get(client, panel, "/actions/A-3/").status_code == 404


def test_it_shows_a_board_member_everything_and_no_way_to_change_it(client, people, plan):
    body = get(client, people["board_member"], "/actions/A-1/").content.decode()
    assert "contractor X" in body
    assert "/actions/A-1/edit/" not in body and "Add a milestone" not in body
    assert post(client, people["board_member"], "/actions/A-1/start/", {}).status_code == 403
    assert Action.objects.get(action_ref="A-1").status == ActionStatus.AGREED


# --- the plan, its filters and downloads --------------------------------------------------


def test_it_filters_the_plan_by_measure_area_status_and_overdue(client, people, plan):
    analyst = people["analyst"]

    def listed(query):
        text = text_of(get(client, analyst, f"/actions/?{query}").content)
        return [ref for ref in ("A-1", "A-2", "A-3") if f"{ref} " in text or f"{ref}\n" in text]

    assert listed("measure=RP02-1") == ["A-1"]
    assert listed("area=South") == ["A-2"]
    assert listed("area=-") == ["A-3"]
    assert listed("status=proposed") == ["A-3"]
    # A-1 was due on 31 January 2026 and is still open: overdue.
    assert listed("overdue=on") == ["A-1"]


def test_it_filters_by_owner_and_theme(client, people, plan):
    framework = ThemeFramework.objects.filter(is_active=True).first()
    if framework is None:
        framework = ThemeFramework.objects.create(name="Test", version=99, is_active=True)
    theme = Theme.objects.create(framework=framework, code="repairs-first-time",
                                 label="Repairs first time", description="...", position=99)
    plan["north"].themes.add(theme)
    services.update_action(action=plan["south"], by=people["analyst"],
                           owner=people["service_manager"])
    text = text_of(get(client, people["analyst"], "/actions/?theme=repairs-first-time").content)
    assert "A-1" in text and "A-2" not in text
    owner = f"user:{people['service_manager'].pk}"
    text = text_of(get(client, people["analyst"], f"/actions/?owner={owner}").content)
    assert "A-2" in text and "A-1" not in text


def test_it_downloads_the_plan_with_formulas_defused(client, people, plan):
    analyst = people["analyst"]
    csv_text = get(client, analyst, "/actions/?export=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[0][:3] == ["action_ref", "title", "status"]
    south = next(row for row in rows if row[0] == "A-2")
    assert south[1] == "'=HYPERLINK(\"http://evil\")"
    book = load_workbook(io.BytesIO(get(client, analyst, "/actions/?export=xlsx").content))
    cells = [[cell.value for cell in row] for row in book.active.iter_rows()]
    assert any(row[0] == "A-2" and row[1].startswith("'=") for row in cells)
    # A limited manager's download holds only what they may see.
    text = get(client, people["service_manager"], "/actions/?export=csv").content.decode()
    assert "A-2" not in text and "A-1" in text


# --- the forms ---------------------------------------------------------------------------


def test_it_adds_an_action_through_the_form_and_logs_it(client, people, plan):
    Complaint.objects.create(complaint_ref="C-9", tenure="LCRA", received_on=date(2025, 5, 1))
    response = post(client, people["analyst"], "/actions/new/", {
        "title": "Call back within a day", "measure_code": "CH02-1", "tenure": "combined",
        "involvement": "co_produced", "summary_for_residents": "We will call you back.",
        "complaint_refs": "C-9", "due_on": "2026-03-31",
    })
    assert response.status_code == 200
    made = Action.objects.get(title="Call back within a day")
    assert made.action_ref == "A-4"  # after
    assert (made.tenure, made.original_due_on) == ("combined", date(2026, 3, 31))
    assert list(made.complaints.values_list("complaint_ref", flat=True)) == ["C-9"]
    assert made.activity.get().action == "created"


def test_it_links_survey_comments_by_their_number_and_keeps_links_others_cannot_see(
    client, people, plan
):
    from doorstep.stock.models import Home
    from doorstep.surveys.models import Comment, SurveyResponse
    from doorstep.voice.models import CodedComment

    coded = {}
    for area in ("North", "South"):
        home = Home.objects.create(home_ref=f"H-{area}", tenure="LCRA", area=area)
        response = SurveyResponse.objects.create(response_ref=f"S-{area}", home=home,
                                                 tenure="LCRA", completed_on=date(2025, 6, 1))
        comment = Comment.objects.create(response=response, text=f"Repairs in the {area}")
        coded[area] = CodedComment.objects.create(
            source="survey", survey_comment=comment, home=home, text=comment.text,
            redacted_text=comment.text, sentiment="negative")
    a1 = plan["north"]
    form = {"title": a1.title, "measure_code": "RP02-1", "group_kind": "area",
            "group_value": "North", "involvement": "consulted"}
    post(client, people["analyst"], "/actions/A-1/edit/",
         {**form, "comment_ids": f"{coded['North'].pk}, {coded['South'].pk}"})
    assert a1.comments.count() == 2
    # The North's manager cannot read the South's comment: saving keeps its link.
    post(client, people["service_manager"], "/actions/A-1/edit/",
         {**form, "comment_ids": str(coded["North"].pk), "team": "North repairs"})
    assert a1.comments.count() == 2
    response = post(client, people["service_manager"], "/actions/A-1/edit/",
                    {**form, "comment_ids": str(coded["South"].pk)})
    assert f"no comment you can read with the number {coded['South'].pk}" in text_of(
        response.content)


def test_it_refuses_a_tenure_the_measure_is_not_reported_for(client, people, plan):
    response = post(client, people["analyst"], "/actions/new/", {
        "title": "Repairs for owners", "measure_code": "RP02-1", "tenure": "LCHO",
        "involvement": "none",
    })
    assert "RP02-1 is reported for LCRA, not LCHO" in text_of(response.content)
    assert not Action.objects.filter(title="Repairs for owners").exists()


def test_it_keeps_a_service_manager_to_their_areas_when_adding(client, people, plan):
    response = post(client, people["service_manager"], "/actions/new/", {
        "title": "Southern thing", "area": "South", "involvement": "none"})
    assert "Choose one of your areas: North" in text_of(response.content)
    post(client, people["service_manager"], "/actions/new/", {
        "title": "Northern thing", "area": "North", "involvement": "none"})
    assert Action.objects.get(title="Northern thing").area == "North"


def test_it_walks_an_action_through_every_transition(client, people, plan):
    analyst = people["analyst"]
    post(client, analyst, "/actions/A-3/agree/", {"agreed_on": "2025-04-01",
                                                  "due_on": "2025-09-30"})
    post(client, analyst, "/actions/A-3/deadline/", {"due_on": "2025-12-31",
                                                     "reason": "The contractor changed"})
    post(client, analyst, "/actions/A-3/start/", {})
    post(client, analyst, "/actions/A-3/milestones/new/", {"title": "Train the team"})
    milestone = Action.objects.get(action_ref="A-3").milestones.get()
    post(client, analyst, f"/actions/A-3/milestones/{milestone.pk}/done/",
         {"done_on": "2025-06-01"})
    response = post(client, analyst, "/actions/A-3/done/", {"done_on": "2025-11-30"})

    action = Action.objects.get(action_ref="A-3")
    assert (action.status, action.due_on, action.original_due_on, action.done_on) == (
        ActionStatus.DONE, date(2025, 12, 31), date(2025, 9, 30), date(2025, 11, 30))
    assert list(action.activity.order_by("at", "pk").values_list("action", flat=True)) == [
        "created", "agreed", "deadline_moved", "started", "milestone_added", "milestone_done",
        "done"]
    assert action.activity.get(action="deadline_moved").changes == {
        "due_on": ["2025-09-30", "2025-12-31"]}
    # Baseline on agreeing, re-measurement on done.
    assert sorted(action.measurements.values_list("kind", flat=True)) == ["after", "baseline"]
    text = text_of(response.content)
    assert "Did it work?" in text and "first due 30 Sep 2025" in text


def test_it_refuses_a_transition_the_status_does_not_allow(client, people, plan):
    response = post(client, people["analyst"], "/actions/A-3/done/", {"done_on": "2025-11-30"})
    assert "only an action that is agreed or in progress can mark it done" in text_of(
        response.content)
    response = post(client, people["analyst"], "/actions/A-1/drop/", {"reason": ""})
    assert "Enter why the action is being dropped" in text_of(response.content)


# --- on the measure and theme pages ---------------------------------------------------------


def test_it_lists_the_actions_on_the_measure_page(client, people, plan):
    text = text_of(get(client, people["analyst"], "/measures/RP02-1/").content)
    assert "What we are doing about it" in text
    assert "A-1: Fix repairs first time in the North" in text
    panel = text_of(get(client, people["panel_member"], "/measures/RP02-1/").content)
    assert "fixed on the first visit" in panel and "Fix repairs first time" not in panel


def test_it_lists_the_actions_on_the_theme_page(client, people, plan):
    framework = ThemeFramework.objects.filter(is_active=True).first()
    theme = framework.themes.first()
    plan["south"].themes.add(theme)
    text = text_of(get(client, people["analyst"], f"/voice/?theme={theme.code}").content)
    assert "What we are doing about it" in text and "A-2" in text


def test_it_escapes_free_text_and_uses_no_inline_code(client, people, plan):
    services.update_action(action=plan["north"], by=people["analyst"],
                           why="<script>alert(1)</script>")
    body = get(client, people["analyst"], "/actions/A-1/").content
    assert b"<script>alert(1)" not in body
    assert inline_code_in(body) == []


@pytest.mark.parametrize(("role", "sees"), [
    ("administrator", "title"), ("analyst", "title"), ("service_manager", "title"),
    ("complaints_handler", "title"), ("engagement_officer", "title"),
    ("board_member", "title"), ("panel_member", "summary"),
])
def test_it_shows_what_we_are_doing_on_the_measure_page_to_every_role(client, people, plan,
                                                                     role, sees):
    text = text_of(get(client, people[role], "/measures/RP02-1/").content)
    assert "What we are doing about it" in text
    assert ("Fix repairs first time in the North" in text) == (sees == "title")
    assert ("fixed on the first visit" in text) == (sees == "summary")
