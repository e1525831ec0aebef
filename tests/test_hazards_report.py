"""The year's hazard report, a page and a PDF: cases the landlord became aware of in 2026/27
by hazard, on time, late, still running and outside the timescales, worked by hand; who may
see it (every role); the PDF read back with pdftotext.

The cases (England's calendar):
- Damp and mould A, aware Mon 2 Nov 2026; investigated Wed 4 Nov (due Mon 16 Nov), summary
  Thu 5 Nov (due Mon 9 Nov), safety work Fri 6 Nov (due Wed 11 Nov), no further works: on
  time.
- Damp and mould B, aware Mon 5 Oct 2026, not investigated (due Mon 19 Oct): late.
- Excess cold, aware Mon 19 Oct 2026, before it came into scope on Tue 27 Oct: outside.
- Electrical emergency C, aware Mon 30 Nov 2026 09:00, made safe Tue 1 Dec 08:00: on time.
- Electrical emergency D (South), aware Mon 30 Nov 2026 09:00, not made safe: late.
- An emergency aware in 2025/26 (Mon 3 Nov 2025): another year, not counted.
Rows: damp and mould 2 (1 on time, 1 late); excess cold 1 (outside); electrical 2
(emergencies: 1 on time, 1 late). All: 5 = 2 on time + 2 late + 0 running + 1 outside.
"""

import shutil
import subprocess
from datetime import date

import pytest
from test_hazards_scope import uk

from doorstep.accounts.testing import cast
from doorstep.core.periods import ReportingYear
from doorstep.hazards import services, views
from doorstep.hazards.hazard_list import load_hazard_list
from doorstep.hazards.report import hazard_report
from doorstep.stock.models import Home
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db
URL = "/hazards/report/2026-27/"


@pytest.fixture(autouse=True)
def hazard_list():
    load_hazard_list()


@pytest.fixture
def people():
    return cast(manager_areas=("North",))


@pytest.fixture
def cases():
    north = Home.objects.create(home_ref="N1", tenure="LCRA", area="North")
    south = Home.objects.create(home_ref="S1", tenure="LCRA", area="South")

    def opened(kind, hazard, aware, home=north):
        return services.open_hazard_case(by=None, kind=kind, hazard=hazard, home=home,
                                         aware_at=aware)

    a = opened("significant", "damp_mould", uk(2026, 11, 2, 9))
    services.record_investigation(case=a, by=None, concluded_on=date(2026, 11, 4),
                                  findings="Condensation", further_works_needed=False)
    services.record_summary_sent(case=a, by=None, on=date(2026, 11, 5))
    services.record_safety_work(case=a, by=None, on=date(2026, 11, 6))
    b = opened("significant", "damp_mould", uk(2026, 10, 5, 9))
    cold = opened("significant", "excess_cold", uk(2026, 10, 19, 9))
    c = opened("emergency", "electrical", uk(2026, 11, 30, 9))
    services.record_made_safe(case=c, by=None, at=uk(2026, 12, 1, 8))
    d = opened("emergency", "electrical", uk(2026, 11, 30, 9), home=south)
    opened("emergency", None, uk(2025, 11, 3, 9))
    return {"a": a, "b": b, "cold": cold, "c": c, "d": d}


def row_of(row) -> tuple:
    return (row.name, row.cases, row.emergency, row.significant, row.on_time, row.late,
            row.running, row.outside)


def test_it_counts_the_years_cases_by_hazard_worked_by_hand(cases):
    report = hazard_report(year=ReportingYear(2026), now=uk(2026, 12, 2, 12))

    assert [row_of(row) for row in report.rows] == [
        ("Damp and mould growth", 2, 0, 2, 1, 1, 0, 0),
        ("Excess cold", 1, 0, 1, 0, 0, 0, 1),
        ("Electrical hazards", 2, 2, 0, 1, 1, 0, 0),
    ]
    assert row_of(report.total) == ("All hazards", 5, 2, 3, 2, 2, 0, 1)
    late = {o.case.hazard_ref: o.late_clocks for o in report.cases if o.outcome == "late"}
    assert late == {cases["b"].hazard_ref: ["Investigate"],
                    cases["d"].hazard_ref: ["Investigate and make safe"]}
    # Read on Mon 30 Nov at 12:00, both emergencies were within their 24 hours (running);
    # B was already overdue (from Tue 20 Oct).
    earlier = hazard_report(year=ReportingYear(2026), now=uk(2026, 11, 30, 12))
    assert row_of(earlier.total) == ("All hazards", 5, 2, 3, 1, 1, 2, 1)


def test_it_shows_the_report_page_with_the_same_figures(client, people, cases):
    client.force_login(people["administrator"])
    html = client.get(URL).content
    text = text_of(html)

    assert "Hazard report 2026/27" in text
    assert ("Damp and mould growth Physiological requirements 2 0 2 1 1 0 0 Excess cold "
            "Physiological requirements 1 0 1 0 0 0 1 Electrical hazards Protection against "
            "accidents 2 2 0 1 1 0 0 All hazards 5 2 3 2 2 0 1") in text
    assert f"{cases['b'].hazard_ref} Damp and mould growth Significant hazard N1 5 Oct 2026 " \
           "Late Investigate" in text
    assert f"{cases['cold'].hazard_ref} Excess cold Significant hazard N1 19 Oct 2026 " \
           "Outside Awaab's Law timescales –" in text
    assert "Hazard cases, 2026/27: 5" in text
    assert inline_code_in(html) == []
    text = text_of(client.get(URL, {"outcome": "late"}).content)
    assert "Hazard cases (late), 2026/27: 2" in text
    assert [word for word in text.split() if word.startswith("HZ-")] == [
        cases["b"].hazard_ref, cases["d"].hazard_ref]


def test_it_lets_every_role_see_what_it_may(client, people, cases):
    def seen(role, url=URL):
        client.force_login(people[role])
        response = client.get(url)
        return response.status_code, text_of(response.content)

    for role in ("administrator", "analyst"):
        status, text = seen(role)
        assert status == 200 and "Hazard cases, 2026/27: 5" in text, role
    # A service manager: the landlord's figures, the cases of their own area.
    status, text = seen("service_manager")
    assert "All hazards 5 2 3 2 2 0 1" in text
    assert "Hazard cases, 2026/27: 4" in text and cases["d"].hazard_ref not in text
    assert "The cases counted above in your areas" in text
    # The measures but not the cases.
    for role in ("complaints_handler", "engagement_officer", "board_member"):
        status, text = seen(role)
        assert status == 200 and "All hazards 5 2 3 2 2 0 1" in text, role
        assert "The cases" not in text and "HZ-" not in text, role
    # A panel member: counts under 10 suppressed, no case.
    status, text = seen("panel_member")
    assert status == 200
    assert ("All hazards fewer than 10 fewer than 10 fewer than 10 fewer than 10 fewer than 10 "
            "0 fewer than 10") in text
    assert "HZ-" not in text and "N1" not in text
    for url in (URL, URL + "pdf/", "/hazards/report/"):
        assert seen("no_role", url)[0] == 403, url
    client.logout()
    signed_out = client.get(URL)
    assert signed_out.status_code == 302 and "next=/hazards/report/2026-27/" in \
        signed_out["Location"]
    client.force_login(people["administrator"])
    assert client.get("/hazards/report/2026/").status_code == 404
    response = client.get("/hazards/report/", {"year": "2026/27"})
    assert response["Location"] == URL
    text = text_of(client.get("/hazards/report/", {"year": "next year"}).content)
    assert "'next year' is not a reporting year: write it like 2025/26" in text


def _pdf_tools_or_skip():
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        pytest.skip("WeasyPrint is not installed")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")


def test_it_makes_a_pdf_with_the_same_figures(client, people, cases, tmp_path):
    _pdf_tools_or_skip()
    client.force_login(people["analyst"])
    response = client.get(URL + "pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="hazard-report-2026-27.pdf"' in response["Content-Disposition"]
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)

    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())
    assert "Hazard report 2026/27" in text
    assert "Damp and mould growth Physiological requirements 2 0 2 1 1 0 0" in text
    # A narrow cell wraps its words around its neighbour's: "Electrical Protection hazards
    # against accidents".
    assert "Electrical Protection hazards against accidents 2 2 0 1 1 0 0" in text
    assert "All hazards 5 2 3 2 2 0 1" in text
    # The PDF lists the late cases only (the page lists them all).
    assert "Hazard cases (late), 2026/27: 2" in text
    assert f"{cases['d'].hazard_ref} Electrical hazards Emergency hazard S1 30 Nov 2026 Late" \
        in text
    assert cases["a"].hazard_ref not in text and cases["cold"].hazard_ref not in text


def test_it_lists_at_most_so_many_late_cases_in_the_pdf(client, people, cases, tmp_path,
                                                         monkeypatch):
    _pdf_tools_or_skip()
    monkeypatch.setattr(views, "PDF_CASES", 1)
    client.force_login(people["administrator"])
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(client.get(URL + "pdf/").content)

    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())
    assert "Hazard cases (late), 2026/27: 2" in text and "Here, the first 1 of 2." in text
    assert cases["b"].hazard_ref in text and cases["d"].hazard_ref not in text


def test_it_shows_the_report_in_the_same_number_of_queries_however_many_cases(client, people,
                                                                              cases):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["administrator"])
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    home = Home.objects.get(home_ref="S1")
    for day in range(2, 12):
        services.open_hazard_case(by=None, kind="significant", hazard="fire", home=home,
                                  aware_at=uk(2026, 11, day, 9))
    with CaptureQueriesContext(connection) as large:
        text = text_of(client.get(URL).content)
    assert "All hazards 15" in text
    assert len(large) == len(small), [query["sql"] for query in large.captured_queries]
