"""The Complaint Handling Code clocks (CH02 and casework).

Deadlines are worked out by hand: the comments list the working days counted, skipping
weekends and England's bank holidays (5 May, 25-26 Dec 2025, 1 Jan 2026, Easter 2025 on
18 and 21 April).
"""

from datetime import date

import pytest

from doorstep.complaints.clocks import stage_timeliness
from doorstep.core.workdays import WorkingDayCalendar

ENGLAND = WorkingDayCalendar()
YEAR_END = date(2026, 3, 31)


def stage1(**dates):
    """A stage 1 complaint received Mon 14 Apr 2025, read at year end unless told otherwise."""
    facts = {
        "stage": 1,
        "received_on": date(2025, 4, 14),
        "acknowledged_on": None,
        "responded_on": None,
        "extension_days": 0,
        "withdrawn_on": None,
        "as_of": YEAR_END,
        "calendar": ENGLAND,
    }
    return stage_timeliness(**(facts | dates))


def test_it_reproduces_the_stage_1_worked_example():
    # Received Mon 14 Apr 2025: acknowledge by Wed 23 Apr. Acknowledged Tue 15 Apr: respond
    # within 10 working days: 16, 17, 22-25, 28-30 Apr, 1 May -> Thu 1 May.
    clock = stage1(acknowledged_on=date(2025, 4, 15), responded_on=date(2025, 5, 1))
    assert clock.acknowledge_by == date(2025, 4, 23)
    assert clock.respond_by == date(2025, 5, 1)
    assert clock.acknowledged_in_time is True
    assert clock.responded_in_time is True
    assert clock.status == "in_time"
    assert clock.needed_extension is False


def test_it_allows_a_stage_1_extension_and_says_it_was_needed():
    # Acknowledged Tue 15 Apr 2025, 10 + 10 working days: 2, 6-9, 12-16 May -> Fri 16 May.
    clock = stage1(
        acknowledged_on=date(2025, 4, 15), responded_on=date(2025, 5, 16), extension_days=10
    )
    assert clock.respond_by == date(2025, 5, 16)
    assert clock.status == "in_time"
    assert clock.needed_extension is True


def test_it_does_not_say_an_extension_was_needed_when_the_response_beat_the_first_deadline():
    clock = stage1(
        acknowledged_on=date(2025, 4, 15), responded_on=date(2025, 5, 1), extension_days=10
    )
    assert clock.status == "in_time"
    assert clock.needed_extension is False


def test_it_counts_a_response_after_the_extended_deadline_as_late():
    # Fri 16 May is the extended deadline; Mon 19 May is one working day over.
    clock = stage1(
        acknowledged_on=date(2025, 4, 15), responded_on=date(2025, 5, 19), extension_days=10
    )
    assert clock.status == "late_response"
    assert clock.responded_in_time is False
    assert clock.needed_extension is False
    assert clock.out_of_time


def test_it_makes_a_timely_response_out_of_time_when_the_acknowledgement_was_late():
    # Acknowledge by Wed 23 Apr; acknowledged Thu 24 Apr (late). The response clock runs
    # from the real acknowledgement: 25, 28, 29, 30 Apr, 1, 2, 6, 7, 8, 9 May -> Fri 9 May.
    clock = stage1(acknowledged_on=date(2025, 4, 24), responded_on=date(2025, 4, 25))
    assert clock.respond_by == date(2025, 5, 9)
    assert clock.acknowledged_in_time is False
    assert clock.responded_in_time is True
    assert clock.status == "late_acknowledgement"
    assert clock.out_of_time


def test_it_reports_both_clocks_missed():
    clock = stage1(acknowledged_on=date(2025, 4, 24), responded_on=date(2025, 5, 12))
    assert clock.status == "late_both"


def test_it_reproduces_the_stage_2_worked_example_with_and_without_extension():
    # Escalated Thu 24 Apr 2025: acknowledge by 25, 28, 29, 30 Apr, 1 May -> Thu 1 May.
    # Acknowledged Thu 1 May: 20 working days -> Mon 2 Jun (see test_workdays).
    escalation = {
        "stage": 2,
        "received_on": date(2025, 4, 24),
        "acknowledged_on": date(2025, 5, 1),
        "withdrawn_on": None,
        "as_of": YEAR_END,
        "calendar": ENGLAND,
    }
    clock = stage_timeliness(**escalation, responded_on=date(2025, 6, 2), extension_days=0)
    assert clock.acknowledge_by == date(2025, 5, 1)
    assert clock.respond_by == date(2025, 6, 2)
    assert clock.status == "in_time"
    late = stage_timeliness(**escalation, responded_on=date(2025, 6, 3), extension_days=0)
    assert late.status == "late_response"
    # With 20 more: 3-6 Jun (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 Jun (20) -> Mon 30 Jun.
    extended = stage_timeliness(**escalation, responded_on=date(2025, 6, 30), extension_days=20)
    assert extended.respond_by == date(2025, 6, 30)
    assert extended.status == "in_time"
    assert extended.needed_extension is True


@pytest.mark.parametrize(
    ("stage", "days", "message"),
    [
        (1, 11, "A stage 1 extension can be at most 10 working days"),
        (2, 21, "A stage 2 extension can be at most 20 working days"),
        (1, -1, "An extension cannot be negative"),
    ],
)
def test_it_refuses_an_extension_the_code_does_not_allow(stage, days, message):
    with pytest.raises(ValueError, match=message):
        stage1(stage=stage, extension_days=days)


def test_it_accepts_the_longest_extension_and_a_blank_one():
    assert stage1(stage=2, extension_days=20).status == "overdue"
    # Blank means no extension: respond by Thu 8 May (see the missing acknowledgement test).
    assert stage1(extension_days=None).respond_by == date(2025, 5, 8)


def test_it_tells_pending_from_overdue():
    # Acknowledged Tue 15 Apr 2025, respond by Thu 1 May.
    on_the_deadline = stage1(acknowledged_on=date(2025, 4, 15), as_of=date(2025, 5, 1))
    assert on_the_deadline.status == "pending"
    assert on_the_deadline.responded_in_time is None
    assert not on_the_deadline.out_of_time
    day_after = stage1(acknowledged_on=date(2025, 4, 15), as_of=date(2025, 5, 2))
    assert day_after.status == "overdue"
    assert day_after.responded_in_time is False
    assert day_after.out_of_time


def test_it_ignores_what_happened_after_the_as_of_date():
    # Responded Tue 6 May, after the 1 May deadline. On 30 Apr it was still pending.
    facts = {"acknowledged_on": date(2025, 4, 15), "responded_on": date(2025, 5, 6)}
    assert stage1(**facts, as_of=date(2025, 4, 30)).status == "pending"
    assert stage1(**facts, as_of=date(2025, 5, 2)).status == "overdue"
    assert stage1(**facts).status == "late_response"


def test_it_marks_a_complaint_withdrawn_before_a_response():
    clock = stage1(acknowledged_on=date(2025, 4, 15), withdrawn_on=date(2025, 4, 22))
    assert clock.status == "withdrawn"
    assert not clock.out_of_time
    # Withdrawn even though the deadline passed before the withdrawal (Fri 2 May > 1 May).
    assert stage1(withdrawn_on=date(2025, 5, 2)).status == "withdrawn"


def test_it_keeps_the_response_when_the_withdrawal_came_on_the_day_or_after():
    responded = {"acknowledged_on": date(2025, 4, 15), "responded_on": date(2025, 5, 1)}
    assert stage1(**responded, withdrawn_on=date(2025, 5, 1)).status == "in_time"
    assert stage1(**responded, withdrawn_on=date(2025, 5, 20)).status == "in_time"


def test_it_runs_the_response_clock_from_the_acknowledgement_deadline_when_none_is_recorded():
    # No acknowledgement: deadline Wed 23 Apr 2025; respond within 10 working days of it:
    # 24, 25, 28, 29, 30 Apr, 1, 2, 6, 7, 8 May -> Thu 8 May.
    clock = stage1(responded_on=date(2025, 5, 8))
    assert clock.respond_by == date(2025, 5, 8)
    assert clock.status == "in_time"
    assert clock.acknowledged_in_time is None
    assert clock.acknowledgement_missing is True
    assert stage1(responded_on=date(2025, 5, 9)).status == "late_response"


def test_it_counts_a_missing_acknowledgement_as_late_under_the_out_of_time_convention():
    clock = stage1(responded_on=date(2025, 5, 8), missing_acknowledgement="out_of_time")
    assert clock.acknowledged_in_time is False
    assert clock.status == "late_acknowledgement"


def test_it_treats_a_response_within_the_acknowledgement_deadline_as_the_acknowledgement():
    for rule in ("from_deadline", "out_of_time"):
        clock = stage1(responded_on=date(2025, 4, 23), missing_acknowledgement=rule)
        assert clock.acknowledged_in_time is True, rule
        assert clock.acknowledgement_missing is False, rule
        assert clock.status == "in_time", rule


def test_it_only_calls_an_acknowledgement_missing_once_its_deadline_has_passed():
    # Deadline Wed 23 Apr 2025; on that day nothing is missing yet, the next day it is.
    on_time = stage1(as_of=date(2025, 4, 23), missing_acknowledgement="out_of_time")
    assert on_time.acknowledged_in_time is None
    assert on_time.acknowledgement_missing is False
    late = stage1(as_of=date(2025, 4, 24), missing_acknowledgement="out_of_time")
    assert late.acknowledged_in_time is False
    assert late.acknowledgement_missing is True
    # Not yet responded and the response deadline (8 May) not passed: still pending.
    assert late.status == "pending"
    assert stage1(as_of=date(2025, 4, 24)).acknowledged_in_time is None


def test_it_skips_christmas_and_new_year():
    # Received Fri 19 Dec 2025: acknowledge by Tue 30 Dec. Acknowledged 30 Dec: respond
    # within 31 Dec, 2, 5-9, 12-14 Jan 2026 -> Wed 14 Jan (25, 26 Dec and 1 Jan skipped).
    christmas = {"received_on": date(2025, 12, 19), "responded_on": date(2026, 1, 14)}
    clock = stage1(**christmas, acknowledged_on=date(2025, 12, 30))
    assert clock.acknowledge_by == date(2025, 12, 30)
    assert clock.respond_by == date(2026, 1, 14)
    assert clock.status == "in_time"
    # Acknowledged Wed 31 Dec, a day late: the response is then due Thu 15 Jan, so only the
    # acknowledgement was late.
    late = stage1(**christmas, acknowledged_on=date(2025, 12, 31))
    assert late.respond_by == date(2026, 1, 15)
    assert late.status == "late_acknowledgement"


def test_it_refuses_nonsense_with_a_plain_message():
    with pytest.raises(ValueError, match="stage 1 or stage 2, not stage 3"):
        stage1(stage=3)
    with pytest.raises(ValueError, match="not a rule for missing acknowledgements"):
        stage1(missing_acknowledgement="ignore")
    with pytest.raises(ValueError, match="its clock had not started"):
        stage1(as_of=date(2025, 4, 1))
