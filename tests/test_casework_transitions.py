"""Complaint casework: every transition checks the state, changes the complaint and writes
the activity log; the Code's limits (extensions, a different stage 2 handler) are enforced.

Deadlines are worked by hand in the comments, skipping weekends and England's bank holidays
(Good Friday 18 Apr and Easter Monday 21 Apr 2025, 5 and 26 May 2025).

The helpers here (the cast of handlers, a home, a logged complaint) are shared by the other
``test_casework_*`` files.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from doorstep.complaints import services
from doorstep.complaints.models import Complaint, ComplaintActivity, ComplaintTeam, RootCause
from doorstep.complaints.services import CaseworkError
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home

pytestmark = pytest.mark.django_db


def make_user(username: str, first: str, last: str):
    return get_user_model().objects.create_user(
        username, email=f"{username}@example.org", first_name=first, last_name=last
    )


@pytest.fixture
def alice():
    return make_user("alice", "Alice", "Archer")


@pytest.fixture
def bob():
    return make_user("bob", "Bob", "Baker")


@pytest.fixture
def home():
    return Home.objects.create(home_ref="H1", tenure="LCRA", area="North")


def log(*, by, home=None, received_on=date(2025, 4, 14), **extra) -> Complaint:
    facts = {"channel": "telephone", "category": "repairs"}
    if home is None:
        facts["tenure"] = "LCRA"
    return services.log_complaint(by=by, home=home, received_on=received_on, **facts | extra)


def actions(complaint: Complaint) -> list[str]:
    return list(complaint.activity.order_by("at", "pk").values_list("action", flat=True))


def test_it_logs_a_complaint_with_a_reference_the_tenure_of_the_home_and_a_log_entry(
    alice, home
):
    complaint = log(by=alice, home=home, channel="email", stage1_handler=alice)

    complaint.refresh_from_db()
    assert complaint.complaint_ref == f"DS-{complaint.pk:06d}"
    assert (complaint.tenure, complaint.channel, complaint.stage1_handler) == (
        "LCRA", "email", alice
    )
    entry = complaint.activity.get()
    assert (entry.action, entry.by) == ("logged", alice)
    assert entry.summary == "Complaint logged: received Mon 14 Apr 2025 by email"
    assert entry.changes["received_on"] == [None, "2025-04-14"]
    assert entry.changes["tenure"] == [None, "LCRA"]


def test_it_keeps_the_reference_the_handler_gives_and_refuses_it_twice(alice):
    log(by=alice, complaint_ref="HMS-77")

    with pytest.raises(CaseworkError, match="There is already a complaint HMS-77"):
        log(by=alice, complaint_ref="HMS-77")
    assert Complaint.objects.filter(complaint_ref="HMS-77").count() == 1


def test_it_links_a_complaint_to_the_service_request_it_is_about(alice, home):
    repair = Repair.objects.create(
        repair_ref="R1", home=home, reported_at=datetime(2025, 3, 3, 9, tzinfo=UTC),
        priority="non_emergency", target_at=datetime(2025, 3, 31, 9, tzinfo=UTC),
        status="open",
    )
    about_repair = log(by=alice, home=home, service_request_repair=repair)
    about_other = log(by=alice, service_request_ref="ASB-12 ")

    assert list(repair.complaints.all()) == [about_repair]
    assert about_other.service_request_ref == "ASB-12"


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"channel": "pigeon"}, "'pigeon' is not a channel"),
        ({"tenure": ""}, "Say which tenure"),
        ({"received_on": date(2099, 1, 1)}, "is in the future"),
    ],
)
def test_it_refuses_a_complaint_it_cannot_log_with_a_plain_message(alice, facts, message):
    with pytest.raises(CaseworkError, match=message):
        services.log_complaint(
            by=alice, **{"channel": "letter", "tenure": "LCRA",
                         "received_on": date(2025, 4, 14)} | facts
        )
    assert not Complaint.objects.exists()


def test_it_refuses_a_tenure_that_is_not_the_homes(alice, home):
    with pytest.raises(CaseworkError, match=r"not the tenure of home H1 \(LCRA\)"):
        log(by=alice, home=home, tenure="LCHO")


def test_it_writes_the_activity_log_for_every_transition(alice, bob, home):
    team = ComplaintTeam.objects.create(name="Resolution North")
    complaint = log(by=alice, home=home, stage1_handler=alice)

    services.assign_team(complaint=complaint, by=alice, team=team)
    services.acknowledge(complaint=complaint, by=alice, on=date(2025, 4, 15))
    services.extend(complaint=complaint, by=alice, working_days=5, reason="Contractor report",
                    notified_on=date(2025, 4, 30))
    services.respond_at_stage1(complaint=complaint, by=alice, on=date(2025, 5, 2),
                               outcome="not_upheld")
    services.escalate(complaint=complaint, by=alice, requested_on=date(2025, 5, 6),
                      reason="Still damp")
    services.assign_stage2_handler(complaint=complaint, by=alice, handler=bob)
    services.acknowledge(complaint=complaint, by=bob, on=date(2025, 5, 7))
    services.extend(complaint=complaint, by=bob, working_days=10, reason="Survey booked",
                    notified_on=date(2025, 5, 20))
    services.respond_at_stage2(complaint=complaint, by=bob, on=date(2025, 6, 10),
                               outcome="partly_upheld")
    services.record_remedy(complaint=complaint, by=bob, remedies="Apology; mould wash",
                           compensation_gbp=Decimal("150.00"))
    slow = RootCause.objects.get(code="damp_mould_response")
    services.record_learning(complaint=complaint, by=bob, learning="Inspect within a week",
                             root_cause=slow)
    other = log(by=alice, received_on=date(2025, 4, 16))
    services.assign_stage1_handler(complaint=other, by=alice, handler=bob)
    services.withdraw(complaint=other, by=bob, on=date(2025, 4, 17), reason="Resolved by phone")

    assert actions(complaint) == [
        "logged", "team_assigned", "stage1_acknowledged", "stage1_extended",
        "stage1_responded", "escalated", "stage2_handler_assigned", "stage2_acknowledged",
        "stage2_extended", "stage2_responded", "remedy_recorded", "learning_recorded",
    ]
    assert actions(other) == ["logged", "stage1_handler_assigned", "withdrawn"]
    by_action = {entry.action: entry for entry in ComplaintActivity.objects.all()}
    assert by_action["stage2_responded"].by == bob
    assert by_action["stage2_responded"].changes == {
        "stage2_responded_on": [None, "2025-06-10"], "stage2_outcome": ["", "partly_upheld"],
    }
    assert by_action["stage2_handler_assigned"].changes == {
        "stage2_handler_id": [None, str(bob.pk)]
    }
    assert by_action["remedy_recorded"].changes["compensation_gbp"] == [None, "150.00"]
    assert by_action["learning_recorded"].changes == {
        "learning": ["", "Inspect within a week"], "root_cause_id": [None, str(slow.pk)],
    }
    assert by_action["learning_recorded"].summary == (
        "Learning recorded: root cause Damp and mould not dealt with properly"
    )
    assert by_action["withdrawn"].summary == (
        "Withdrawn by the resident on Thu 17 Apr 2025. Reason: Resolved by phone"
    )
    # Acknowledged Tue 15 Apr; 10 + 5 working days: 16, 17, 22-25, 28-30 Apr, 1, 2, 6-9 May
    # (Good Friday, Easter Monday and 5 May skipped) -> Fri 9 May.
    assert by_action["stage1_extended"].summary == (
        "Stage 1 response extended by 5 working days to Fri 9 May 2025; the resident was told "
        "on Wed 30 Apr 2025. Reason: Contractor report"
    )
    complaint.refresh_from_db()
    assert (complaint.stage1_extension_days, complaint.stage2_extension_days) == (5, 10)
    assert complaint.stage2_handler == bob and complaint.team == team


def test_it_allows_an_extension_at_each_stage_up_to_the_codes_limit(alice, bob):
    complaint = log(by=alice, stage1_handler=alice)
    services.acknowledge(complaint=complaint, by=alice, on=date(2025, 4, 15))
    services.extend(complaint=complaint, by=alice, working_days=4, reason="Awaiting survey",
                    notified_on=date(2025, 4, 25))
    services.extend(complaint=complaint, by=alice, working_days=6, reason="Survey delayed",
                    notified_on=date(2025, 5, 1))
    # Acknowledged Tue 15 Apr 2025; 10 + 10 working days -> Fri 16 May (the spec's example).
    deadlines = services.case_deadlines(complaint=complaint, as_of=date(2025, 5, 14))
    assert deadlines.deadlines[1].due_on == date(2025, 5, 16)
    assert deadlines.deadlines[1].description == (
        "Due by Fri 16 May 2025 (2 working days left) (includes a 10 working days extension)"
    )
    services.respond_at_stage1(complaint=complaint, by=alice, on=date(2025, 5, 16),
                               outcome="upheld")
    services.escalate(complaint=complaint, by=alice, requested_on=date(2025, 5, 19))
    services.assign_stage2_handler(complaint=complaint, by=alice, handler=bob)
    services.acknowledge(complaint=complaint, by=bob, on=date(2025, 5, 20))
    services.extend(complaint=complaint, by=bob, working_days=20, reason="Independent survey",
                    notified_on=date(2025, 6, 10))

    # Stage 2 acknowledged Tue 20 May 2025; 20 + 20 working days: 21-23 and 27-30 May (7;
    # 26 May is a bank holiday), the 21 working days of June (28), 1-4, 7-11 and 14-16 July
    # (40) -> Wed 16 Jul 2025.
    clocks = services.case_deadlines(complaint=complaint, as_of=date(2025, 6, 18))
    assert clocks.clocks[2].respond_by == date(2025, 7, 16)
    assert complaint.stage2_extension_days == 20


@pytest.mark.parametrize(
    ("stage", "given", "asked", "message"),
    [
        (1, 0, 11, "at most 10 working days .* already has 0, so at most 10 more"),
        (1, 6, 5, "already has 6, so at most 4 more can be given"),
        (1, 10, 1, "already has 10, so no more can be given"),
        (2, 0, 21, "A stage 2 extension can be at most 20 working days"),
    ],
)
def test_it_refuses_an_extension_beyond_the_codes_limit(alice, bob, stage, given, asked,
                                                        message):
    complaint = log(by=alice, stage1_handler=alice)
    if stage == 2:
        services.respond_at_stage1(complaint=complaint, by=alice, on=date(2025, 4, 22),
                                   outcome="upheld")
        services.escalate(complaint=complaint, by=alice, requested_on=date(2025, 4, 23))
    if given:
        services.extend(complaint=complaint, by=alice, working_days=given, reason="Survey",
                        notified_on=date(2025, 4, 24))
    logged = ComplaintActivity.objects.count()

    with pytest.raises(CaseworkError, match=message):
        services.extend(complaint=complaint, by=alice, working_days=asked, reason="More time",
                        notified_on=date(2025, 4, 25))

    complaint.refresh_from_db()
    assert getattr(complaint, f"stage{stage}_extension_days") == given
    assert ComplaintActivity.objects.count() == logged  # nothing logged for a refusal


def test_it_refuses_an_extension_with_no_reason(alice):
    complaint = log(by=alice)
    with pytest.raises(CaseworkError, match="Give the reason"):
        services.extend(complaint=complaint, by=alice, working_days=3, reason="  ",
                        notified_on=date(2025, 4, 15))


def test_it_refuses_stage_2_handled_by_the_stage_1_handler(alice, bob):
    complaint = log(by=alice, stage1_handler=alice)
    services.respond_at_stage1(complaint=complaint, by=alice, on=date(2025, 4, 22),
                               outcome="not_upheld")
    services.escalate(complaint=complaint, by=alice, requested_on=date(2025, 4, 24))

    with pytest.raises(CaseworkError, match="Alice Archer handled stage 1"):
        services.assign_stage2_handler(complaint=complaint, by=bob, handler=alice)

    complaint.refresh_from_db()
    assert complaint.stage2_handler is None
    services.assign_stage2_handler(complaint=complaint, by=bob, handler=bob)
    assert Complaint.objects.get().stage2_handler == bob


def test_it_refuses_the_stage_1_handler_a_complaint_whose_stage_2_handler_they_are(alice, bob):
    complaint = log(by=alice, stage1_handler=alice)
    services.assign_stage1_handler(complaint=complaint, by=alice, handler=bob)
    services.respond_at_stage1(complaint=complaint, by=bob, on=date(2025, 4, 22),
                               outcome="upheld")
    services.escalate(complaint=complaint, by=bob, requested_on=date(2025, 4, 24))

    with pytest.raises(CaseworkError, match="Bob Baker handled stage 1"):
        services.assign_stage2_handler(complaint=complaint, by=alice, handler=bob)


def test_it_needs_a_stage_2_handler_before_the_final_response(alice):
    complaint = log(by=alice, stage1_handler=alice)
    services.respond_at_stage1(complaint=complaint, by=alice, on=date(2025, 4, 22),
                               outcome="upheld")
    services.escalate(complaint=complaint, by=alice, requested_on=date(2025, 4, 24))

    with pytest.raises(CaseworkError, match="Assign a stage 2 handler"):
        services.respond_at_stage2(complaint=complaint, by=alice, on=date(2025, 5, 1),
                                   outcome="upheld")
    assert Complaint.objects.get().stage2_responded_on is None


def test_it_refuses_transitions_the_complaints_state_does_not_allow(alice):
    complaint = log(by=alice)
    services.acknowledge(complaint=complaint, by=alice, on=date(2025, 4, 15))

    with pytest.raises(CaseworkError, match="already acknowledged on Tue 15 Apr 2025"):
        services.acknowledge(complaint=complaint, by=alice, on=date(2025, 4, 16))
    with pytest.raises(CaseworkError, match="Stage 1 has no response yet"):
        services.escalate(complaint=complaint, by=alice, requested_on=date(2025, 4, 20))
    with pytest.raises(CaseworkError, match="has not been escalated to stage 2"):
        services.respond_at_stage2(complaint=complaint, by=alice, on=date(2025, 4, 20),
                                   outcome="upheld")
    with pytest.raises(CaseworkError, match=r"before the acknowledgement on Tue 15 Apr 2025"):
        services.respond_at_stage1(complaint=complaint, by=alice, on=date(2025, 4, 14),
                                   outcome="upheld")
    with pytest.raises(CaseworkError, match="'fine' is not an outcome"):
        services.respond_at_stage1(complaint=complaint, by=alice, on=date(2025, 4, 16),
                                   outcome="fine")
    services.withdraw(complaint=complaint, by=alice, on=date(2025, 4, 16), reason="Sorted")
    with pytest.raises(CaseworkError, match="withdrawn on Wed 16 Apr 2025: you cannot record"):
        services.respond_at_stage1(complaint=complaint, by=alice, on=date(2025, 4, 17),
                                   outcome="upheld")
    assert actions(complaint) == ["logged", "stage1_acknowledged", "withdrawn"]


def test_it_refuses_a_negative_compensation_and_an_empty_remedy(alice):
    complaint = log(by=alice)
    with pytest.raises(CaseworkError, match="negative"):
        services.record_remedy(complaint=complaint, by=alice, remedies="Sorry",
                               compensation_gbp=Decimal("-5"))
    with pytest.raises(CaseworkError, match="Describe the remedy"):
        services.record_remedy(complaint=complaint, by=alice, remedies=" ")
    with pytest.raises(CaseworkError, match="Describe what was learned"):
        services.record_learning(complaint=complaint, by=alice, learning="")
