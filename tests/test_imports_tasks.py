"""Browser imports as background work: the request keeps the file and queues a task; the
worker checks and writes it; the job's page shows how far it has got.

Here the tasks go to the database queue (as in production) and ``doorstep worker --batch``
runs them, so the request can be seen to do none of the work.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction

from doorstep.accounts.testing import cast
from doorstep.imports.models import ImportRun
from doorstep.imports.tasks import JobProgressReport
from doorstep.ops.jobs import JobProgress
from doorstep.ops.models import Job
from doorstep.stock.models import Building
from doorstep.web.testing import text_of

# The worker closes the database connection between tasks, as a long-running process must,
# so the data has to be committed for it (and, on PostgreSQL, for the test) to carry on.
pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 30_000  # more than one checking chunk (20,000 rows)


@pytest.fixture(autouse=True)
def queued_tasks(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def people():
    return cast()


def large_buildings_file() -> SimpleUploadedFile:
    lines = ["building_ref,name,postcode"] + [
        f"B{n:05d},Block {n},LS1 {n % 9}AB" for n in range(ROWS)]
    return SimpleUploadedFile("buildings.csv", ("\n".join(lines) + "\n").encode())


def run_worker() -> None:
    call_command("worker", "--batch", verbosity=0)


def kept_uploads(settings) -> list:
    folder = settings.DATA_DIR / "uploads"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_it_checks_and_imports_a_large_upload_through_the_worker_with_progress(
        client, people, settings):
    client.force_login(people["analyst"])
    response = client.post("/imports/", {"dataset": "buildings", "file": large_buildings_file()})
    job = Job.objects.get()
    # The request only kept the file and queued the check: nothing read, nothing recorded.
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.status, job.label, job.started_by) == (
        "queued", "Check buildings.csv (Buildings)", people["analyst"])
    assert ImportRun.objects.count() == 0
    assert len(kept_uploads(settings)) == 1
    page = text_of(client.get(f"/jobs/{job.pk}/").content)
    assert "Waiting to start Check buildings.csv (Buildings)" in page

    run_worker()
    job.refresh_from_db()
    checked = ImportRun.objects.get()
    assert (checked.outcome, checked.rows, checked.created) == ("checked", ROWS, ROWS)
    assert (job.status, job.done, job.total) == ("done", 100, 100)
    assert job.message == "Checked 30,000 buildings rows: ready to import."
    assert job.result_url == f"/imports/runs/{checked.pk}/"
    assert Building.objects.count() == 0  # a check writes nothing
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'<a href="/imports/runs/{checked.pk}/">See the outcome</a>' in html
    assert 'hx-trigger="every 2s"' not in html  # finished: the page stops asking

    response = client.post(f"/imports/runs/{checked.pk}/import/")
    second = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == f"/jobs/{second.pk}/"
    assert (second.status, second.label) == ("queued", "Import buildings.csv (Buildings)")
    assert Building.objects.count() == 0
    run_worker()
    second.refresh_from_db()
    imported = ImportRun.objects.get(outcome="imported")
    assert Building.objects.count() == ROWS
    assert Building.objects.get(building_ref="B00007").name == "Block 7"
    assert second.message == "Imported 30,000 buildings rows."
    assert second.result_url == f"/imports/runs/{imported.pk}/"
    assert kept_uploads(settings) == []  # gone once imported


def test_it_shows_the_stage_and_the_share_done_on_the_jobs_page(client, people):
    client.force_login(people["analyst"])
    job = Job.objects.create(label="Check repairs.csv (Repairs)", task_name="t",
                             started_by=people["analyst"], status="running")
    report = JobProgressReport(JobProgress(job))
    report("checking", 0.4)
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Checking every row: 40% done" in text_of(html)
    assert re.search(r'<progress id="job-\d+-bar" max="100" value="40">', html)
    assert 'hx-trigger="every 2s"' in html  # still running: it asks again
    report("writing", 0.0)
    assert "Writing the changes: 0% done" in text_of(client.get(f"/jobs/{job.pk}/").content)
    # Someone else cannot see another person's job.
    client.force_login(people["board_member"])
    assert client.get(f"/jobs/{job.pk}/").status_code in {403, 404}


def test_it_reports_no_progress_from_inside_the_imports_own_transaction(people):
    job = Job.objects.create(label="Import", task_name="t", status="running")
    report = JobProgressReport(JobProgress(job))
    report("checking", 0.5)
    with transaction.atomic():
        report("writing", 0.7)  # would be seen only at the commit, or never: skipped
    job.refresh_from_db()
    assert (job.done, job.message) == (50, "Checking every row: 50% done")


def test_it_records_a_refused_upload_through_the_task_and_keeps_nothing(client, people,
                                                                         settings):
    client.force_login(people["analyst"])
    bad = SimpleUploadedFile("homes.csv", b"home_ref,tenure\nH1,Freehold\n")
    client.post("/imports/", {"dataset": "homes", "file": bad})
    run_worker()
    job = Job.objects.get()
    rejected = ImportRun.objects.get()
    # The header lacks the required area column: refused before any row is read.
    assert (rejected.outcome, rejected.rows) == ("rejected", 0)
    assert [e["reason"] for e in rejected.errors] == ["the required column area is missing"]
    assert job.message == "Nothing was imported: 1 problem found."
    assert job.result_url == f"/imports/runs/{rejected.pk}/"
    assert kept_uploads(settings) == []
