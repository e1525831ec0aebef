"""Complaint casework in the browser: who sees what, every transition through its form with
its log entry, the Code's refusals shown on the form, and the queues.

Deadlines are worked by hand, skipping weekends and England's bank holidays (Good Friday
18 Apr and Easter Monday 21 Apr 2025, Early May bank holiday 5 May 2025):
received Mon 14 Apr 2025 -> acknowledge by day 5 = Wed 23 Apr (15, 16, 17, 22, 23);
acknowledged Tue 15 Apr -> respond by day 10 = Thu 1 May (16, 17, 22, 23, 24, 25, 28, 29,
30, 1 May).
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from doorstep.accounts.models import Role
from doorstep.accounts.testing import cast, person
from doorstep.complaints import services
from doorstep.complaints.models import Complaint, ComplaintActivity, ComplaintTeam, RootCause
from doorstep.core.workdays import england_calendar
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db

RECEIVED = date(2025, 4, 14)


@pytest.fixture
def people():
    people = cast(manager_areas=("North",))
    handler = people["complaints_handler"]
    handler.first_name, handler.last_name = "Alice", "Archer"
    handler.save()
    people["second_handler"] = person(Role.COMPLAINTS_HANDLER, username="bea",
                                      first_name="Bea", last_name="Bell")
    return people


@pytest.fixture
def homes():
    return {
        "N1": Home.objects.create(home_ref="N1", tenure="LCRA", area="North"),
        "S1": Home.objects.create(home_ref="S1", tenure="LCHO", area="South"),
    }


def logged(people, home, **extra) -> Complaint:
    facts = {"channel": "telephone", "category": "repairs",
             "description": "The mould in the bathroom came back twice"} | extra
    return services.log_complaint(by=people["complaints_handler"], home=home,
                                  received_on=facts.pop("received_on", RECEIVED), **facts)


def page(client, user, url) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(url)
    return response.status_code, text_of(response.content)


def post(client, user, url, data) -> tuple[int, str]:
    client.force_login(user)
    response = client.post(url, data, follow=True)
    return response.status_code, text_of(response.content)


def case_url(complaint, step="") -> str:
    return f"/complaints/case/{complaint.complaint_ref}/" + (f"{step}/" if step else "")


def actions(complaint) -> list[str]:
    return list(ComplaintActivity.objects.filter(complaint=complaint)
                .order_by("at", "pk").values_list("action", flat=True))


# --- who sees what ----------------------------------------------------------------------


def test_it_shows_a_handler_the_case_with_every_deadline_and_its_status_in_words(
    client, people, homes
):
    complaint = logged(people, homes["N1"])
    services.acknowledge(complaint=complaint, by=people["complaints_handler"],
                         on=date(2025, 4, 15))
    services.respond_at_stage1(complaint=complaint, by=people["complaints_handler"],
                               on=date(2025, 5, 1), outcome="upheld")

    status, text = page(client, people["complaints_handler"], case_url(complaint))

    assert status == 200
    assert "Stage 1: Within the Code's timescales." in text
    assert ("Stage 1 acknowledgement Wed 23 Apr 2025 Met Acknowledged on Tue 15 Apr 2025, "
            "in time (due by Wed 23 Apr 2025)") in text
    assert ("Stage 1 response Thu 1 May 2025 Met Responded to on Thu 1 May 2025, in time "
            "(due by Thu 1 May 2025)") in text
    assert "The mould in the bathroom came back twice" in text
    assert "Stage 1 acknowledged on Tue 15 Apr 2025" in text  # the activity log
    assert "Escalate to stage 2" in text  # what the handler can do next
    assert inline_code_in(client.get(case_url(complaint)).content) == []


def test_it_lets_an_analyst_read_a_case_but_not_change_it(client, people, homes):
    complaint = logged(people, homes["N1"])

    status, text = page(client, people["analyst"], case_url(complaint))
    assert status == 200
    assert "The mould in the bathroom came back twice" in text
    assert "What you can do" not in text

    status, text = post(client, people["analyst"], case_url(complaint, "acknowledge"),
                        {"on": "2025-04-15"})
    assert status == 403
    assert "does not include permission to handle complaints" in text
    assert actions(complaint) == ["logged"]


def test_it_shows_a_service_manager_the_complaints_of_their_area_only(client, people, homes):
    north, south = logged(people, homes["N1"]), logged(people, homes["S1"])
    manager = people["service_manager"]

    assert page(client, manager, case_url(north))[0] == 200
    status, text = page(client, manager, case_url(south))
    assert status == 404
    assert "The mould in the bathroom" not in text
    # Reads, does not handle: no forms offered, and a form refused.
    assert "What you can do" not in page(client, manager, case_url(north))[1]
    assert page(client, manager, case_url(north, "acknowledge"))[0] == 403


def test_it_shows_a_panel_member_none_of_the_personal_details(client, people, homes):
    complaint = logged(people, homes["N1"])
    for role in ("panel_member", "board_member", "engagement_officer", "no_role"):
        status, text = page(client, people[role], case_url(complaint))
        assert status == 404, role
        assert "mould in the bathroom" not in text and "N1" not in text
        status, text = page(client, people[role], "/complaints/")
        assert status == 403, role
        assert "does not include permission to see complaints" in text
        assert complaint.complaint_ref not in text


def test_it_answers_a_case_that_does_not_exist_as_one_that_is_not_yours(client, people):
    status, text = page(client, people["administrator"], "/complaints/case/NOPE/")
    assert status == 404
    assert "There is no such page, or it shows something your role cannot see." in text


# --- logging a complaint ----------------------------------------------------------------


def test_it_logs_a_complaint_raised_from_a_repair_with_the_guidance_on_the_form(
    client, people, homes
):
    repair = Repair.objects.create(
        repair_ref="R9", home=homes["N1"], reported_at=timezone.now(), priority="routine",
        target_at=timezone.now(), status="open", repair_type="responsive")
    handler = people["complaints_handler"]

    status, text = page(client, handler, "/complaints/new/?repair=R9")
    assert status == 200
    assert "Is it a complaint or a service request?" in text
    assert "A service request is a request to put something right" in text
    assert 'value="R9"' in client.get("/complaints/new/?repair=R9").content.decode()

    status, text = post(client, handler, "/complaints/new/", {
        "received_on": "2025-04-14", "channel": "online", "category": "repairs",
        "description": "Nobody came to fix the leak", "repair_ref": "R9",
    })
    complaint = Complaint.objects.get(service_request_repair=repair)
    assert status == 200
    assert f"Complaint {complaint.complaint_ref} logged" in text
    # The home and tenure come from the repair's home.
    assert (complaint.home, complaint.tenure, complaint.channel) == (homes["N1"], "LCRA",
                                                                     "online")
    assert "Complaint logged: received Mon 14 Apr 2025 by online form" in text
    assert actions(complaint) == ["logged"]


def test_it_explains_what_is_missing_when_a_complaint_cannot_be_logged(client, people):
    status, text = post(client, people["complaints_handler"], "/complaints/new/", {
        "received_on": "31/02/2025", "category": "repairs", "description": "x",
        "home_ref": "NOWHERE",
    })
    assert status == 200
    assert text.startswith("Error:") or "There is a problem" in text
    assert "The date the complaint was received must be a real date, like 27/03/2025" in text
    assert "Select how the complaint was made" in text
    assert "There is no home NOWHERE that you can see: check the reference" in text
    assert Complaint.objects.count() == 0


def test_it_refuses_a_complaint_received_in_the_future_in_plain_english(client, people, homes):
    tomorrow = date.fromordinal(timezone.localdate().toordinal() + 1)
    status, text = post(client, people["complaints_handler"], "/complaints/new/", {
        "received_on": tomorrow.isoformat(), "channel": "email", "category": "repairs",
        "description": "x", "home_ref": "N1",
    })
    assert status == 200
    assert f"The date the complaint was received ({tomorrow:%a} {tomorrow.day} " in text
    assert "is in the future" in text
    assert Complaint.objects.count() == 0


# --- every transition through its form --------------------------------------------------


def test_it_works_a_complaint_through_both_stages_with_a_log_entry_for_each_step(
    client, people, homes
):
    alice, bea = people["complaints_handler"], people["second_handler"]
    team = ComplaintTeam.objects.create(name="Resolution North")
    complaint = logged(people, homes["N1"], stage1_handler=alice)
    steps = [
        ("acknowledge", {"on": "2025-04-15"}, "stage1_acknowledged",
         "Stage 1 acknowledged on Tue 15 Apr 2025"),
        # Thu 1 May + 5 working days (2, 6, 7, 8, 9 May; 5 May a bank holiday) = Fri 9 May.
        ("extend", {"working_days": "5", "reason": "Waiting for the surveyor's report",
                    "notified_on": "2025-04-30"}, "stage1_extended",
         "Stage 1 response extended by 5 working days to Fri 9 May 2025; the resident was "
         "told on Wed 30 Apr 2025. Reason: Waiting for the surveyor's report"),
        ("respond", {"on": "2025-05-09", "outcome": "partly_upheld"}, "stage1_responded",
         "Stage 1 response given on Fri 9 May 2025: partly upheld"),
        ("escalate", {"requested_on": "2025-05-12", "reason": "Still damp"}, "escalated",
         "Escalated to stage 2 at the resident's request of Mon 12 May 2025"),
        ("stage-2-handler", {"handler": str(bea.pk)}, "stage2_handler_assigned",
         "Stage 2 handler: Bea Bell"),
        ("acknowledge", {"on": "2025-05-13"}, "stage2_acknowledged",
         "Stage 2 acknowledged on Tue 13 May 2025"),
        ("final-response", {"on": "2025-06-02", "outcome": "upheld"}, "stage2_responded",
         "Stage 2 response given on Mon 2 Jun 2025: upheld"),
        ("remedy", {"remedies": "Apology and mould wash", "compensation_gbp": "150.00"},
         "remedy_recorded", "Remedy recorded; compensation £150.00"),
        ("learning", {"root_cause": str(RootCause.objects.get(code="repair_not_right").pk),
                      "learning": "Book a check visit"},
         "learning_recorded", "Learning recorded: root cause Repair not put right first time"),
        ("team", {"team": str(team.pk)}, "team_assigned", "Team: Resolution North"),
    ]
    for step, data, action, summary in steps:
        status, text = post(client, alice, case_url(complaint, step), data)
        assert status == 200, step
        assert "There is a problem" not in text, (step, text[:600])
        assert actions(complaint)[-1] == action
        assert summary in text, step  # the case page's activity log shows it

    complaint.refresh_from_db()
    assert (complaint.stage1_outcome, complaint.stage2_outcome) == ("partly_upheld", "upheld")
    assert complaint.stage2_handler == bea
    # Stage 2: escalated Mon 12 May, acknowledged Tue 13 May (day 1 of 5: in time); respond
    # by day 20 from 13 May = Wed 11 Jun (26 May a bank holiday); answered Mon 2 Jun.
    text = page(client, alice, case_url(complaint))[1]
    assert "Stage 2: Within the Code's timescales." in text
    assert "Stage 2 response Wed 11 Jun 2025 Met" in text
    assert "Compensation £150.00" in text


def test_it_records_a_withdrawal_and_then_offers_no_more_deadlines(client, people, homes):
    complaint = logged(people, homes["N1"])
    status, text = post(client, people["administrator"], case_url(complaint, "withdraw"),
                        {"on": "2025-04-16", "reason": "Sorted out with the contractor"})
    assert status == 200
    assert ("Withdrawn by the resident on Wed 16 Apr 2025. Reason: Sorted out with the "
            "contractor") in text
    assert "Stage 1: Withdrawn before a response." in text
    assert "Not needed: the complaint was withdrawn on Wed 16 Apr 2025" in text
    assert "Record the acknowledgement" not in text
    assert actions(complaint) == ["logged", "withdrawn"]


def test_it_refuses_the_stage_1_handler_for_stage_2_with_a_clear_error(client, people, homes):
    alice = people["complaints_handler"]
    complaint = logged(people, homes["N1"], stage1_handler=alice)
    services.respond_at_stage1(complaint=complaint, by=alice, on=date(2025, 4, 30),
                               outcome="not_upheld")
    services.escalate(complaint=complaint, by=alice, requested_on=date(2025, 5, 6))

    status, text = post(client, alice, case_url(complaint, "stage-2-handler"),
                        {"handler": str(alice.pk)})

    assert status == 200
    assert "There is a problem" in text
    assert ("Alice Archer handled stage 1. The Complaint Handling Code requires the stage 2 "
            "response to come from someone else: choose another handler.") in text
    complaint.refresh_from_db()
    assert complaint.stage2_handler is None
    assert actions(complaint) == ["logged", "stage1_responded", "escalated"]


def test_it_refuses_an_extension_beyond_the_codes_limit_saying_how_much_is_left(
    client, people, homes
):
    alice = people["complaints_handler"]
    complaint = logged(people, homes["N1"])
    services.extend(complaint=complaint, by=alice, working_days=6, reason="Surveyor",
                    notified_on=date(2025, 4, 20))

    status, text = post(client, alice, case_url(complaint, "extend"), {
        "working_days": "5", "reason": "Contractor", "notified_on": "2025-04-28"})

    assert status == 200
    # 6 already + 5 = 11 > 10: at most 4 more.
    assert ("A stage 1 extension can be at most 10 working days under the Complaint Handling "
            "Code. This complaint already has 6, so at most 4 more can be given.") in text
    complaint.refresh_from_db()
    assert complaint.stage1_extension_days == 6
    assert actions(complaint) == ["logged", "stage1_extended"]


def test_it_asks_for_each_missing_answer_on_a_transition_form(client, people, homes):
    complaint = logged(people, homes["N1"])
    status, text = post(client, people["complaints_handler"], case_url(complaint, "respond"),
                        {"on": ""})
    assert status == 200
    assert "Error: Enter the date the response was sent" in text
    assert "Error: Select the outcome" in text
    assert actions(complaint) == ["logged"]


# --- queues -----------------------------------------------------------------------------


def queue_of(*, people, homes, extra_overdue=0) -> None:
    """Overdue: one complaint per extra, plus C-OLD, all received 14 Apr 2025, never
    acknowledged (due by Wed 23 Apr 2025). Due soon: C-NEW, received today."""
    alice = people["complaints_handler"]
    team = ComplaintTeam.objects.create(name="Resolution North")
    logged(people, homes["N1"], complaint_ref="C-OLD", stage1_handler=alice, team=team)
    for n in range(extra_overdue):
        logged(people, homes["N1"], complaint_ref=f"C-X{n}", stage1_handler=alice, team=team)
    logged(people, homes["S1"], complaint_ref="C-NEW", received_on=timezone.localdate())


def test_it_lists_overdue_and_due_soon_complaints_by_handler_and_by_team(
    client, people, homes
):
    queue_of(people=people, homes=homes)
    today = timezone.localdate()
    due = england_calendar().add_working_days(today, 5)

    # Received today: acknowledgement due in 5 working days, so due soon within 5.
    status, text = page(client, people["complaints_handler"], "/complaints/?within=5")
    assert status == 200
    assert "1 overdue 1 due soon 0 open, due later" in text
    assert ("Alice Archer: 1 complaint Complaint Next deadline Status Where it stands Area "
            "Team C-OLD Stage 1 acknowledgement Overdue Overdue: was due by Wed 23 Apr 2025"
            ) in text
    assert (f"Not assigned: 1 complaint Complaint Next deadline Status Where it stands Area "
            f"Team C-NEW Stage 1 acknowledgement Due Due by {due:%a} {due.day} {due:%b %Y} "
            "(5 working days left) South No team") in text

    text = page(client, people["complaints_handler"], "/complaints/?group=team&within=5")[1]
    assert "Resolution North: 1 complaint" in text
    assert "No team" in text or "Not assigned: 1 complaint" in text

    # Within the default 2 working days, the new complaint is not due soon yet.
    text = page(client, people["complaints_handler"], "/complaints/")[1]
    assert "1 overdue 0 due soon 1 open, due later" in text


def test_it_keeps_another_areas_complaints_out_of_a_managers_queue(client, people, homes):
    queue_of(people=people, homes=homes)
    text = page(client, people["service_manager"], "/complaints/?within=5")[1]
    assert "C-OLD" in text
    assert "C-NEW" not in text  # South
    assert "1 overdue 0 due soon 0 open, due later" in text


def test_it_finds_a_complaint_by_reference_or_says_it_cannot(client, people, homes):
    complaint = logged(people, homes["N1"], complaint_ref="C-FIND")
    client.force_login(people["analyst"])
    response = client.get("/complaints/?ref=C-FIND")
    assert response.status_code == 302
    assert response["Location"] == case_url(complaint)
    text = page(client, people["service_manager"], "/complaints/?ref=C-NOPE")[1]
    assert "There is no complaint C-NOPE that you can see: check the reference" in text


def test_it_builds_the_queue_in_the_same_number_of_queries_however_long(
    client, people, homes
):
    client.force_login(people["complaints_handler"])
    queue_of(people=people, homes=homes)
    with CaptureQueriesContext(connection) as small:
        client.get("/complaints/?within=5")
    ComplaintActivity.objects.all().delete()
    Complaint.objects.all().delete()
    ComplaintTeam.objects.all().delete()
    queue_of(people=people, homes=homes, extra_overdue=12)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/complaints/?within=5")
    assert "13 overdue" in text_of(response.content)
    assert len(large) == len(small), [query["sql"] for query in large.captured_queries]
