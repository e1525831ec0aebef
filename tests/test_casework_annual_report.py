"""The data of the annual complaints performance and service-improvement report.

The year is the one worked in ``test_casework_imports.work_the_year`` (seven complaints of
2025/26, A to H without F), plus one complaint about communication and one from the year
before, which the report leaves out.
"""

from datetime import date
from decimal import Decimal

import pytest
from test_casework_imports import YEAR, YEAR_END, ch02, stock, work_the_year  # noqa: F401
from test_casework_transitions import make_user

from doorstep.actions import services as action_services
from doorstep.complaints import services
from doorstep.complaints.annual_report import annual_report
from doorstep.complaints.models import (
    CodeSection,
    Complaint,
    GoverningBodyResponse,
    RootCause,
    SelfAssessment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_complaints(stock):  # noqa: F811 (the fixture imported above)
    alice = make_user("alice", "Alice", "Archer")
    work_the_year(alice=alice, bob=make_user("bob", "Bob", "Baker"), homes=stock)
    by_received = {c.received_on: c for c in Complaint.objects.filter(home__home_ref="H1")}
    a, d = by_received[date(2025, 4, 14)], by_received[date(2025, 12, 1)]
    b = Complaint.objects.get(home__home_ref="H2", received_on=date(2025, 4, 14))
    services.record_remedy(complaint=a, by=alice, remedies="Apology",
                           compensation_gbp=Decimal("100"))
    services.record_remedy(complaint=d, by=alice, remedies="Apology and repair",
                           compensation_gbp=Decimal("75.50"))
    missed = RootCause.objects.get(code="missed_appointment")
    services.record_learning(complaint=d, by=alice, learning="Send text reminders",
                             root_cause=missed)
    services.record_learning(complaint=b, by=alice, learning="Confirm visits the day before",
                             root_cause=missed)
    services.log_complaint(by=alice, home=stock["H2"], received_on=date(2026, 2, 2),
                           channel="email", category="communication")
    services.log_complaint(by=alice, home=stock["H2"], received_on=date(2025, 3, 20),
                           channel="email", category="communication")
    return alice


def test_it_counts_volumes_categories_and_outcomes(year_of_complaints):
    report = annual_report(year=YEAR, as_of=YEAR_END)

    # Stage 1: LCRA A, B, D, E and the communication complaint; LCHO C, G, H. Stage 2: A.
    assert report.volumes == {
        1: {"LCRA": 5, "LCHO": 3, "combined": 8},
        2: {"LCRA": 1, "LCHO": 0, "combined": 1},
    }
    assert report.categories == [("repairs", 7, 1), ("communication", 1, 0)]
    assert report.outcomes == {
        1: {"Upheld": 4, "Withdrawn before a response": 1, "Not yet responded to": 3},
        2: {"Upheld": 1},
    }
    assert (report.compensation_total_gbp, report.complaints_with_compensation) == (
        Decimal("175.50"), 2
    )


def test_it_takes_ch01_and_ch02_from_the_measures_engine(year_of_complaints):
    report = annual_report(year=YEAR, as_of=YEAR_END)

    assert {m.code for m in report.measures} == {"CH01-1", "CH01-2", "CH02-1", "CH02-2"}
    # The communication complaint (2 Feb 2026, not acknowledged) is overdue at year end: its
    # acknowledgement was due Mon 9 Feb and its response Mon 23 Feb. So CH02-1 combined is
    # the 2 of 5 of the casework test plus one late: 2 of 6.
    stage1 = report.measure("CH02-1")
    assert (stage1.numerator, stage1.denominator) == (2, 6)
    assert {(m.code, m.tenure): (m.numerator, m.denominator) for m in report.measures
            if m.code.startswith("CH02")} == {
        key: figures[:2] for key, figures in ch02().items()
    }
    # CH01-1 LCRA: 5 complaints over 2 owned LCRA homes (S1, the LCHO home, is not owned).
    assert report.measure("CH01-1", "LCRA").value == 2500
    assert report.provisional is True  # H is still pending at year end


def test_it_gives_the_time_taken_in_working_days(year_of_complaints):
    report = annual_report(year=YEAR, as_of=YEAR_END)

    # Stage 1, received to responded: A 14 Apr-1 May = 11 (Easter skipped), B 14-25 Apr = 7,
    # C 3-24 Nov = 15, D 1-19 Dec = 14. Sorted 7, 11, 14, 15: median 12.5, mean 47 / 4.
    assert report.time_taken[1].responses == 4
    assert report.time_taken[1].median_working_days == 12.5
    assert report.time_taken[1].mean_working_days == pytest.approx(11.75)
    # Stage 2: A escalated 12 May, answered 10 Jun: 13-16, 19-23, 27-30 May, 2-6, 9, 10 Jun.
    assert (report.time_taken[2].median_working_days, report.time_taken[2].responses) == (20, 1)


def test_it_lists_the_learning_and_root_causes(year_of_complaints):
    report = annual_report(year=YEAR, as_of=YEAR_END)

    assert report.root_causes == [("Missed or late appointment", 2)]
    assert report.improvements == []  # no action answers them yet
    assert report.complaints_with_learning == 2
    assert sorted(report.learning_without_action) == sorted(
        Complaint.objects.filter(learning__gt="").values_list("complaint_ref", flat=True))


def test_it_lists_the_improvements_made_with_their_actions(year_of_complaints):
    alice = year_of_complaints
    by_received = {c.received_on: c for c in Complaint.objects.filter(home__home_ref="H1")}
    a, d = by_received[date(2025, 4, 14)], by_received[date(2025, 12, 1)]
    b = Complaint.objects.get(home__home_ref="H2", received_on=date(2025, 4, 14))
    last_year = Complaint.objects.get(received_on=date(2025, 3, 20))
    services.record_learning(complaint=a, by=alice, learning="Tell residents who has the case",
                             root_cause=RootCause.objects.get(code="not_kept_informed"))

    def action(ref, title, *complaints, agreed=None, done=None, started=False, drop=False):
        made = action_services.create_action(
            by=alice, title=title, action_ref=ref, what_will_change=f"{title}, every time",
            summary_for_residents=f"We now {title.lower()}.")
        made.complaints.add(*complaints)
        if agreed:
            action_services.agree_action(action=made, by=alice, agreed_on=agreed,
                                         due_on=date(2026, 5, 1))
        if started:
            action_services.start_action(action=made, by=alice)
        if done:
            action_services.complete_action(action=made, by=alice, done_on=done)
        if drop:
            action_services.drop_action(action=made, by=alice, reason="Too costly")
        return made

    action("A-1", "Text a reminder the day before a visit", d, b,
           agreed=date(2025, 12, 10), done=date(2026, 1, 20))
    action("A-2", "Offer evening appointments", b)  # proposed: not an improvement yet
    action("A-3", "Name the case officer in every letter", a, agreed=date(2025, 6, 1),
           started=True)
    action("A-4", "Hire more schedulers", b, agreed=date(2025, 12, 1), drop=True)
    action("A-5", "Call back within a day", last_year, agreed=date(2025, 4, 1),
           done=date(2025, 5, 1))  # answers only last year's complaint

    report = annual_report(year=YEAR, as_of=YEAR_END)

    assert [(i.action_ref, i.status_label, i.complaints, i.root_causes, i.done_on, i.due_on)
            for i in report.improvements] == [
        ("A-1", "Done", 2, ("Missed or late appointment",), date(2026, 1, 20),
         date(2026, 5, 1)),
        ("A-3", "In progress", 1, ("Not kept informed",), None, date(2026, 5, 1)),
    ]
    assert report.improvements[0].summary_for_residents == (
        "We now text a reminder the day before a visit.")
    assert report.root_causes == [("Missed or late appointment", 2), ("Not kept informed", 1)]
    assert (report.complaints_with_learning, report.learning_without_action) == (3, [])


def test_it_shows_every_section_of_the_code_and_the_governing_bodys_response(
    year_of_complaints
):
    alice = year_of_complaints
    stages = CodeSection.objects.get(number=6)
    SelfAssessment.objects.create(year="2025/26", section=stages, compliant="partly",
                                  evidence="Stage 2 acknowledgements slipped in May",
                                  updated_by=alice)
    SelfAssessment.objects.create(year="2024/25", section=CodeSection.objects.get(number=1),
                                  compliant="yes", evidence="Policy")
    GoverningBodyResponse.objects.create(year="2025/26", text="The board notes ...",
                                         member="Jo Smith", responded_on=date(2026, 6, 30))

    report = annual_report(year=YEAR, as_of=YEAR_END)

    # The Code (2024) has nine sections, seeded by a migration.
    assert [(s.number, s.compliant_label) for s in report.self_assessment] == [
        (1, "Not yet assessed"), (2, "Not yet assessed"), (3, "Not yet assessed"),
        (4, "Not yet assessed"), (5, "Not yet assessed"), (6, "Partly compliant"),
        (7, "Not yet assessed"), (8, "Not yet assessed"), (9, "Not yet assessed"),
    ]
    assert report.self_assessment[6].heading == "Putting things right"
    assert report.self_assessment[5].evidence == "Stage 2 acknowledgements slipped in May"
    assert report.governing_body_response.member == "Jo Smith"
    assert report.submission_due_on == date(2026, 9, 30)


def test_it_refuses_a_self_assessment_for_a_year_written_wrongly():
    from django.core.exceptions import ValidationError

    assessment = SelfAssessment(year="2025", section=CodeSection.objects.get(number=2),
                                compliant="yes", evidence="Policy")
    with pytest.raises(ValidationError, match="write it like 2025/26"):
        assessment.full_clean()
    assessment.year = "2025-26"
    assessment.full_clean()
    assert assessment.year == "2025/26"
