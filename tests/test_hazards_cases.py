"""Hazard cases: opened from a report, a repair or a resident's comment; every step logged;
steps the case does not allow refused; overdue hazards first on the dashboard; damp and
mould repairs with no case listed."""

import json
from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from test_casework_transitions import make_user

from doorstep.core.periods import UK, ReportingYear
from doorstep.hazards import services
from doorstep.hazards.models import HazardActivity, HazardCase
from doorstep.hazards.services import HazardError
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment, SurveyResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return make_user("alice", "Alice", "Archer")


@pytest.fixture
def home():
    return Home.objects.create(home_ref="H1", tenure="LCRA", area="North")


def uk(*parts) -> datetime:
    return datetime(*parts, tzinfo=UK)


def repair(ref: str, home: Home, reported: datetime, category="damp_mould") -> Repair:
    return Repair.objects.create(
        repair_ref=ref, home=home, reported_at=reported, priority="non_emergency",
        target_at=reported, status="open", category=category, description=f"Mould ({ref})",
    )


def actions(case: HazardCase) -> list[str]:
    return list(case.activity.values_list("action", flat=True))


def test_it_opens_a_case_from_a_repair_aware_when_the_repair_was_reported(alice, home):
    case = services.open_from_repair(repair=repair("R1", home, uk(2025, 11, 3, 9)), by=alice)

    case.refresh_from_db()
    # With no kind given, a significant damp and mould hazard, as before the hazard list.
    assert (case.hazard_ref, case.kind, case.hazard_id, case.source, case.home) == (
        f"HZ-{case.pk:06d}", "significant", "damp_mould", "repair", home
    )
    assert case.aware_at == uk(2025, 11, 3, 9)
    assert case.timescales_apply is True
    assert case.rule == (
        "Significant hazard timescales in force from Mon 27 Oct 2025 for damp and mould growth"
    )
    entry = case.activity.get()
    assert (entry.action, entry.by) == ("opened", alice)
    assert entry.summary == (
        "Significant hazard case opened for damp and mould growth from repair R1; aware Mon 3 "
        "Nov 2025 at 09:00 GMT. Significant hazard timescales in force from Mon 27 Oct 2025 "
        "for damp and mould growth"
    )


def test_it_opens_a_case_from_a_flagged_comment_at_the_residents_home(alice, home):
    response = SurveyResponse.objects.create(
        response_ref="S1", home=home, tenure="LCRA", completed_on=date(2025, 11, 1),
        channel="online",
    )
    comment = Comment.objects.create(response=response, text="Black mould in the bedroom")

    case = services.open_hazard_case(by=alice, kind="damp_mould", comment=comment,
                                     aware_at=uk(2025, 11, 4, 14))

    assert (case.source, case.home, case.comment) == ("comment", home, comment)
    assert list(comment.hazard_cases.all()) == [case]


def test_it_refuses_what_it_cannot_open_with_a_plain_message(alice, home):
    r1 = repair("R1", home, uk(2025, 11, 3, 9))
    services.open_from_repair(repair=r1, by=alice)

    with pytest.raises(HazardError, match=r"Repair R1 already has an open hazard case, HZ-"):
        services.open_from_repair(repair=r1, by=alice)
    with pytest.raises(HazardError, match="'fire' is not a kind of hazard"):
        services.open_hazard_case(by=alice, kind="fire", aware_at=uk(2025, 11, 3, 9))
    with pytest.raises(HazardError, match="'fires' is not a hazard in the HHSRS hazard list"):
        services.open_hazard_case(by=alice, kind="significant", hazard="fires",
                                  aware_at=uk(2025, 11, 3, 9))
    with pytest.raises(HazardError, match="Say which hazard it is"):
        services.open_hazard_case(by=alice, kind="significant", aware_at=uk(2025, 11, 3, 9))
    with pytest.raises(HazardError, match="Crowding and space cannot be an emergency hazard"):
        services.open_hazard_case(by=alice, kind="emergency", hazard="crowding_space",
                                  aware_at=uk(2025, 11, 3, 9))
    with pytest.raises(HazardError, match="in the future"):
        services.open_hazard_case(by=alice, kind="emergency", aware_at=uk(2099, 1, 1, 9))
    assert HazardCase.objects.count() == 1


def test_it_writes_the_activity_log_for_every_step(alice, home):
    damp = services.open_hazard_case(by=alice, kind="damp_mould", home=home,
                                     aware_at=uk(2025, 11, 3, 9))
    services.assign_handler(case=damp, by=alice, handler=alice)
    services.record_investigation(case=damp, by=alice, concluded_on=date(2025, 11, 12),
                                  findings="Condensation mould, bedroom", further_works_needed=True)
    services.record_summary_sent(case=damp, by=alice, on=date(2025, 11, 14))
    services.record_safety_work(case=damp, by=alice, on=date(2025, 11, 19))
    services.offer_alternative_accommodation(case=damp, by=alice, on=date(2025, 11, 13),
                                             note="Hotel while the bedroom dries")
    services.defer_further_works(case=damp, by=alice, reason="Roof needs scaffolding")
    services.record_further_works_started(case=damp, by=alice, on=date(2026, 1, 12))
    services.close_case(case=damp, by=alice, on=date(2026, 2, 2), note="Works complete")
    emergency = services.open_hazard_case(by=alice, kind="emergency", home=home,
                                          aware_at=uk(2025, 11, 7, 18, 30))
    services.record_made_safe(case=emergency, by=alice, at=uk(2025, 11, 8, 11))

    assert actions(damp) == [
        "opened", "handler_assigned", "investigated", "summary_sent", "safety_work_done",
        "alternative_accommodation_offered", "further_works_deferred", "further_works_started",
        "closed",
    ]
    assert actions(emergency) == ["opened", "made_safe"]
    assert HazardActivity.objects.filter(by=alice).count() == 11
    investigated = damp.activity.get(action="investigated")
    assert investigated.changes == {
        "investigation_concluded_on": [None, "2025-11-12"],
        "findings": ["", "Condensation mould, bedroom"],
        "further_works_needed": [None, "True"],
    }
    assert emergency.activity.get(action="made_safe").summary == (
        "Investigated and made safe Sat 8 Nov 2025 at 11:00 GMT"
    )
    damp.refresh_from_db()
    assert damp.alternative_accommodation_offered_on == date(2025, 11, 13)
    assert [clock.status for clock in services.hazard_clocks(case=damp)] == ["met"] * 4


def test_it_refuses_steps_the_case_does_not_allow(alice, home):
    damp = services.open_hazard_case(by=alice, kind="damp_mould", home=home,
                                     aware_at=uk(2025, 11, 3, 9))

    with pytest.raises(HazardError, match="significant hazard: damp and mould growth: you "
                       "cannot record it"):
        services.record_made_safe(case=damp, by=alice, at=uk(2025, 11, 3, 12))
    with pytest.raises(HazardError, match="Record the investigation first"):
        services.record_summary_sent(case=damp, by=alice, on=date(2025, 11, 5))
    with pytest.raises(HazardError, match="before the landlord became aware"):
        services.record_investigation(case=damp, by=alice, concluded_on=date(2025, 11, 1),
                                      findings="Mould", further_works_needed=False)
    services.record_investigation(case=damp, by=alice, concluded_on=date(2025, 11, 5),
                                  findings="Mould", further_works_needed=False)
    with pytest.raises(HazardError, match="no further works were needed"):
        services.defer_further_works(case=damp, by=alice, reason="Scaffolding")
    services.close_case(case=damp, by=alice, on=date(2025, 11, 20), note="Done")
    with pytest.raises(HazardError, match="closed on Thu 20 Nov 2025"):
        services.record_safety_work(case=damp, by=alice, on=date(2025, 11, 21))
    assert actions(damp) == ["opened", "investigated", "closed"]


def test_it_lists_open_hazards_overdue_first(alice, home):
    now = uk(2025, 11, 18, 12)
    # Damp aware Mon 3 Nov, not investigated: due Mon 17 Nov, overdue on Tue 18 Nov.
    late_damp = services.open_hazard_case(by=alice, kind="damp_mould", home=home,
                                          aware_at=uk(2025, 11, 3, 9))
    # Emergency aware Tue 18 Nov 08:00: due Wed 19 Nov 08:00, not yet overdue.
    fresh = services.open_hazard_case(by=alice, kind="emergency", home=home,
                                      aware_at=uk(2025, 11, 18, 8))
    # Emergency aware Sun 16 Nov 20:00: due Mon 17 Nov 20:00, overdue by 16 hours.
    late_emergency = services.open_hazard_case(by=alice, kind="emergency", home=home,
                                               aware_at=uk(2025, 11, 16, 20))
    # Damp aware Mon 10 Nov: due Mon 24 Nov.
    later_damp = services.open_hazard_case(by=alice, kind="damp_mould", home=home,
                                           aware_at=uk(2025, 11, 10, 9))
    closed = services.open_hazard_case(by=alice, kind="emergency", home=home,
                                       aware_at=uk(2025, 11, 1, 9))
    services.close_case(case=closed, by=alice, on=date(2025, 11, 2), note="Made safe")

    listed = services.open_hazards(now=now)

    # Overdue first, the longest overdue at the top (Mon 17 Nov's working day ends after
    # 20:00 the same day, so the damp clock is the later of the two); then by next deadline.
    assert [entry.case for entry in listed] == [late_emergency, late_damp, fresh, later_damp]
    assert [entry.case for entry in services.overdue_hazards(now=now)] == [
        late_emergency, late_damp
    ]
    assert listed[0].overdue[0].description == (
        "Overdue: was due by Mon 17 Nov 2025 at 20:00 GMT (16 hours ago)"
    )


def test_it_lists_the_dashboard_in_two_queries(alice, home, django_assert_num_queries):
    for day in (3, 4, 5):
        services.open_hazard_case(by=alice, kind="damp_mould", home=home,
                                  aware_at=uk(2025, 11, day, 9), handler=alice)
    with django_assert_num_queries(2):  # the cases with home and handler; the closure days
        listed = services.open_hazards(now=uk(2025, 11, 18, 12))
        handlers = [entry.case.handler.username for entry in listed]
        homes = [entry.case.home.home_ref for entry in listed]
    assert (handlers, homes) == (["alice"] * 3, ["H1"] * 3)


def test_it_lists_damp_and_mould_repairs_with_no_hazard_case(alice, home):
    with_case = repair("R1", home, uk(2025, 5, 1, 9))
    services.open_from_repair(repair=with_case, by=alice)
    repair("R2", home, uk(2025, 6, 2, 9))
    repair("R3", home, uk(2026, 3, 31, 23, 30))  # last day of 2025/26, UK time
    repair("R4", home, uk(2026, 4, 1, 0, 30))  # 2026/27
    repair("R5", home, uk(2025, 7, 1, 9), category="plumbing")

    missing = services.damp_mould_repairs_without_case(year=ReportingYear(2025))

    assert [r.repair_ref for r in missing] == ["R2", "R3"]
    # The command reads repairs against the hazards in scope on the day each was reported:
    # damp and mould from Mon 27 Oct 2025, so R1, R2 and R5 (May to July 2025, R5 "Mould" in
    # a plumbing repair) are before Awaab's Law and only R3 is listed.
    out = StringIO()
    call_command("hazards_from_repairs", "--year", "2025/26", "--format", "json", stdout=out)
    listed = json.loads(out.getvalue())
    assert [(r["repair_ref"], r["home_ref"], r["reported_at"], r["hazard"], r["route"])
            for r in listed["repairs"]] == [
        ("R3", "H1", "2026-03-31T23:30:00+01:00", "damp_mould", "check"),
    ]
    assert listed["with_case"] == []
    out = StringIO()
    call_command("hazards_from_repairs", "--year", "2025/26", stdout=out)
    assert out.getvalue().splitlines() == [
        "1 repair reported in 2025/26 may describe a hazard in scope and have no hazard case: "
        "check each one",
        "  R3  home H1  reported 2026-03-31 23:30  Damp and mould growth (significant)  words: "
        "damp_mould, mould  Mould (R3)",
    ]


def test_it_refuses_a_year_it_cannot_read():
    with pytest.raises(CommandError, match="'2025' is not a reporting year"):
        call_command("hazards_from_repairs", "--year", "2025")
