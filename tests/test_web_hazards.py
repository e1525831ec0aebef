"""Hazard cases in the browser: opened from a report, a repair or a flagged comment; every
clock on the case page with its status in words; each step through its form with its log
entry; who sees what; overdue hazards at the top of the home page.

Clocks worked by hand (England's calendar; GMT in November):
- Emergency, aware Fri 7 Nov 2025 18:00 -> made safe by Sat 8 Nov 2025 18:00 (24 hours,
  through the weekend).
- Damp and mould, aware Mon 3 Nov 2025 -> investigate by day 10 = Mon 17 Nov (the spec's
  example); investigation concluded Wed 12 Nov -> summary by day 3 = Mon 17 Nov, safety
  work and further works by day 5 = Wed 19 Nov.
"""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doorstep.accounts.testing import cast
from doorstep.core.periods import UK
from doorstep.hazards import services
from doorstep.hazards.models import HazardCase
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment, SurveyResponse
from doorstep.voice.models import CodedComment, HazardFlag
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    people = cast(manager_areas=("North",))
    people["service_manager"].first_name = "Sam"
    people["service_manager"].last_name = "Shaw"
    people["service_manager"].save()
    return people


@pytest.fixture
def homes():
    return {
        "N1": Home.objects.create(home_ref="N1", tenure="LCRA", area="North"),
        "S1": Home.objects.create(home_ref="S1", tenure="LCRA", area="South"),
    }


def uk(*parts) -> datetime:
    return datetime(*parts, tzinfo=UK)


def damp_repair(ref: str, home: Home, reported: datetime) -> Repair:
    return Repair.objects.create(
        repair_ref=ref, home=home, reported_at=reported, priority="non_emergency",
        target_at=reported, status="open", repair_type="responsive", category="damp_mould",
        description="Black mould on the bedroom ceiling")


def page(client, user, url) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(url)
    return response.status_code, text_of(response.content)


def post(client, user, url, data) -> tuple[int, str]:
    client.force_login(user)
    response = client.post(url, data, follow=True)
    return response.status_code, text_of(response.content)


def actions(case) -> list[str]:
    return list(case.activity.order_by("at", "pk").values_list("action", flat=True))


def test_it_opens_an_emergency_case_from_a_report_and_runs_its_24_hour_clock(
    client, people, homes
):
    manager = people["service_manager"]
    status, text = post(client, manager, "/hazards/open/", {
        "kind": "emergency", "aware_on": "2025-11-07", "aware_time": "18:00",
        "home_ref": "N1", "description": "Exposed live wires in the hallway",
    })
    case = HazardCase.objects.get()
    assert status == 200
    assert f"Hazard case {case.hazard_ref} opened" in text
    assert ("Investigate and make safe Sat 8 Nov 2025, 18:00 GMT Overdue Overdue: was due by "
            "Sat 8 Nov 2025 at 18:00 GMT") in text
    assert ("Emergency hazard case opened from a report; aware Fri 7 Nov 2025 at 18:00 GMT"
            ) in text

    status, text = post(client, manager, f"/hazards/case/{case.hazard_ref}/made-safe/",
                        {"on": "2025-11-08", "time": "17:00"})
    assert ("Investigate and make safe Sat 8 Nov 2025, 18:00 GMT Met Made safe Sat 8 Nov 2025 "
            "at 17:00 GMT, in time (due by Sat 8 Nov 2025 at 18:00 GMT)") in text
    assert "Investigated and made safe Sat 8 Nov 2025 at 17:00 GMT" in text
    assert actions(case) == ["opened", "made_safe"]


def test_it_works_a_damp_and_mould_case_from_a_repair_with_every_clock_visible(
    client, people, homes
):
    admin = people["administrator"]
    damp_repair("R1", homes["N1"], uk(2025, 11, 3, 9))
    # The phrase rules fill in the form: category damp_mould, "mould" in the description.
    text = page(client, admin, "/hazards/open/repair/R1/")[1]
    assert 'The words “Damp and mould, mould” suggest this hazard' in text
    status, text = post(client, admin, "/hazards/open/repair/R1/",
                        {"kind": "significant", "hazard": "damp_mould"})
    case = HazardCase.objects.get()
    assert case.source == "repair" and case.home == homes["N1"]
    assert (case.kind, case.hazard_id, case.timescales_apply) == (
        "significant", "damp_mould", True)
    assert ("On Awaab's Law timescales. The rule when the case was opened: Significant hazard "
            "timescales in force from Mon 27 Oct 2025 for damp and mould growth.") in text
    assert "Investigate Mon 17 Nov 2025 Overdue Overdue: was due by Mon 17 Nov 2025" in text
    assert ("Written summary of findings to the tenant Not set yet Not started Waiting: this "
            "clock starts when the investigation concludes") in text

    url = f"/hazards/case/{case.hazard_ref}/"
    steps = [
        ("investigation", {"concluded_on": "2025-11-12", "findings": "Condensation; extractor "
                           "fan broken", "further_works_needed": "yes"}, "investigated"),
        ("summary-sent", {"on": "2025-11-14"}, "summary_sent"),
        ("safety-work", {"on": "2025-11-20"}, "safety_work_done"),
        ("alternative-accommodation", {"on": "2025-11-13", "note": "Hotel for two nights"},
         "alternative_accommodation_offered"),
        ("further-works-started", {"on": "2025-11-19"}, "further_works_started"),
        ("close", {"on": "2025-12-01", "note": "Works complete and inspected"}, "closed"),
    ]
    for step, data, action in steps:
        status, text = post(client, admin, url + f"{step}/", data)
        assert "There is a problem" not in text, (step, text[:500])
        assert actions(case)[-1] == action, step

    assert "Investigate Mon 17 Nov 2025 Met Done Wed 12 Nov 2025, in time" in text
    assert ("Written summary of findings to the tenant Mon 17 Nov 2025 Met Done Fri 14 Nov "
            "2025, in time (due by Mon 17 Nov 2025)") in text
    # Due Wed 19 Nov, done Thu 20 Nov: one working day late.
    assert ("Safety work Wed 19 Nov 2025 Missed Done Thu 20 Nov 2025, 1 working day late "
            "(due by Wed 19 Nov 2025)") in text
    assert "Further works begun Wed 19 Nov 2025 Met" in text
    assert "Alternative accommodation offered on Thu 13 Nov 2025: Hotel for two nights." in text
    assert "closed on Mon 1 Dec 2025" in text
    assert "What you can do" not in text  # a closed case takes no more steps


def test_it_opens_a_case_from_a_flagged_comment_and_marks_the_flag(client, people, homes):
    response = SurveyResponse.objects.create(
        response_ref="V1", home=homes["N1"], tenure="LCRA", completed_on=date(2025, 11, 1),
        channel="online")
    comment = Comment.objects.create(response=response, text="Mould all over the nursery")
    coded = CodedComment.objects.create(
        source="survey", survey_comment=comment, home=homes["N1"], text=comment.text,
        redacted_text=comment.text, sentiment="negative")
    flag = HazardFlag.objects.create(coded_comment=coded, kind="damp_mould",
                                     flagged_on=date(2025, 11, 4), follow_up_by=date(2025, 11, 5))
    admin = people["administrator"]

    text = page(client, admin, "/hazards/")[1]
    assert "Damp and mould growth N1 Tue 4 Nov 2025 Wed 5 Nov 2025 Open a case" in text
    # The flag's kind is a hazard code: the form starts from it.
    html = client.get(f"/hazards/open/comment/{flag.pk}/").content.decode()
    assert '<option value="damp_mould" selected>' in html

    status, text = post(client, admin, f"/hazards/open/comment/{flag.pk}/", {
        "kind": "significant", "hazard": "damp_mould", "aware_on": "2025-11-04",
        "aware_time": "10:30"})
    case = HazardCase.objects.get()
    flag.refresh_from_db()
    assert (case.source, case.comment, case.home) == ("comment", comment, homes["N1"])
    assert flag.hazard_case_ref == case.hazard_ref
    # Aware Tue 4 Nov: day 10 = Tue 18 Nov.
    assert "Investigate Tue 18 Nov 2025" in text
    assert "No flagged comment is waiting for a case." in page(client, admin, "/hazards/")[1]


def test_it_refuses_a_step_the_case_does_not_allow_in_plain_english(client, people, homes):
    case = services.open_hazard_case(by=people["administrator"], kind="emergency",
                                     aware_at=uk(2025, 11, 7, 18), home=homes["N1"])
    status, text = post(client, people["administrator"],
                        f"/hazards/case/{case.hazard_ref}/made-safe/",
                        {"on": "2025-11-07", "time": "17:00"})
    assert "There is a problem" in text
    assert "It cannot have been made safe before the landlord was aware of it" in text
    assert actions(case) == ["opened"]

    status, text = post(client, people["administrator"], "/hazards/open/", {
        "kind": "", "aware_on": "2025-11-07", "aware_time": "25:00", "home_ref": "S9"})
    assert "Select whether it is an emergency or a significant hazard" in text
    assert "The time we became aware must be a real time, like 14:30" in text
    assert "There is no home S9 that you can see: check the reference" in text
    assert "Describe the hazard" in text


def test_it_shows_hazard_cases_only_to_those_who_see_repairs_and_their_areas(
    client, people, homes
):
    north = services.open_hazard_case(by=None, kind="emergency", aware_at=uk(2025, 11, 7, 18),
                                      home=homes["N1"], description="Gas smell")
    south = services.open_hazard_case(by=None, kind="emergency", aware_at=uk(2025, 11, 7, 18),
                                      home=homes["S1"], description="Live wires")
    manager, analyst = people["service_manager"], people["analyst"]

    text = page(client, manager, "/hazards/")[1]
    assert north.hazard_ref in text and south.hazard_ref not in text
    assert page(client, manager, f"/hazards/case/{south.hazard_ref}/")[0] == 404

    status, text = page(client, analyst, f"/hazards/case/{north.hazard_ref}/")
    assert status == 200 and "Gas smell" in text and "What you can do" not in text
    status, text = post(client, analyst, f"/hazards/case/{north.hazard_ref}/close/",
                        {"on": "2025-11-10", "note": "x"})
    assert status == 403
    assert "does not include permission to work hazard cases" in text

    for role in ("complaints_handler", "panel_member", "board_member", "engagement_officer"):
        status, text = page(client, people[role], f"/hazards/case/{north.hazard_ref}/")
        assert status == 404, role
        assert "Gas smell" not in text
        assert page(client, people[role], "/hazards/")[0] == 403


def test_it_puts_overdue_hazards_at_the_top_of_the_home_page(client, people, homes):
    case = services.open_hazard_case(by=None, kind="emergency", aware_at=uk(2025, 11, 7, 18),
                                     home=homes["N1"])
    client.force_login(people["service_manager"])
    html = client.get("/").content
    text = text_of(html)
    assert ("Overdue hazards: 1 These hazard cases have missed an Awaab's Law deadline. Act on "
            f"them first. {case.hazard_ref}, emergency hazard at N1: Investigate and make safe: "
            "Overdue: was due by Sat 8 Nov 2025 at 18:00 GMT") in text
    assert text.index("Overdue hazards") < text.index("What you can do")
    assert inline_code_in(html) == []

    for role in ("complaints_handler", "panel_member"):
        assert "Overdue hazards" not in page(client, people[role], "/")[1]


def test_it_lists_open_hazards_in_the_same_number_of_queries_however_many(
    client, people, homes
):
    def open_cases(n):
        for i in range(n):
            damp_repair(f"R{i}", homes["N1"], uk(2025, 11, 3, 9))
            services.open_from_repair(repair=Repair.objects.get(repair_ref=f"R{i}"), by=None)

    client.force_login(people["administrator"])
    open_cases(1)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/hazards/").status_code == 200
    open_cases(0)
    for i in range(1, 12):
        damp_repair(f"R{i}", homes["S1"], uk(2025, 11, 4, 9))
        services.open_from_repair(repair=Repair.objects.get(repair_ref=f"R{i}"), by=None)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/hazards/")
    assert "Open hazard cases: 12" in text_of(response.content)
    assert len(large) == len(small), [query["sql"] for query in large.captured_queries]
