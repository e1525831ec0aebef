"""Queues of complaints due soon and overdue, per handler and per team, and the daily digest.

The cast, read on Mon 17 Nov 2025 (no bank holidays in November 2025):

- C1 (Alice, North): received Mon 3 Nov, never acknowledged. Acknowledge by 4-7, 10 Nov
  -> Mon 10 Nov: overdue by 11-14, 17 Nov = 5 working days.
- C2 (Alice, South): received Mon 10 Nov, acknowledged Tue 11 Nov; respond by 12-14, 17-21,
  24, 25 Nov -> Tue 25 Nov: 6 working days left, not due soon.
- C3 (Bob, North): received Wed 12 Nov; acknowledge by 13, 14, 17, 18, 19 -> Wed 19 Nov:
  2 working days left.
- C4 (nobody, no team): received Mon 10 Nov; acknowledge by 11-14, 17 -> due today.
- C5 (stage 1 Alice, stage 2 Bob, South): escalated Mon 20 Oct, acknowledged Tue 21 Oct;
  respond within 20 working days: 22-24, 27-31 Oct (8), 3-7 Nov (13), 10-14 Nov (18),
  17, 18 Nov -> Tue 18 Nov: 1 working day left, in Bob's queue, not Alice's.
- C6 (Alice) answered and C7 (Alice) withdrawn: in no queue.
"""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from test_casework_transitions import make_user

from doorstep.complaints import queues
from doorstep.complaints.models import Complaint, ComplaintTeam

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 11, 17)


@pytest.fixture
def cast():
    alice = make_user("alice", "Alice", "Archer")
    bob = make_user("bob", "Bob", "Baker")
    north = ComplaintTeam.objects.create(name="North")
    south = ComplaintTeam.objects.create(name="South")

    def complaint(ref, received, **facts):
        return Complaint.objects.create(
            complaint_ref=ref, tenure="LCRA", received_on=received, category="repairs", **facts
        )

    complaint("C1", date(2025, 11, 3), stage1_handler=alice, team=north)
    complaint("C2", date(2025, 11, 10), stage1_acknowledged_on=date(2025, 11, 11),
              stage1_handler=alice, team=south)
    complaint("C3", date(2025, 11, 12), stage1_handler=bob, team=north)
    complaint("C4", date(2025, 11, 10))
    complaint("C5", date(2025, 9, 1), stage1_acknowledged_on=date(2025, 9, 2),
              stage1_responded_on=date(2025, 9, 15), stage1_outcome="not_upheld",
              escalated_on=date(2025, 10, 20), stage2_acknowledged_on=date(2025, 10, 21),
              stage1_handler=alice, stage2_handler=bob, team=south)
    complaint("C6", date(2025, 11, 3), stage1_responded_on=date(2025, 11, 7),
              stage1_outcome="upheld", stage1_handler=alice)
    complaint("C7", date(2025, 11, 5), withdrawn_on=date(2025, 11, 6), stage1_handler=alice)
    return {"alice": alice, "bob": bob, "north": north, "south": south}


def refs(entries) -> list[str]:
    return [entry.complaint.complaint_ref for entry in entries]


def test_it_lists_the_overdue_and_the_due_soon(cast):
    overdue = queues.overdue(as_of=MONDAY)
    due_soon = queues.due_soon(as_of=MONDAY, within_days=2)

    assert refs(overdue) == ["C1"]
    assert overdue[0].deadline.description == (
        "Overdue: was due by Mon 10 Nov 2025 (5 working days ago)"
    )
    assert refs(due_soon) == ["C4", "C5", "C3"]  # due 17, 18 and 19 Nov
    assert [entry.deadline.working_days_left for entry in due_soon] == [0, 1, 2]
    assert refs(queues.due_soon(as_of=MONDAY, within_days=6)) == ["C4", "C5", "C3", "C2"]


def test_it_gives_each_handler_and_team_their_own_queue(cast):
    alice, bob = cast["alice"], cast["bob"]

    assert refs(queues.outstanding(as_of=MONDAY, handler=alice)) == ["C1", "C2"]
    assert refs(queues.outstanding(as_of=MONDAY, handler=bob)) == ["C5", "C3"]
    assert refs(queues.due_soon(as_of=MONDAY, team=cast["north"])) == ["C3"]
    assert refs(queues.overdue(as_of=MONDAY, team=cast["north"])) == ["C1"]
    grouped = queues.by_handler(queues.outstanding(as_of=MONDAY))
    assert [(handler, refs(entries)) for handler, entries in grouped] == [
        (alice, ["C1", "C2"]), (bob, ["C5", "C3"]), (None, ["C4"]),
    ]
    teams = queues.by_team(queues.outstanding(as_of=MONDAY))
    assert [(team and team.name, refs(entries)) for team, entries in teams] == [
        ("North", ["C1", "C3"]), ("South", ["C5", "C2"]), (None, ["C4"]),
    ]


def test_it_reads_the_queue_as_it_stood_on_an_earlier_day(cast):
    # On Fri 14 Nov C6 had been answered (7 Nov) and C3's acknowledgement had 3 working days
    # left (17, 18, 19); C1 was 4 working days overdue (11-14 Nov).
    entries = {entry.complaint.complaint_ref: entry for entry in
               queues.outstanding(as_of=date(2025, 11, 14))}
    assert sorted(entries) == ["C1", "C2", "C3", "C4", "C5"]
    assert entries["C3"].deadline.working_days_left == 3
    assert entries["C1"].deadline.working_days_left == -4


def test_it_builds_a_queue_in_two_queries_however_long(cast, django_assert_num_queries):
    # One for the open complaints with their handlers and teams, one for the closure days.
    with django_assert_num_queries(2):
        entries = queues.outstanding(as_of=MONDAY)
        names = [entry.handler and entry.handler.get_full_name() for entry in entries]
        teams = [entry.team and entry.team.name for entry in entries]
        homes = [entry.complaint.home for entry in entries]
    assert names == ["Alice Archer", None, "Bob Baker", "Bob Baker", "Alice Archer"]
    assert teams == ["North", None, "South", "North", "South"]
    assert homes == [None] * 5


def digest(*args) -> str:
    out = StringIO()
    call_command("complaints_digest", *args, stdout=out)
    return out.getvalue()


def test_it_sends_a_digest_per_handler_as_json(cast):
    result = json.loads(digest("--date", "2025-11-17", "--format", "json"))

    assert (result["date"], result["within_working_days"]) == ("2025-11-17", 2)
    assert [(h["handler"], h["email"]) for h in result["handlers"]] == [
        ("alice", "alice@example.org"), ("bob", "bob@example.org"), (None, ""),
    ]
    alice, bob, nobody = result["handlers"]
    assert [(e["complaint_ref"], e["task"], e["due_on"]) for e in alice["overdue"]] == [
        ("C1", "acknowledge", "2025-11-10")
    ]
    assert alice["due_soon"] == []  # C2 is 6 working days away
    assert [(e["complaint_ref"], e["stage"], e["working_days_left"]) for e in bob["due_soon"]] == [
        ("C5", 2, 1), ("C3", 1, 2)
    ]
    assert (nobody["name"], [e["complaint_ref"] for e in nobody["due_soon"]]) == (
        "Not assigned", ["C4"]
    )


def test_it_sends_a_digest_as_text(cast):
    text = digest("--date", "2025-11-17", "--within", "1")

    assert text.splitlines() == [
        "Complaints overdue or due within 1 working day, as at Mon 17 Nov 2025",
        "",
        "Alice Archer: 1 overdue, 0 due soon",
        "  OVERDUE   C1  stage 1 acknowledgement: Overdue: was due by Mon 10 Nov 2025 "
        "(5 working days ago)",
        "",
        "Bob Baker: 0 overdue, 1 due soon",
        "  DUE SOON  C5  stage 2 response: Due by Tue 18 Nov 2025 (1 working day left)",
        "",
        "Not assigned: 0 overdue, 1 due soon",
        "  DUE SOON  C4  stage 1 acknowledgement: Due today",
    ]


def test_it_says_when_nothing_is_due():
    assert digest("--date", "2025-11-17").splitlines()[1] == "Nothing is overdue or due soon."


def test_it_refuses_a_date_it_cannot_read_with_a_plain_message():
    with pytest.raises(CommandError, match="'17/11/2025' is not a date: write it as YYYY-MM-DD"):
        digest("--date", "17/11/2025")


def test_the_recurring_digest_emails_each_handler_their_own_part(cast, mailoutbox):
    out = StringIO()
    call_command("run_scheduled", "--only", "complaints digest", "--date", "2025-11-17",
                 stdout=out)
    assert out.getvalue().splitlines() == [
        "ok     complaints digest: 1 complaint step overdue and 3 due soon, for 3 handlers; "
        "2 e-mailed"]  # nobody to e-mail for the unassigned C4
    by_address = {message.to[0]: message for message in mailoutbox}
    assert sorted(by_address) == ["alice@example.org", "bob@example.org"]
    alice, bob = by_address["alice@example.org"], by_address["bob@example.org"]
    assert alice.subject == "Complaints overdue or due soon, 17 November 2025"
    assert "Alice Archer: 1 overdue, 0 due soon" in alice.body
    assert "C1  stage 1 acknowledgement" in alice.body
    assert "Bob" not in alice.body and "C4" not in alice.body  # only their own complaints
    assert "Bob Baker: 0 overdue, 2 due soon" in bob.body and "C3" in bob.body
