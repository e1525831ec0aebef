"""Any PDF prepared in the background (doorstep/ops/pdfs.py): the worker calls the PDF's own
view as the person who pressed "Prepare the PDF in the background", so it holds exactly what
they may see; the file is theirs to download, kept a week.

The hazards report of tests/test_hazards_report.py is the example: its late cases are B
(North) and D (South). A service manager of North sees B's case in the PDF and not D's; an
analyst sees both.
"""

import os
import subprocess
import time
from datetime import date

import pytest
from test_hazards_report import cases, hazard_list, people  # noqa: F401
from test_publishing_public import _pdf_tools_or_skip

from doorstep.accounts.testing import person
from doorstep.ops import pdfs
from doorstep.ops.models import Job
from doorstep.ops.schedule import run_all
from doorstep.web.testing import text_of

pytestmark = pytest.mark.django_db
PAGE = "/hazards/report/2026-27/pdf/"


def prepare(client, user, page=PAGE, title="Hazards report, 2026-27"):
    client.force_login(user)
    return client.post("/jobs/prepare-pdf/", {"page": page, "title": title})


def text_of_pdf(path, tmp_path) -> str:
    copy = tmp_path / "read.pdf"
    copy.write_bytes(path.read_bytes())
    return " ".join(subprocess.run(["pdftotext", str(copy), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())


def test_it_prepares_a_pdf_as_the_person_who_asked(client, people, cases, tmp_path,  # noqa: F811
                                                   settings):
    _pdf_tools_or_skip()
    settings.DATA_DIR = tmp_path / "data"
    response = prepare(client, people["service_manager"])
    job = Job.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/jobs/{job.pk}/")
    assert job.status == Job.Status.DONE and job.started_by == people["service_manager"]
    assert job.message.startswith("Hazards report, 2026-27: the PDF is ready (")
    assert job.result_url == f"/jobs/{job.pk}/pdf/"
    text = text_of_pdf(pdfs.prepared_path(job.pk), tmp_path)
    # North's manager: the landlord's figures, and North's late case only.
    assert "All hazards 5 2 3 2 2 0 1" in text
    assert cases["b"].hazard_ref in text and cases["d"].hazard_ref not in text

    prepare(client, people["analyst"])
    analysts = Job.objects.exclude(pk=job.pk).get()
    text = text_of_pdf(pdfs.prepared_path(analysts.pk), tmp_path)
    assert cases["b"].hazard_ref in text and cases["d"].hazard_ref in text


def test_it_gives_the_file_to_its_starter_only(client, people, cases, tmp_path,  # noqa: F811
                                               settings):
    _pdf_tools_or_skip()
    settings.DATA_DIR = tmp_path / "data"
    prepare(client, people["analyst"])
    job = Job.objects.get()
    download = client.get(f"/jobs/{job.pk}/pdf/")
    assert download["Content-Disposition"] == (
        f'attachment; filename="hazards-report-2026-27-{job.pk}.pdf"')
    assert b"".join(download.streaming_content) == pdfs.prepared_path(job.pk).read_bytes()
    client.force_login(people["board_member"])
    assert client.get(f"/jobs/{job.pk}/pdf/").status_code == 404
    client.force_login(people["administrator"])
    assert client.get(f"/jobs/{job.pk}/pdf/").status_code == 200
    pdfs.prepared_path(job.pk).unlink()  # removed after a week: said plainly
    client.force_login(people["analyst"])
    gone = client.get(f"/jobs/{job.pk}/pdf/")
    assert gone.status_code == 404 and "prepared PDFs are kept for 7 days" in text_of(gone.content)


def test_it_fails_the_job_plainly_for_someone_the_page_refuses(client, cases, tmp_path,  # noqa: F811
                                                              settings):
    settings.DATA_DIR = tmp_path / "data"
    # Signed in with no role: the hazards report is not theirs to see.
    with pytest.raises(ValueError, match="not one you can see now"):
        pdfs.render_pdf_as(PAGE, user_id=person(None, username="no_role").pk)
    assert not (tmp_path / "data" / "prepared").exists()


@pytest.mark.parametrize("page", ["/hazards/report/2026-27/", "/nowhere/",
                                  "https://example.com/x.pdf"])
def test_it_prepares_only_pdf_pages(client, people, page):  # noqa: F811
    response = prepare(client, people["analyst"], page=page)
    assert response.status_code == 404 and Job.objects.count() == 0


def test_it_sends_the_public_to_the_pdf_itself(client):
    response = client.post("/jobs/prepare-pdf/", {"page": "/report/2024-25/report.pdf"})
    assert (response.status_code, response["Location"]) == (302, "/report/2024-25/report.pdf")
    assert Job.objects.count() == 0


def test_it_removes_prepared_pdfs_after_a_week(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    folder = tmp_path / "prepared"
    folder.mkdir()
    now = time.mktime(date(2026, 12, 3).timetuple()) + 12 * 3600
    for name, days_old in (("job-1.pdf", 8), ("job-2.pdf", 6), ("job-3.pdf", 7.6)):
        (folder / name).write_bytes(b"%PDF")
        os.utime(folder / name, (now - days_old * 86400,) * 2)
    outcome = run_all(today=date(2026, 12, 3), only=["old prepared PDFs"])[0]
    # Before midnight on 26 November: jobs 1 (25 Nov, noon) and 3 (25 Nov, late evening).
    assert outcome.summary == "2 prepared PDFs older than 7 days removed"
    assert sorted(p.name for p in folder.iterdir()) == ["job-2.pdf"]
