"""The deadlines shown on a case: due dates across weekends, Christmas, Easter and substitute
bank holidays, each with where it stands in plain English.

Every due date is counted by hand in the comments (the start is day 0).
"""

from datetime import date

import pytest
from test_casework_transitions import log, make_user

from doorstep.complaints import services
from doorstep.complaints.models import Complaint
from doorstep.core.models import ClosureDay
from doorstep.core.periods import ReportingYear
from doorstep.measures.complaints import complaint_timeliness_measures

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return make_user("alice", "Alice", "Archer")


@pytest.fixture
def bob():
    return make_user("bob", "Bob", "Baker")


def deadlines(complaint, as_of) -> list[tuple]:
    clocks = services.case_deadlines(complaint=complaint, as_of=as_of)
    return [(d.label, d.due_on, d.status, d.description) for d in clocks.deadlines]


def test_it_counts_across_christmas_and_new_year(alice):
    complaint = log(by=alice, received_on=date(2025, 12, 19))

    # Received Fri 19 Dec 2025. Acknowledge within 5 working days: 22, 23, 24, 29, 30 Dec
    # (25, 26 Dec are bank holidays) -> Tue 30 Dec. Not acknowledged, so the response runs
    # from that deadline: 31 Dec, 2, 5, 6, 7, 8, 9, 12, 13, 14 Jan (1 Jan a bank holiday)
    # -> Wed 14 Jan 2026. Read on Mon 22 Dec: 23, 24, 29, 30 = 4 working days left to
    # acknowledge; to respond, 23, 24, 29-31 Dec, 2, 5-9, 12-14 Jan = 14.
    assert deadlines(complaint, date(2025, 12, 22)) == [
        ("Stage 1 acknowledgement", date(2025, 12, 30), "due",
         "Due by Tue 30 Dec 2025 (4 working days left)"),
        ("Stage 1 response", date(2026, 1, 14), "due",
         "Due by Wed 14 Jan 2026 (14 working days left)"),
    ]
    # Read on Fri 2 Jan 2026: the acknowledgement is 2 working days late (31 Dec, 2 Jan).
    assert deadlines(complaint, date(2026, 1, 2))[0][2:] == (
        "overdue", "Overdue: was due by Tue 30 Dec 2025 (2 working days ago)"
    )


def test_it_counts_across_easter(alice):
    complaint = log(by=alice, received_on=date(2025, 4, 14))
    services.acknowledge(complaint=complaint, by=alice, on=date(2025, 4, 15))
    services.respond_at_stage1(complaint=complaint, by=alice, on=date(2025, 5, 1),
                               outcome="upheld")

    # Received Mon 14 Apr 2025: 15, 16, 17, 22, 23 Apr (Good Friday 18 and Easter Monday 21
    # skipped) -> Wed 23 Apr. Acknowledged Tue 15 Apr: 16, 17, 22-25, 28-30 Apr, 1 May
    # -> Thu 1 May, the day of the response.
    assert deadlines(complaint, date(2025, 6, 1)) == [
        ("Stage 1 acknowledgement", date(2025, 4, 23), "met",
         "Acknowledged on Tue 15 Apr 2025, in time (due by Wed 23 Apr 2025)"),
        ("Stage 1 response", date(2025, 5, 1), "met",
         "Responded to on Thu 1 May 2025, in time (due by Thu 1 May 2025)"),
    ]
    assert services.case_deadlines(complaint=complaint, as_of=date(2025, 6, 1)).verdicts == {
        1: "Within the Code's timescales"
    }


def test_it_skips_substitute_bank_holidays(alice):
    complaint = log(by=alice, received_on=date(2021, 12, 23))

    # Christmas 2021 fell on a weekend: the bank holidays moved to Mon 27 and Tue 28 Dec, and
    # New Year's Day (a Saturday) to Mon 3 Jan 2022. Received Thu 23 Dec 2021: 24, 29, 30,
    # 31 Dec, 4 Jan -> Tue 4 Jan 2022.
    clocks = services.case_deadlines(complaint=complaint, as_of=date(2021, 12, 24))
    assert clocks.deadlines[0].due_on == date(2022, 1, 4)


def test_it_skips_the_substitute_day_of_boxing_day_2026():
    # Boxing Day 2026 is a Saturday; its substitute is Mon 28 Dec. Received Wed 23 Dec 2026:
    # 24, 29, 30, 31 Dec, 4 Jan (Fri 1 Jan 2027 a bank holiday) -> Mon 4 Jan 2027. The
    # complaint is not saved: the deadlines need only its dates.
    complaint = Complaint(complaint_ref="X", tenure="LCRA", received_on=date(2026, 12, 23))
    clocks = services.case_deadlines(complaint=complaint, as_of=date(2026, 12, 23))
    assert clocks.deadlines[0].due_on == date(2027, 1, 4)


def test_it_skips_the_organisations_closure_days(alice):
    ClosureDay.objects.create(date=date(2025, 12, 29), reason="Office closed")
    complaint = log(by=alice, received_on=date(2025, 12, 19))

    # As the Christmas example, with Mon 29 Dec closed too: 22, 23, 24, 30, 31 Dec.
    assert services.case_deadlines(
        complaint=complaint, as_of=date(2025, 12, 22)
    ).deadlines[0].due_on == date(2025, 12, 31)


def test_it_makes_a_timely_response_out_of_time_when_the_acknowledgement_was_late(alice):
    complaint = log(by=alice, received_on=date(2025, 4, 14))
    services.acknowledge(complaint=complaint, by=alice, on=date(2025, 4, 24))
    services.respond_at_stage1(complaint=complaint, by=alice, on=date(2025, 4, 25),
                               outcome="upheld")

    # Acknowledge by Wed 23 Apr; acknowledged Thu 24 Apr, 1 working day late. The response
    # the next day is well within its own 10 working days (by Fri 9 May), but CH02 counts a
    # complaint within timescale only if it was acknowledged in time as well.
    as_of = date(2025, 6, 1)
    assert deadlines(complaint, as_of) == [
        ("Stage 1 acknowledgement", date(2025, 4, 23), "missed",
         "Acknowledged on Thu 24 Apr 2025, 1 working day late (due by Wed 23 Apr 2025)"),
        ("Stage 1 response", date(2025, 5, 9), "met",
         "Responded to on Fri 25 Apr 2025, in time (due by Fri 9 May 2025)"),
    ]
    assert services.case_deadlines(complaint=complaint, as_of=as_of).verdicts == {
        1: "Outside the Code's timescales: acknowledged late"
    }
    ch02 = complaint_timeliness_measures(
        year=ReportingYear(2025), tenures=("LCRA",), by=None, as_of=as_of
    )
    stage1 = next(result for result in ch02 if result.code == "CH02-1")
    assert (stage1.numerator, stage1.denominator) == (0, 1)


def test_it_shows_both_stages_and_a_withdrawal(alice, bob):
    complaint = log(by=alice, received_on=date(2025, 11, 3), stage1_handler=alice)
    services.acknowledge(complaint=complaint, by=alice, on=date(2025, 11, 4))
    services.respond_at_stage1(complaint=complaint, by=alice, on=date(2025, 11, 14),
                               outcome="not_upheld")
    services.escalate(complaint=complaint, by=alice, requested_on=date(2025, 11, 17))
    services.withdraw(complaint=complaint, by=alice, on=date(2025, 11, 19), reason="Moved out")

    # Stage 2 requested Mon 17 Nov 2025: acknowledge by 18-21, 24 Nov -> Mon 24 Nov; with no
    # acknowledgement the response runs 20 working days from there -> Mon 22 Dec 2025.
    stage2 = deadlines(complaint, date(2025, 11, 20))[2:]
    assert stage2 == [
        ("Stage 2 acknowledgement", date(2025, 11, 24), "not_needed",
         "Not needed: the complaint was withdrawn on Wed 19 Nov 2025"),
        ("Stage 2 response", date(2025, 12, 22), "not_needed",
         "Not needed: the complaint was withdrawn on Wed 19 Nov 2025"),
    ]
    # Read before the withdrawal, both were still due.
    assert [row[2] for row in deadlines(complaint, date(2025, 11, 18))[2:]] == ["due", "due"]
