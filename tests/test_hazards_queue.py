"""The hazards queue and the home page for every hazard: filtered by hazard, by group and by
clock, a page at a time; outside-timescales cases said so and never overdue; open cases by
hazard on the home page; the form for a case filled in from a repair or a flag.

Clocks (England's calendar):
- Electrical emergency, aware Mon 30 Nov 2026 09:00, not made safe: overdue from Tue 1 Dec
  09:00, for ever after.
- Damp and mould, aware Mon 5 Oct 2026, not investigated: due Mon 19 Oct; overdue since.
- Falls on stairs, aware Mon 2 Nov 2026, investigated Tue 3 Nov, every follow-up done in
  time, no further works: nothing open.
- Excess cold, aware Mon 19 Oct 2026: before its start (27 Oct 2026), outside.
"""

import pytest
from test_hazards_scope import uk

from doorstep.accounts.testing import cast
from doorstep.hazards import services, views
from doorstep.hazards.hazard_list import load_hazard_list
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment, SurveyResponse
from doorstep.voice.models import CodedComment, HazardFlag
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def hazard_list():
    load_hazard_list()


@pytest.fixture
def people():
    return cast(manager_areas=("North",))


@pytest.fixture
def cases():
    from datetime import date

    north = Home.objects.create(home_ref="N1", tenure="LCRA", area="North")
    south = Home.objects.create(home_ref="S1", tenure="LCRA", area="South")
    wiring = services.open_hazard_case(by=None, kind="emergency", hazard="electrical",
                                       home=north, aware_at=uk(2026, 11, 30, 9))
    damp = services.open_hazard_case(by=None, kind="significant", hazard="damp_mould",
                                     home=north, aware_at=uk(2026, 10, 5, 9))
    stairs = services.open_hazard_case(by=None, kind="significant", hazard="falls_stairs",
                                       home=north, aware_at=uk(2026, 11, 2, 9))
    services.record_investigation(case=stairs, by=None, concluded_on=date(2026, 11, 3),
                                  findings="Rail loose", further_works_needed=False)
    services.record_summary_sent(case=stairs, by=None, on=date(2026, 11, 4))
    services.record_safety_work(case=stairs, by=None, on=date(2026, 11, 5))
    cold = services.open_hazard_case(by=None, kind="significant", hazard="excess_cold",
                                     home=north, aware_at=uk(2026, 10, 19, 9))
    unknown = services.open_hazard_case(by=None, kind="emergency", home=south,
                                        aware_at=uk(2026, 11, 30, 9))
    return {"wiring": wiring, "damp": damp, "stairs": stairs, "cold": cold,
            "unknown": unknown}


def refs_on(client, user, query="") -> list[str]:
    client.force_login(user)
    response = client.get("/hazards/" + query)
    assert response.status_code == 200
    text = text_of(response.content)
    return [word for word in text.split() if word.startswith("HZ-")]


def test_it_filters_the_queue_by_hazard_group_and_clock(client, people, cases):
    admin = people["administrator"]
    ref = {name: case.hazard_ref for name, case in cases.items()}

    # Overdue first (the longest overdue at the top), then by next deadline, then those with
    # none running (nothing open, or outside the timescales) by when the landlord was aware.
    assert refs_on(client, admin) == [ref["damp"], ref["wiring"], ref["unknown"],
                                      ref["cold"], ref["stairs"]]
    assert refs_on(client, admin, "?hazard=electrical") == [ref["wiring"]]
    assert refs_on(client, admin, "?group=accidents") == [ref["wiring"], ref["stairs"]]
    assert refs_on(client, admin, "?group=physiological") == [ref["damp"], ref["cold"]]
    assert refs_on(client, admin, "?hazard=not_recorded") == [ref["unknown"]]
    assert refs_on(client, admin, "?clock=overdue") == [ref["damp"], ref["wiring"],
                                                        ref["unknown"]]
    assert refs_on(client, admin, "?clock=outside") == [ref["cold"]]
    # A service manager of the North sees the North's cases only, filtered the same way.
    assert refs_on(client, people["service_manager"], "?clock=overdue") == [
        ref["damp"], ref["wiring"]]

    text = text_of(client.get("/hazards/?group=physiological").content)
    assert "Open hazard cases (filtered): 2, 1 overdue" in text
    assert (f"{ref['cold']} Significant hazard: Excess cold N1, North None Outside timescales "
            "Outside Awaab's Law timescales: tracked, with no deadline") in text
    assert (f"{ref['damp']} Significant hazard: Damp and mould growth N1, North Investigate "
            "Overdue Overdue: was due by Mon 19 Oct 2026") in text
    text = text_of(client.get("/hazards/?hazard=fires").content)
    assert "Select a valid choice. fires is not one of the available choices." in text


def test_it_pages_a_long_queue(client, people, cases, monkeypatch):
    monkeypatch.setattr(views, "CASES_PER_PAGE", 2)
    admin = people["administrator"]
    ref = {name: case.hazard_ref for name, case in cases.items()}

    assert refs_on(client, admin) == [ref["damp"], ref["wiring"]]
    assert refs_on(client, admin, "?page=3") == [ref["stairs"]]
    text = text_of(client.get("/hazards/?group=accidents&page=1").content)
    assert "Page 1 of 1" not in text and "Open hazard cases (filtered): 2" in text
    html = client.get("/hazards/?page=2").content.decode()
    assert "Page 2 of 3" in text_of(html)
    assert 'href="?page=3"' in html and 'href="?page=1"' in html


def test_it_says_every_page_of_a_case_outside_the_timescales_says_so(client, people, cases):
    client.force_login(people["administrator"])
    cold = cases["cold"].hazard_ref

    text = text_of(client.get(f"/hazards/case/{cold}/").content)
    assert ("Significant hazard: excess cold Outside Awaab's Law timescales. The rule when "
            "the case was opened: Outside Awaab's Law timescales: excess cold came into scope "
            "on Tue 27 Oct 2026, after the landlord became aware on Mon 19 Oct 2026.") in text
    assert ("Investigate Not set yet Outside timescales Not done yet; no deadline: outside "
            "Awaab's Law timescales") in text
    assert "Overdue" not in text
    text = text_of(client.get(f"/hazards/case/{cold}/investigation/").content)
    assert f"Hazard case {cold}: significant hazard: excess cold (outside Awaab's Law " \
           "timescales)" in text


def test_it_shows_every_open_hazard_by_its_clock_on_the_home_page(client, people, cases):
    client.force_login(people["administrator"])
    html = client.get("/").content
    text = text_of(html)

    assert "Overdue hazards: 3" in text
    assert (f"{cases['wiring'].hazard_ref}, emergency hazard (electrical hazards) at N1: "
            "Investigate and make safe: Overdue: was due by Tue 1 Dec 2026 at 09:00 GMT") in text
    assert ("Open hazard cases by hazard: 5 Hazard On Awaab's Law clocks Of which overdue "
            "Outside the timescales Damp and mould growth 1 1 0 Excess cold 0 0 1 Falling on "
            "stairs etc. 1 0 0 Electrical hazards 1 1 0 Hazard not recorded 1 1 0") in text
    assert inline_code_in(html) == []
    client.force_login(people["service_manager"])
    text = text_of(client.get("/").content)
    assert "Overdue hazards: 2" in text and "Hazard not recorded" not in text
    for role in ("complaints_handler", "engagement_officer", "board_member", "panel_member"):
        client.force_login(people[role])
        assert "Open hazard cases by hazard" not in text_of(client.get("/").content), role


def test_it_fills_in_the_case_from_the_repair_or_the_flag(client, people):
    admin = people["administrator"]
    client.force_login(admin)
    home = Home.objects.create(home_ref="N1", tenure="LCRA", area="North")
    Repair.objects.create(repair_ref="R1", home=home, reported_at=uk(2026, 11, 30, 9),
                          priority="emergency", target_at=uk(2026, 11, 30, 9), status="open",
                          category="electrical", description="Exposed wires by the meter")
    html = client.get("/hazards/open/repair/R1/").content.decode()
    assert ('The words “exposed wires” suggest this hazard, possibly an emergency (the words '
            'suggest an emergency)') in text_of(html)
    assert 'id="id_kind_0" value="emergency" checked>' in html
    assert '<option value="electrical" selected>' in html

    response = SurveyResponse.objects.create(response_ref="V1", home=home, tenure="LCRA",
                                             completed_on=uk(2026, 11, 1).date(),
                                             channel="online")
    comment = Comment.objects.create(response=response, text="Someone threatened me")
    coded = CodedComment.objects.create(source="survey", survey_comment=comment, home=home,
                                        text=comment.text, redacted_text=comment.text,
                                        sentiment="negative")
    flag = HazardFlag.objects.create(coded_comment=coded, kind="safeguarding",
                                     flagged_on=uk(2026, 11, 2).date(),
                                     follow_up_by=uk(2026, 11, 3).date())
    html = client.get(f"/hazards/open/comment/{flag.pk}/").content.decode()
    # Not a hazard code: the person chooses the hazard and the kind.
    assert '<option value="" selected>Not known yet</option>' in html
    assert "checked" not in html


def test_it_records_the_hazard_of_an_emergency_through_its_step(client, people, cases):
    unknown = cases["unknown"]
    url = f"/hazards/case/{unknown.hazard_ref}/"
    client.force_login(people["administrator"])
    assert "Record the hazard" in text_of(client.get(url).content)

    text = text_of(client.post(url + "hazard/", {"hazard": ""}, follow=True).content)
    assert "There is a problem Select the hazard" in text
    text = text_of(client.post(url + "hazard/", {"hazard": "fire"}, follow=True).content)
    assert f"Hazard recorded for hazard case {unknown.hazard_ref}" in text
    assert "Emergency hazard: fire" in text and "Hazard Fire (protection against accidents)" \
        in text
    assert "Record the hazard" not in text
    # Who may not: an analyst reads, a manager of another area does not see it at all.
    client.force_login(people["analyst"])
    assert client.post(url + "hazard/", {"hazard": "fire"}).status_code == 403
    client.force_login(people["service_manager"])
    assert client.get(url + "hazard/").status_code == 404


def test_it_fills_the_hazard_list_again_if_the_table_was_emptied(client, people):
    # As a flushed test database leaves it: the list is reference data from the migration.
    from doorstep.hazards.models import Hazard

    Hazard.objects.all().delete()
    client.force_login(people["administrator"])
    html = client.get("/hazards/").content.decode()
    assert '<option value="excess_cold">Excess cold</option>' in html
    assert Hazard.objects.count() == 29
    Hazard.objects.all().delete()
    home = Home.objects.create(home_ref="N1", tenure="LCRA", area="North")
    case = services.open_hazard_case(by=None, kind="damp_mould", home=home,
                                     aware_at=uk(2026, 11, 2, 9))
    assert (case.hazard_id, Hazard.objects.count()) == ("damp_mould", 29)
