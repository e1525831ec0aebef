"""The annual complaints performance and service-improvement report as a page and a PDF,
and the administrator's forms for the self-assessment and the governing body's response.

The year 2025/26, worked by hand. Ten owned LCRA homes. England's bank holidays: Good Friday
18 Apr, Easter Monday 21 Apr, 5 and 26 May 2025.
- A: received Mon 14 Apr, acknowledged Tue 15 Apr, responded Thu 1 May (due by day 10 from
  15 Apr = Thu 1 May): in time, upheld. Escalated Mon 12 May, acknowledged Tue 13 May,
  final response Mon 2 Jun (due Wed 11 Jun): in time, upheld. Compensation £100.
- B: received Mon 14 Apr, acknowledged Tue 15 Apr, responded Fri 2 May: one day late, not
  upheld. Root cause "Missed or late appointment".
- C: received Mon 2 Jun, withdrawn Wed 4 Jun: in CH01, not in CH02.
CH01-1 LCRA = 3 / 10 x 1,000 = 300.0; CH01-2 = 1 / 10 x 1,000 = 100.0.
CH02-1 = 1 in time / 2 (A, B) = 50.0%; CH02-2 = 1 / 1 = 100.0%.
Time taken, stage 1 in working days: A 14 Apr -> 1 May = 11 (15, 16, 17, 22-25, 28-30, 1),
B -> 2 May = 12; median and mean 11.5. Stage 2: A 12 May -> 2 Jun = 14.
"""

import os
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest

from doorstep.accounts.models import Role
from doorstep.accounts.testing import cast, person
from doorstep.complaints import services
from doorstep.complaints.annual_report import ReportError, annual_report, record_self_assessment
from doorstep.complaints.models import GoverningBodyResponse, RootCause, SelfAssessment
from doorstep.core.periods import ReportingYear
from doorstep.stock.models import Home
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db

YEAR = ReportingYear(2025)
URL = "/complaints/report/2025-26/"


@pytest.fixture
def people():
    people = cast()
    people["bea"] = person(Role.COMPLAINTS_HANDLER, username="bea")
    return people


@pytest.fixture
def year_of_complaints(people):
    homes = [Home.objects.create(home_ref=f"N{n}", tenure="LCRA", area="North")
             for n in range(10)]
    alice, bea = people["complaints_handler"], people["bea"]

    def logged(received, category="repairs"):
        return services.log_complaint(by=alice, home=homes[0], received_on=received,
                                      channel="telephone", category=category,
                                      stage1_handler=alice)

    a, b = logged(date(2025, 4, 14)), logged(date(2025, 4, 14))
    for complaint, responded, outcome in ((a, date(2025, 5, 1), "upheld"),
                                          (b, date(2025, 5, 2), "not_upheld")):
        services.acknowledge(complaint=complaint, by=alice, on=date(2025, 4, 15))
        services.respond_at_stage1(complaint=complaint, by=alice, on=responded,
                                   outcome=outcome)
    services.escalate(complaint=a, by=alice, requested_on=date(2025, 5, 12))
    services.assign_stage2_handler(complaint=a, by=alice, handler=bea)
    services.acknowledge(complaint=a, by=bea, on=date(2025, 5, 13))
    services.respond_at_stage2(complaint=a, by=bea, on=date(2025, 6, 2), outcome="upheld")
    services.record_remedy(complaint=a, by=bea, remedies="Apology",
                           compensation_gbp=Decimal("100"))
    services.record_learning(complaint=b, by=alice,
                             root_cause=RootCause.objects.get(code="missed_appointment"),
                             learning="Text reminders the day before")
    c = logged(date(2025, 6, 2), category="communication")
    services.withdraw(complaint=c, by=alice, on=date(2025, 6, 4), reason="Resolved")
    return {"A": a, "B": b, "C": c}


def page(client, user, url=URL) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(url)
    return response.status_code, text_of(response.content)


def test_it_shows_the_years_figures_worked_by_hand(client, people, year_of_complaints):
    status, text = page(client, people["analyst"])

    assert status == 200
    assert "Annual complaints performance and service-improvement report 2025/26" in text
    assert "Stage 1 3 0 3 Stage 2 1 0 1" in text  # volumes: LCRA, LCHO, all
    assert ("CH01-1 Stage 1 complaints received per 1,000 homes Low cost rental (LCRA) 3 10 "
            "300.0 per 1,000") in text
    assert ("CH01-2 Stage 2 complaints received per 1,000 homes Low cost rental (LCRA) 1 10 "
            "100.0 per 1,000") in text
    assert ("CH02-1 Stage 1 complaints responded to within the Complaint Handling Code "
            "timescales Low cost rental (LCRA) 1 2 50.0%") in text
    assert ("CH02-2 Stage 2 complaints responded to within the Complaint Handling Code "
            "timescales Low cost rental (LCRA) 1 1 100.0%") in text
    assert "Stage 1 2 11.5 11.5 Stage 2 1 14.0 14.0" in text  # time taken
    assert "Repairs 2 1 Communication 1 0" in text  # categories
    assert "Stage 1 outcomes Outcome Complaints Upheld 1 Not upheld 1 Withdrawn before a " \
           "response 1" in text
    assert "Compensation of £100.00 in all was paid or offered on 1 complaint." in text
    assert "Missed or late appointment 1" in text
    # The learning is reported as the improvements made (tests/test_complaints_learning.py),
    # not as each complaint's free text.
    assert "Text reminders the day before" not in text
    assert "Learning was recorded on 1 of the year's complaints; 1 of them is not yet " \
           "answered by an agreed action." in text
    assert "Section 6: Complaints stages Not yet assessed" in text
    assert "The governing body has not responded to this report yet." in text
    assert "to the Housing Ombudsman by 30 September 2026" in text


def test_it_shows_the_same_figures_as_the_report_service(client, people, year_of_complaints):
    report = annual_report(year=YEAR)
    text = page(client, people["administrator"])[1]

    for result in report.measures:
        if result.value is not None:
            unit = "%" if result.unit == "%" else " per 1,000"
            assert f"{result.value:.1f}{unit}" in text, result.code
    for stage, counts in report.volumes.items():
        assert f"Stage {stage} {counts['LCRA']} {counts['LCHO']} {counts['combined']}" in text
    for category, stage1, stage2 in report.categories:
        assert f"{category.capitalize()} {stage1} {stage2}" in text


def test_it_shows_a_panel_member_no_small_counts_and_no_personal_details(
    client, people, year_of_complaints
):
    status, text = page(client, people["panel_member"])

    assert status == 200
    assert "Counts of fewer than 10 complaints are not shown" in text
    # CH02's base of 2 complaints is too small to show; CH01's base is 10 homes.
    assert "Low cost rental (LCRA) Not shown: fewer than 10" in text
    assert "300.0 per 1,000" in text
    assert "Repairs fewer than 10 fewer than 10" in text
    assert "Compensation was paid or offered on fewer than 10 complaints." in text
    assert "Text reminders the day before" not in text
    assert year_of_complaints["A"].complaint_ref not in text
    assert "Complaints with learning but no action yet" not in text


def test_it_lets_only_an_administrator_record_the_self_assessment(
    client, people, year_of_complaints
):
    url = URL + "self-assessment/6/"
    analyst_status, analyst_text = page(client, people["analyst"], url)
    assert analyst_status == 403
    assert "does not include permission to manage users and settings" in analyst_text

    client.force_login(people["administrator"])
    response = client.post(url, {"compliant": "partly", "evidence": "too short"})
    assert "Say what will be done to comply, and by when" in text_of(response.content)
    response = client.post(url, {
        "compliant": "partly",
        "evidence": "Stage 2 acknowledgements slipped in May; a second handler from July.",
    }, follow=True)
    text = text_of(response.content)
    assert "Self-assessment for section 6 saved" in text
    assert ("Section 6: Complaints stages Partly compliant: see the actions below Stage 2 "
            "acknowledgements slipped in May; a second handler from July.") in text
    assert SelfAssessment.objects.get(year="2025/26").updated_by == people["administrator"]


def test_it_records_the_governing_bodys_response(client, people, year_of_complaints):
    client.force_login(people["administrator"])
    response = client.post(URL + "governing-body/", {
        "text": "The board welcomes the faster stage 1 responses.", "member": "Jo Smith",
        "responded_on": "2026-06-30"}, follow=True)
    text = text_of(response.content)
    assert ("The board welcomes the faster stage 1 responses. Jo Smith, member of the "
            "governing body responsible for complaints, 30 June 2026.") in text
    assert GoverningBodyResponse.objects.get(year="2025/26").recorded_by == people[
        "administrator"]
    response = client.post(URL + "governing-body/", {"text": "", "member": "",
                                                     "responded_on": "tomorrow"})
    text = text_of(response.content)
    assert "Enter the governing body's response" in text
    assert "Enter the name of the member responsible for complaints" in text
    assert "The date the governing body responded must be a real date" in text


def test_it_refuses_an_unknown_section_or_year(client, people):
    client.force_login(people["administrator"])
    assert client.get("/complaints/report/2025-26/self-assessment/12/").status_code == 404
    assert client.get("/complaints/report/2025/").status_code == 404
    with pytest.raises(ReportError, match="no section 12"):
        record_self_assessment(year=YEAR, section_number=12, compliant="yes", evidence="x",
                               by=None)


def test_it_keeps_the_report_page_inside_the_security_policy(client, people,
                                                             year_of_complaints):
    client.force_login(people["administrator"])
    assert inline_code_in(client.get(URL).content) == []


def _pdf_tools_or_skip():
    missing = []
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        missing.append("WeasyPrint (pip install weasyprint)")
    if not shutil.which("pdftotext"):
        missing.append("pdftotext (apt-get install poppler-utils)")
    if missing and os.environ.get("CI"):
        pytest.fail(f"The PDF cannot be checked in CI: {', '.join(missing)} missing")
    if missing:
        pytest.skip(f"PDF test skipped: {', '.join(missing)} missing")


def test_it_makes_a_tagged_pdf_with_the_headings_and_figures(
    client, people, year_of_complaints, tmp_path
):
    _pdf_tools_or_skip()
    client.force_login(people["administrator"])
    response = client.get(URL + "pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="complaints-report-2025-26.pdf"' in response["Content-Disposition"]
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)

    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())
    # A line may break after a hyphen ("service-" / "improvement"): join it again.
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
    assert "Annual complaints performance and service-improvement report 2025/26" in text
    for heading in ("Complaints made", "Complaints answered within the Code's timescales",
                    "Time taken to respond", "What complaints were about", "Outcomes",
                    "Putting things right", "Learning and improvements",
                    "Self-assessment against the Complaint Handling Code",
                    "The governing body's response"):
        assert heading in text, heading
    assert "300.0 per 1,000" in text and "50.0%" in text
    assert "Compensation of £100.00 in all" in text
    assert "Record the assessment" not in text  # no edit links on paper

    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                              text=True).stdout
        assert "Tagged: yes" in " ".join(info.split())
        assert ("Title: Annual complaints performance and service-improvement report 2025/26"
                in " ".join(info.split()))
