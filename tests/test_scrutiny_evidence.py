"""The panel's own evidence: documents and pictures only, under 10 MB, and always served as a
download (Content-Disposition: attachment), never shown in the browser."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from scrutiny_setup import landlord, scrutiny_cast

from doorstep.scrutiny import services
from doorstep.scrutiny.models import PanelEvidence
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    landlord()
    people = scrutiny_cast()
    review = services.request_review(by=people["member"], title="Estate walkabouts")
    services.set_scope(review=review, by=people["member"], question="Are estates clean?",
                       service="Estates", measures="", by_area=False, evidence_wanted="",
                       timetable="")
    return people


def upload(people, name, content, content_type="application/octet-stream"):
    client = Client()
    client.force_login(people["member"])
    return client.post("/scrutiny/reviews/R-1/evidence/new/", {
        "kind": "site_visit", "title": "Walkabout photos", "note": "Bins overflowing",
        "file": SimpleUploadedFile(name, content, content_type=content_type)})


def test_it_keeps_a_pdf_and_serves_it_only_as_a_download(people):
    response = upload(people, "walkabout.pdf", PDF, "application/pdf")
    assert response.status_code == 302
    evidence = PanelEvidence.objects.get()
    assert (evidence.file_name, evidence.kind, evidence.added_by) == (
        "walkabout.pdf", "site_visit", people["member"])
    client = Client()
    client.force_login(people["board_member"])
    got = client.get(f"/scrutiny/reviews/R-1/evidence/{evidence.pk}/")
    assert got["Content-Disposition"] == 'attachment; filename="walkabout.pdf"'
    assert got["Content-Type"] == "application/octet-stream"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert b"".join(got.streaming_content) == PDF
    assert Client().get(f"/scrutiny/reviews/R-1/evidence/{evidence.pk}/").status_code == 302


@pytest.mark.parametrize(("name", "content", "message"), [
    ("page.html", b"<script>alert(1)</script>", "The file must be a PDF, a picture"),
    ("drawing.svg", b"<svg onload='x'/>", "The file must be a PDF, a picture"),
    ("run.exe", b"MZ\x90\x00", "The file must be a PDF, a picture"),
    ("fake.pdf", b"<html>not a pdf</html>", "The file is not a real PDF file"),
])
def test_it_refuses_files_of_the_wrong_type(people, name, content, message):
    response = upload(people, name, content)
    assert response.status_code == 200
    assert message in text_of(response.content)
    assert PanelEvidence.objects.count() == 0


def test_it_refuses_a_file_of_10_mb_or_more(people):
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = upload(people, "big.pdf", big, "application/pdf")
    assert "The file must be smaller than 10 MB" in text_of(response.content)
    assert PanelEvidence.objects.count() == 0
