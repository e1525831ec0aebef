"""The evidence pack's significance (the dashboard's own test of change from last year) and
complaints learning (from the annual complaints report), suppressed as the rest of the pack."""

from types import SimpleNamespace

import pytest
from scrutiny_setup import landlord, scrutiny_cast

from doorstep.complaints import annual_report as annual
from doorstep.core.periods import ReportingYear
from doorstep.scrutiny import pack, services

pytestmark = pytest.mark.django_db


def result(value, margin, code="TP01"):
    return SimpleNamespace(code=code, value=value, unit="%",
                           details={"margin_of_error": margin})


def figure(value, margin, *, hidden=False):
    return SimpleNamespace(hidden=hidden, result=result(value, margin))


def test_it_calls_a_change_real_only_when_it_beats_both_margins():
    # 70.0 to 75.0 is up 5 points; margins 3 and 3 combine to √18 = 4.24: real.
    assert pack._change(figure(75.0, 3.0), figure(70.0, 3.0)) == {
        "words": "Up 5.0 points", "better": True, "significant": True}
    # Margins 4 and 4 combine to √32 = 5.66 > 5: could be chance.
    assert pack._change(figure(75.0, 4.0), figure(70.0, 4.0))["significant"] is False


def test_it_gives_no_change_beside_a_hidden_figure():
    assert pack._change(figure(75.0, 3.0, hidden=True), figure(70.0, 3.0)) is None
    assert pack._change(figure(75.0, 3.0), figure(70.0, 3.0, hidden=True)) is None
    assert pack._change(figure(75.0, 3.0), None) is None


def improvement(ref, summary, complaints, causes):
    return annual.Improvement(
        action_ref=ref, title="Staff title", what_will_change="", summary_for_residents=summary,
        status="in_progress", status_label="In progress", agreed_on=None, due_on=None,
        done_on=None, complaints=complaints, root_causes=causes)


@pytest.fixture
def learning(monkeypatch):
    report = SimpleNamespace(
        root_causes=[("Missed or late appointment", 14), ("Not kept informed", 4)],
        improvements=[
            improvement("A-1", "Text reminders the day before a visit", 12,
                        ("Missed or late appointment",)),
            improvement("A-2", "A named contact for each complaint", 4, ("Not kept informed",)),
            improvement("A-3", "", 20, ()),
        ])
    monkeypatch.setattr(annual, "annual_report", lambda *, year: report)
    return report


def test_it_lists_only_root_causes_of_10_or_more_complaints(learning):
    got = pack.complaints_learning(year=ReportingYear(2025))
    assert got["root_causes"] == [{"label": "Missed or late appointment", "complaints": 14}]


def test_it_lists_improvements_by_their_residents_summary_and_hides_small_counts(learning):
    got = pack.complaints_learning(year=ReportingYear(2025))
    assert got["improvements"] == [
        {"ref": "A-1", "summary": "Text reminders the day before a visit",
         "status": "In progress", "complaints": 12, "causes": ["Missed or late appointment"]},
        # 4 complaints: the count and the unlisted cause are left out.
        {"ref": "A-2", "summary": "A named contact for each complaint",
         "status": "In progress", "complaints": None, "causes": []},
    ]  # A-3 has no residents' summary, so it is not in the pack at all.


def test_it_freezes_the_learning_in_the_pack(learning, settings, tmp_path):
    landlord()
    people = scrutiny_cast()
    review = services.request_review(by=people["member"], title="Complaints")
    services.set_scope(review=review, by=people["member"], question="Do we learn?",
                       service="Complaints", measures="TP01", by_area=False,
                       evidence_wanted="", timetable="")
    services.start_gathering(review=review, by=people["member"])
    taken = services.take_pack(review=review, by=people["member"])
    learning.root_causes = [("Something new", 50)]
    taken.refresh_from_db()
    assert taken.content["complaints_learning"]["root_causes"] == [
        {"label": "Missed or late appointment", "complaints": 14}]
    assert "Not kept informed" not in str(taken.content)

