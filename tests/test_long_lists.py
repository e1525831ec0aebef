"""Every long list pages (issue 17): 50 rows on page 1, the rest on page 2, the filters kept
in the page links; exports stay whole; the hazards queue's overdue filter and counts stay
right across pages.

Hazards, worked by hand (read now, whatever day the suite runs):
- 52 emergencies, landlord aware 3 days ago, not made safe: the 24-hour clock ran out two
  days ago, so all 52 are overdue.
- 3 emergencies aware 2 hours ago: made safe due in 22 hours, not overdue.
- 1 significant hazard outside the timescales: no deadline, never overdue, listed last.
- 1 emergency closed yesterday: not in the queue.
Open: 52 + 3 + 1 = 56, overdue 52. Page 1: 50 overdue cases; page 2: the last 2 overdue,
the 3 due, then the one outside. Overdue only: 52, pages of 50 and 2.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from doorstep.accounts.testing import cast
from doorstep.hazards.hazard_list import load_hazard_list
from doorstep.hazards.models import HazardCase
from doorstep.stock.models import Home
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return cast()


def refs(html: str, prefix: str) -> list[str]:
    """The references on the page in order, each once (a row may name its own twice)."""
    words = [word for word in text_of(html).split() if word.startswith(prefix)]
    return list(dict.fromkeys(words))


def page(client, user, path: str) -> str:
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


# --- hazards ----------------------------------------------------------------------------


@pytest.fixture
def hazard_cases():
    load_hazard_list()
    home = Home.objects.create(home_ref="N1", tenure="LCRA", area="North")
    now = timezone.now()

    def case(ref, *, kind="emergency", aware, **facts):
        return HazardCase(hazard_ref=ref, kind=kind, hazard_id="damp_mould", source="report",
                          home=home, aware_at=aware, **facts)

    overdue = [case(f"HZ-O{n:02d}", aware=now - timedelta(days=3, minutes=n))
               for n in range(52)]
    due = [case(f"HZ-D{n}", aware=now - timedelta(hours=2, minutes=3 - n)) for n in range(3)]
    outside = case("HZ-X1", kind="significant", aware=now - timedelta(days=10),
                   timescales_apply=False)
    closed = case("HZ-C1", aware=now - timedelta(days=3),
                  closed_on=timezone.localdate() - timedelta(days=1))
    HazardCase.objects.bulk_create([*overdue, *due, outside, closed])
    return {"overdue": {c.hazard_ref for c in overdue}, "due": [c.hazard_ref for c in due]}


def test_it_pages_the_hazards_queue_overdue_first_and_counts_every_page(
    client, people, hazard_cases
):
    admin = people["administrator"]
    first = page(client, admin, "/hazards/")
    assert "Open hazard cases: 56, 52 overdue" in text_of(first)
    assert "Page 1 of 2" in text_of(first)
    on_first = refs(first, "HZ-")
    assert len(on_first) == 50 and set(on_first) <= hazard_cases["overdue"]

    second = page(client, admin, "/hazards/?page=2")
    on_second = refs(second, "HZ-")
    assert set(on_second[:2]) == hazard_cases["overdue"] - set(on_first)
    assert on_second[2:] == [*hazard_cases["due"], "HZ-X1"]
    assert "Open hazard cases: 56, 52 overdue" in text_of(second)


def test_it_keeps_the_overdue_filter_on_every_page_of_the_hazards_queue(
    client, people, hazard_cases
):
    admin = people["administrator"]
    first = page(client, admin, "/hazards/?clock=overdue")
    assert "Open hazard cases (filtered): 52, 52 overdue" in text_of(first)
    assert 'href="?clock=overdue&amp;page=2" rel="next"' in first
    second = page(client, admin, "/hazards/?clock=overdue&page=2")
    assert len(refs(second, "HZ-")) == 2
    assert set(refs(first, "HZ-") + refs(second, "HZ-")) == hazard_cases["overdue"]


def test_it_reads_only_the_page_of_cases_in_full(client, people, hazard_cases):
    # The queue works out all 56 cases' clocks from one light query, then reads the 50
    # shown with their home, hazard and handler in one more: the cost does not grow per row.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["administrator"])
    with CaptureQueriesContext(connection) as queries:
        client.get("/hazards/")
    case_queries = [q["sql"] for q in queries.captured_queries
                    if 'FROM "hazards_hazardcase"' in q["sql"]]
    light = [sql for sql in case_queries if '"closed_on" IS NULL' in sql
             and not sql.startswith('SELECT 1 AS "a"')]  # the "more than 500?" check
    assert len(light) == 1 and '"hazards_hazardcase"."description"' not in light[0]
    full = [sql for sql in case_queries if '"hazards_hazardcase"."id" IN (' in sql]
    assert len(full) == 1 and full[0].split(" IN (")[1].count(",") == 49


def test_it_pages_the_repairs_to_check_in_order_of_reporting(client, people, monkeypatch):
    # 53 damp repairs this year with no case: 25 a page (the repairs' own page size), so
    # pages of 25, 25 and 3, in the order they were reported; the cached path is taken when
    # the year has more repairs than CACHE_MATCHES_FROM and gives the same pages.
    from doorstep.hazards import services
    from doorstep.repairs.models import Repair

    load_hazard_list()
    home = Home.objects.create(home_ref="N1", tenure="LCRA", area="North")
    first_day = timezone.now() - timedelta(days=1)
    Repair.objects.bulk_create(
        Repair(repair_ref=f"R{n:02d}", home=home, reported_at=first_day + timedelta(minutes=n),
               target_at=first_day + timedelta(days=20), priority="routine",
               repair_type="responsive", category="damp_mould",
               description="Black mould in the bedroom", status="open")
        for n in range(53))
    for cached in (False, True):
        if cached:
            monkeypatch.setattr(services, "CACHE_MATCHES_FROM", 10)
        third = page(client, people["administrator"], "/hazards/?repairs_page=3")
        assert "Repairs this year to check for a hazard: 53" in text_of(third)
        assert refs(third, "R5") == ["R50", "R51", "R52"]
        second = page(client, people["administrator"], "/hazards/?repairs_page=2")
        assert [ref for ref in refs(second, "R") if ref[1:].isdigit()] == [
            f"R{n}" for n in range(25, 50)]


# --- complaints queue -------------------------------------------------------------------


def test_it_pages_the_complaints_queue_across_its_handlers(client, people):
    # 53 complaints received on 1 Sep 2026 and never acknowledged: every one overdue.
    # By handler: Alice Archer's 30 first, then Bob Baker's 23. Page 1: Alice's 30 and
    # Bob's first 20; page 2: Bob's last 3, his heading still counting all 23.
    from django.contrib.auth import get_user_model

    from doorstep.complaints.models import Complaint

    users = get_user_model().objects
    alice = users.create_user("alice", first_name="Alice", last_name="Archer")
    bob = users.create_user("bob", first_name="Bob", last_name="Baker")
    Complaint.objects.bulk_create(
        Complaint(complaint_ref=f"CP-{n:02d}", tenure="LCRA", received_on=date(2026, 9, 1),
                  category="repairs", stage1_handler=alice if n < 30 else bob)
        for n in range(53))
    handler = people["complaints_handler"]
    first = page(client, handler, "/complaints/?within=3")
    assert len(refs(first, "CP-")) == 50
    assert "Alice Archer: 30 complaints" in text_of(first)
    assert "Bob Baker: 23 complaints (20 on this page)" in text_of(first)
    assert 'href="?within=3&amp;page=2" rel="next"' in first
    second = page(client, handler, "/complaints/?within=3&page=2")
    assert refs(second, "CP-") == ["CP-50", "CP-51", "CP-52"]
    assert "Bob Baker: 23 complaints (3 on this page)" in text_of(second)
    assert "Alice Archer" not in text_of(second)
    assert "53 overdue" in text_of(second).replace("\n", " ")


# --- involvement activities and the action plan ----------------------------------------


def test_it_pages_the_involvement_activities_newest_first(client, people):
    from doorstep.involvement.models import Activity

    Activity.objects.bulk_create(
        Activity(activity_ref=f"ACT-{n:02d}", title=f"Walkabout {n}", kind="walkabout",
                 held_on=date(2026, 1, 1) + timedelta(days=n), channel="in_person")
        for n in range(53))
    admin = people["administrator"]
    first = page(client, admin, "/involvement/")
    assert "Activities: 53" in text_of(first)
    assert refs(first, "ACT-")[:2] == ["ACT-52", "ACT-51"] and len(refs(first, "ACT-")) == 50
    second = page(client, admin, "/involvement/?page=2")
    assert refs(second, "ACT-") == ["ACT-02", "ACT-01", "ACT-00"]


def test_it_pages_the_action_plan_keeping_its_filters_and_exports_every_action(
    client, people
):
    from doorstep.actions.models import Action

    Action.objects.bulk_create(
        [Action(action_ref=f"A-{n}", title=f"Fix {n}", status="agreed") for n in range(1, 54)]
        + [Action(action_ref="A-99", title="Dropped one", status="dropped")])
    admin = people["administrator"]
    first = page(client, admin, "/actions/?status=agreed")
    assert "Actions: 53" in text_of(first)
    assert refs(first, "A-")[:3] == ["A-1", "A-2", "A-3"] and len(refs(first, "A-")) == 50
    assert 'status=agreed&amp;page=2" rel="next"' in first
    second = page(client, admin, "/actions/?status=agreed&page=2")
    assert refs(second, "A-") == ["A-51", "A-52", "A-53"]
    export = client.get("/actions/?status=agreed&page=2&export=csv").content.decode()
    assert export.count("\nA-") == 53


def test_it_gives_the_same_queue_when_the_order_is_kept_and_shows_a_step_at_once(
    client, people, hazard_cases, monkeypatch
):
    # Above CACHE_ORDER_FROM open cases the order is kept for a minute; a step (here the
    # first overdue case made safe) writes an activity row and shows on the next visit.
    from doorstep.hazards import services

    admin = people["administrator"]
    direct = refs(page(client, admin, "/hazards/?page=2"), "HZ-")
    monkeypatch.setattr(services, "CACHE_ORDER_FROM", 10)
    assert refs(page(client, admin, "/hazards/?page=2"), "HZ-") == direct
    assert refs(page(client, admin, "/hazards/?page=2"), "HZ-") == direct
    first = HazardCase.objects.get(hazard_ref=refs(page(client, admin, "/hazards/"), "HZ-")[0])
    services.record_made_safe(case=first, by=None, at=timezone.now())
    text = text_of(page(client, admin, "/hazards/"))
    assert "Open hazard cases: 56, 51 overdue" in text


# --- a survey's households left out ---------------------------------------------------


def test_it_pages_the_households_left_out_of_a_survey_by_home(client, people):
    from doorstep.surveys.models import SampleExclusion
    from doorstep.surveys.services import create_survey

    Home.objects.bulk_create(Home(home_ref=f"H{n:02d}", tenure="LCRA", area="North")
                             for n in range(53))
    survey = create_survey(name="TSM 2026/27", kind="perception", tenure_scope="combined",
                           year="2026/27", fieldwork_starts=date(2026, 9, 1),
                           fieldwork_ends=date(2026, 11, 30))
    SampleExclusion.objects.bulk_create(
        SampleExclusion(survey=survey, home=home, reason="safeguarding")
        for home in Home.objects.all())
    analyst = people["analyst"]
    first = page(client, analyst, f"/surveys/{survey.pk}/sample/?x=1")
    assert "Households left out of the sample: 53" in text_of(first)
    assert len([ref for ref in refs(first, "H") if ref[1:].isdigit()]) == 50
    assert 'href="?x=1&amp;exclusions_page=2" rel="next"' in first
    second = page(client, analyst, f"/surveys/{survey.pk}/sample/?exclusions_page=2")
    assert [r for r in refs(second, "H") if r[1:].isdigit()] == ["H50", "H51", "H52"]


def test_it_reads_the_years_repairs_on_the_worker_after_a_repairs_import(
        tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    # Two damp repairs this year, over a CACHE_MATCHES_FROM of 2: the import queues the
    # reading, which keeps its matches; an import of another dataset leaves them kept, and
    # a second repairs import reads again.
    from django.core.cache import cache
    from test_imports import COMPLAINT_ROWS, import_stock, load_ok

    from doorstep.core.periods import ReportingYear
    from doorstep.hazards import services
    from doorstep.ops.models import Job
    from doorstep.ops.tasks import check_repairs_for_hazards

    monkeypatch.setattr(services, "CACHE_MATCHES_FROM", 2)
    cache.clear()
    load_hazard_list()
    import_stock(tmp_path)
    today = timezone.localdate()
    header = ["repair_ref", "home_ref", "building_ref", "reported_at", "priority",
              "priority_label", "target_at", "completed_at", "status", "repair_type",
              "category", "description", "cost_gbp"]
    rows = [header] + [
        [f"R{n}", "H1", "", f"{today - timedelta(days=n):%Y-%m-%d} 09:00", "routine",
         "Routine", f"{today + timedelta(days=20):%Y-%m-%d} 09:00", "", "", "", "Damp mould",
         "Black mould in the bedroom", ""]
        for n in (1, 2)]
    reads = []
    real = services.repair_hazards
    monkeypatch.setattr(services, "repair_hazards",
                        lambda **kw: reads.append(kw["year"]) or real(**kw))
    with django_capture_on_commit_callbacks(execute=True):
        load_ok(tmp_path, "repairs", rows, name="repairs_1")
    job = Job.objects.get(task_name=check_repairs_for_hazards.module_path)
    year = ReportingYear.containing(today)
    assert (job.status, job.message) == (
        Job.Status.DONE, "2 repairs and hazards found to check or route")
    assert reads == [year]
    with django_capture_on_commit_callbacks(execute=True):
        load_ok(tmp_path, "complaints", COMPLAINT_ROWS)
    assert services.read_repairs_for_hazards(year=year) == 2
    assert reads == [year]  # kept: complaints are not repairs
    with django_capture_on_commit_callbacks(execute=True):
        load_ok(tmp_path, "repairs", rows, name="repairs_2")
    assert reads == [year, year]


def test_it_reads_the_repairs_again_when_one_is_changed_by_hand(monkeypatch):
    # Three repairs this year over a CACHE_MATCHES_FROM of 2: two describe mould. The
    # matches are kept; a repair edited on its own (as in Django's admin) is read again.
    from django.core.cache import cache

    from doorstep.core.periods import ReportingYear
    from doorstep.hazards import services
    from doorstep.repairs.models import Repair

    monkeypatch.setattr(services, "CACHE_MATCHES_FROM", 2)
    cache.clear()
    load_hazard_list()
    home = Home.objects.create(home_ref="N1", tenure="LCRA", area="North")
    now = timezone.now()
    for n, text in enumerate(["Black mould in the bedroom", "Mould on the ceiling",
                              "Kitchen tap dripping"]):
        Repair.objects.create(repair_ref=f"R{n}", home=home,
                              reported_at=now - timedelta(hours=n + 1),
                              target_at=now + timedelta(days=20), priority="routine",
                              repair_type="responsive", category="", description=text,
                              status="open")
    year = ReportingYear.containing(timezone.localdate())
    assert services.read_repairs_for_hazards(year=year) == 2
    tap = Repair.objects.get(repair_ref="R2")
    tap.description = "Mould behind the kitchen units"
    tap.save()
    assert services.read_repairs_for_hazards(year=year) == 3
