"""Acknowledgement and response letters carry what the Complaint Handling Code requires: the
acknowledgement our understanding of the complaint and the outcomes sought; a response the
decision, the reasons, what will be done and by when, and how to escalate (stage 2 or the
Housing Ombudsman) with contact details. The handler reviews the text before download; a
letter missing a required part is refused with the parts named. PDFs are read back with
pdftotext."""

import os
import re
import shutil
import subprocess
from datetime import date

import pytest
from django.test import override_settings

from doorstep.accounts.testing import cast
from doorstep.complaints import services
from doorstep.complaints.models import Complaint
from doorstep.stock.models import Home
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db

CONTACT = "the complaints team on 0161 496 0000 or complaints@example.org"


@pytest.fixture
def people():
    return cast()


@pytest.fixture
def complaint(people) -> Complaint:
    home = Home.objects.create(home_ref="N1", tenure="LCRA", area="North")
    return services.log_complaint(
        by=people["complaints_handler"], home=home, received_on=date(2025, 4, 14),
        channel="telephone", category="repairs", description="Nobody came to fix the leak",
        stage1_handler=people["complaints_handler"],
    )


def url(complaint, kind) -> str:
    return f"/complaints/case/{complaint.complaint_ref}/letter/{kind}/"


def pdf_text(response, tmp_path) -> str:
    missing = [tool for tool, found in (("pdftotext", shutil.which("pdftotext")),) if not found]
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        missing.append("WeasyPrint")
    if missing and os.environ.get("CI"):
        pytest.fail(f"The PDF cannot be checked in CI: {', '.join(missing)} missing")
    if missing:
        pytest.skip(f"PDF test skipped: {', '.join(missing)} missing")
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(response.content)
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return re.sub(r"(\w)- (\w)", r"\1-\2", " ".join(out.split()))


def test_it_refuses_an_acknowledgement_without_its_required_parts(client, people, complaint):
    client.force_login(people["complaints_handler"])
    page = text_of(client.get(url(complaint, "acknowledgement")).content)
    assert "The letter cannot be made yet" in page
    assert "Our understanding of the complaint" in page
    assert "The outcomes the resident seeks" in page
    assert "Download the letter" not in page
    refused = client.get(url(complaint, "acknowledgement") + "?format=pdf")
    assert refused.status_code == 409
    assert refused["Content-Type"].startswith("text/html")


@override_settings(COMPLAINTS_CONTACT=CONTACT, LANDLORD_NAME="Northside Homes")
def test_it_makes_an_acknowledgement_with_understanding_and_outcomes(client, people,
                                                                     complaint, tmp_path):
    client.force_login(people["complaints_handler"])
    saved = client.post(url(complaint, "acknowledgement"), {
        "understanding": "The kitchen leak reported in March has not been repaired",
        "outcomes_sought": "The leak fixed and the damaged cupboard replaced"}, follow=True)
    review = text_of(saved.content)
    assert "Letter wording saved" in review
    assert "Check the letter" in review  # the handler reviews the text before download
    assert "The kitchen leak reported in March has not been repaired" in review

    text = pdf_text(client.get(url(complaint, "acknowledgement") + "?format=pdf"), tmp_path)
    assert "Acknowledgement" in text
    assert f"Complaint reference: {complaint.complaint_ref}" in text
    assert "which we received on Monday 14 April 2025" in text
    assert "Your complaint The kitchen leak reported in March has not been repaired" in text
    assert ("What you would like to happen The leak fixed and the damaged cupboard replaced"
            in text)
    assert f"You can contact {CONTACT}" in text


@override_settings(COMPLAINTS_CONTACT=CONTACT)
def test_it_refuses_a_stage1_response_until_decision_reasons_and_remedy_by_a_date(
        client, people, complaint):
    client.force_login(people["complaints_handler"])
    page = text_of(client.get(url(complaint, "stage1")).content)
    for part in ("The stage 1 decision (outcome)", "The reasons for the stage 1 decision",
                 "What will be done (the remedy) and the date it will be done by"):
        assert part in page
    # A remedy without a date is still refused: the date is what the resident holds us to.
    services.respond_at_stage1(complaint=complaint, by=people["complaints_handler"],
                               on=date(2025, 4, 25), outcome="upheld")
    client.post(url(complaint, "stage1"), {"stage1_reasons": "The job was closed in error",
                                           "remedies": "We will fit a new waste pipe"})
    page = text_of(client.get(url(complaint, "stage1")).content)
    assert "The letter cannot be made yet" in page
    assert "What will be done (the remedy) and the date it will be done by" in page
    assert "The stage 1 decision (outcome)" not in page


@override_settings(COMPLAINTS_CONTACT=CONTACT)
def test_it_makes_a_stage1_response_with_every_part_the_code_requires(client, people,
                                                                      complaint, tmp_path):
    services.respond_at_stage1(complaint=complaint, by=people["complaints_handler"],
                               on=date(2025, 4, 25), outcome="partly_upheld")
    client.force_login(people["complaints_handler"])
    client.post(url(complaint, "stage1"), {
        "stage1_reasons": "The job was closed in error before the plumber visited",
        "remedies": "We will fit a new waste pipe", "remedy_due_on": "09/05/2025"})

    text = pdf_text(client.get(url(complaint, "stage1") + "?format=pdf"), tmp_path)
    assert "Our decision Your complaint is partly upheld." in text
    assert "Why we decided this The job was closed in error before the plumber visited" in text
    assert ("What we will do, and by when We will fit a new waste pipe This will be done by "
            "Friday 9 May 2025.") in text
    assert "ask us to look at your complaint again at stage 2" in text
    assert f"Contact {CONTACT} and tell us why" in text
    assert "Housing Ombudsman" in text and "0300 111 3000" in text


def test_it_makes_a_final_response_pointing_to_the_ombudsman(client, people, complaint,
                                                             tmp_path):
    handler, admin = people["complaints_handler"], people["administrator"]
    services.respond_at_stage1(complaint=complaint, by=handler, on=date(2025, 4, 25),
                               outcome="not_upheld")
    services.escalate(complaint=complaint, by=handler, requested_on=date(2025, 5, 12))
    services.assign_stage2_handler(complaint=complaint, by=handler, handler=admin)
    services.respond_at_stage2(complaint=complaint, by=admin, on=date(2025, 6, 10),
                               outcome="upheld")
    client.force_login(admin)
    client.post(url(complaint, "stage2"), {
        "stage2_reasons": "Stage 1 missed the second leak", "remedies": "A new kitchen unit",
        "remedy_due_on": "20/06/2025"})

    text = pdf_text(client.get(url(complaint, "stage2") + "?format=pdf"), tmp_path)
    assert "Stage 2 (final) response" in text
    assert "You asked us on Monday 12 May 2025 to look at your complaint again" in text
    assert "Our decision Your complaint is upheld." in text
    assert "This will be done by Friday 20 June 2025." in text
    assert ("This is our final response. If you are not satisfied, you can refer your "
            "complaint to the Housing Ombudsman") in text
    assert "info@housing-ombudsman.org.uk" in text


def test_it_keeps_letters_to_complaint_handlers(client, people, complaint):
    client.force_login(people["service_manager"])
    assert client.get(url(complaint, "acknowledgement")).status_code in (403, 404)
    client.force_login(people["complaints_handler"])
    assert client.get(url(complaint, "no-such-letter")).status_code == 404
