"""Improvement actions' transitions: one service function each, every change in the
activity log with who, when and each field before and after; a moved deadline keeps the
first one."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from doorstep.accounts.models import Role
from doorstep.accounts.testing import person
from doorstep.actions import services
from doorstep.actions.models import ActionStatus
from doorstep.actions.services import ActionError

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    return person(Role.ANALYST)


def proposed(analyst, **fields):
    return services.create_action(by=analyst, title="Fix repairs first time", **fields)


def log(action) -> list[tuple]:
    return list(action.activity.order_by("at", "pk").values_list("action", "changes"))


def test_it_numbers_new_actions_after_the_highest_reference(analyst):
    services.create_action(by=analyst, title="Imported", action_ref="A-41")
    services.create_action(by=analyst, title="Theirs", action_ref="X-9")
    assert proposed(analyst).action_ref == "A-42"


def test_it_refuses_a_second_action_with_the_same_reference(analyst):
    proposed(analyst, action_ref="A-1")
    with pytest.raises(ActionError, match="already an action A-1"):
        proposed(analyst, action_ref="A-1")


def test_it_keeps_the_first_deadline_however_often_it_moves(analyst):
    action = proposed(analyst, due_on=date(2025, 9, 30))
    services.agree_action(action=action, by=analyst, agreed_on=date(2025, 4, 1))
    services.move_deadline(action=action, by=analyst, due_on=date(2025, 12, 31),
                           reason="Contractor changed")
    services.move_deadline(action=action, by=analyst, due_on=date(2026, 3, 31),
                           reason="Waiting for parts")
    action.refresh_from_db()
    assert (action.due_on, action.original_due_on) == (date(2026, 3, 31), date(2025, 9, 30))
    assert [changes for kind, changes in log(action) if kind == "deadline_moved"] == [
        {"due_on": ["2025-09-30", "2025-12-31"]},
        {"due_on": ["2025-12-31", "2026-03-31"]},
    ]
    entry = action.activity.filter(action="deadline_moved").last()
    assert entry.by == analyst
    assert entry.summary == ("Deadline moved from Wed 31 Dec 2025 to Tue 31 Mar 2026. "
                             "Reason: Waiting for parts")


def test_it_sets_the_original_deadline_when_the_first_one_is_given_on_agreeing(analyst):
    action = proposed(analyst)
    services.agree_action(action=action, by=analyst, agreed_on=date(2025, 4, 1),
                          due_on=date(2025, 10, 1))
    assert (action.status, action.original_due_on) == (ActionStatus.AGREED, date(2025, 10, 1))
    assert log(action)[-1] == ("agreed", {
        "status": ["proposed", "agreed"], "agreed_on": [None, "2025-04-01"],
        "due_on": [None, "2025-10-01"], "original_due_on": [None, "2025-10-01"]})


def test_it_allows_only_the_transitions_the_status_allows(analyst):
    action = proposed(analyst)
    with pytest.raises(ActionError, match="only an action that is agreed can start it"):
        services.start_action(action=action, by=analyst)
    with pytest.raises(ActionError, match="agreed or in progress can mark it done"):
        services.complete_action(action=action, by=analyst, done_on=date(2025, 5, 1))
    services.drop_action(action=action, by=analyst, reason="Superseded by A-2")
    with pytest.raises(ActionError, match="is dropped"):
        services.move_deadline(action=action, by=analyst, due_on=date(2026, 1, 1), reason="x")
    assert action.dropped_reason == "Superseded by A-2"


def test_it_refuses_done_before_agreed_future_dates_and_a_drop_without_reason(analyst):
    action = proposed(analyst)
    services.agree_action(action=action, by=analyst, agreed_on=date(2025, 4, 1))
    with pytest.raises(ActionError, match="cannot be done .* before it was agreed"):
        services.complete_action(action=action, by=analyst, done_on=date(2025, 3, 1))
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ActionError, match="in the future"):
        services.complete_action(action=action, by=analyst, done_on=tomorrow)
    with pytest.raises(ActionError, match="Say why"):
        services.drop_action(action=action, by=analyst, reason="  ")
    with pytest.raises(ActionError, match="before the day the action was agreed"):
        services.move_deadline(action=action, by=analyst, due_on=date(2025, 1, 1), reason="x")


def test_it_records_the_baseline_on_agreeing_and_the_remeasurement_on_done(analyst):
    action = proposed(analyst, measure_code="rp02-1")
    assert action.tenure == "LCRA"  # the measure's tenure, as it is reported
    services.agree_action(action=action, by=analyst, agreed_on=date(2025, 4, 1))
    services.start_action(action=action, by=analyst)
    services.complete_action(action=action, by=analyst, done_on=date(2025, 6, 30))
    baseline, after = action.measurements.order_by("kind")[1], action.measurements.get(
        kind="after")
    assert (baseline.period_start, baseline.period_end) == (date(2024, 4, 1), date(2025, 3, 31))
    assert after.period_start == date(2025, 7, 1)
    assert after.verdict == "too early to tell"  # no repairs at all: a base of 0
    assert [kind for kind, _ in log(action)] == ["created", "agreed", "started", "done"]


def test_it_refuses_an_unknown_measure_or_a_tenure_it_is_not_reported_for(analyst):
    with pytest.raises(ActionError, match="not a Tenant Satisfaction Measure"):
        proposed(analyst, measure_code="XX01")
    with pytest.raises(ActionError, match="BS01 is reported for combined, not LCRA"):
        proposed(analyst, measure_code="BS01", tenure="LCRA")


def test_it_edits_only_the_details_and_logs_each_change(analyst):
    action = proposed(analyst, team="Repairs")
    services.update_action(action=action, by=analyst, team="Repairs North", area="North")
    assert log(action)[-1] == ("edited", {"team": ["Repairs", "Repairs North"],
                                          "area": ["", "North"]})
    with pytest.raises(ActionError, match="own buttons"):
        services.update_action(action=action, by=analyst, status="done")


def test_it_logs_milestones(analyst):
    action = proposed(analyst)
    milestone = services.add_milestone(action=action, by=analyst, title="Train the team",
                                       due_on=date(2025, 6, 1))
    services.complete_milestone(milestone=milestone, by=analyst, done_on=date(2025, 5, 20))
    with pytest.raises(ActionError, match="already reached"):
        services.complete_milestone(milestone=milestone, by=analyst, done_on=date(2025, 5, 21))
    assert [kind for kind, _ in log(action)] == ["created", "milestone_added", "milestone_done"]
