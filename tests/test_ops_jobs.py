"""Background jobs (docs/tasks.md): a task started for someone reports its progress on a page
only they (and an administrator) can open; a failure says so in plain words. In tests the
tasks run at once (conftest ``tasks_run_at_once``)."""

import pytest

from doorstep.accounts.models import Role
from doorstep.accounts.testing import cast, person
from doorstep.ops.jobs import job_task, start_job
from doorstep.ops.models import Job
from doorstep.web.testing import inline_code_in, text_of

pytestmark = pytest.mark.django_db


@job_task()
def count_homes(job, *, homes: int, batch: int) -> dict:
    for done in range(0, homes + 1, batch):
        job.progress(done=done, total=homes, message=f"Counted {done:,} of {homes:,} homes")
    job.finish(message=f"Counted {homes:,} homes", url="/measures/")
    return {"homes": homes}


@job_task()
def refuse(job, *, reason: str):
    job.progress(done=1, total=4, message="Checking the file")
    raise ValueError(reason)


@job_task()
def crash(job):
    return {}["no such key"]


@pytest.fixture
def people():
    return cast()


def test_it_runs_a_task_and_keeps_its_progress_for_the_person_who_started_it(people):
    analyst = people[Role.ANALYST]
    job = start_job(count_homes, label="Count the homes", user=analyst, homes=1200, batch=400)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == ("done", 1200, 1200, 100)
    assert (job.message, job.result_url, job.started_by) == (
        "Counted 1,200 homes", "/measures/", analyst)
    assert job.task_name == "test_ops_jobs.count_homes"
    assert job.task_result_id  # the task framework's own record of it
    assert job.started_at <= job.finished_at


def test_it_says_why_a_task_stopped_and_keeps_the_traceback_off_the_page(client, people):
    analyst = people[Role.ANALYST]
    refused = start_job(refuse, label="Import repairs.csv", user=analyst,
                        reason="row 12 has no home reference")
    crashed = start_job(crash, label="Code the comments", user=analyst)
    refused.refresh_from_db()
    crashed.refresh_from_db()
    assert (refused.status, refused.done, refused.message) == (
        "failed", 1, "It stopped: row 12 has no home reference")
    assert crashed.message == "It stopped because of an error; the worker's log has the details."
    client.force_login(analyst)
    text = text_of(client.get(f"/jobs/{crashed.pk}/").content)
    assert "Failed Code the comments" in text
    assert "KeyError" not in text and "no such key" not in text


def test_it_shows_a_running_job_to_its_starter_and_an_administrator_only(client, people):
    analyst = people[Role.ANALYST]
    job = Job.objects.create(label="Import repairs.csv", task_name="x", started_by=analyst,
                             status=Job.Status.RUNNING, done=3000, total=12000,
                             message="Checked 3,000 of 12,000 rows")
    client.force_login(analyst)
    response = client.get(f"/jobs/{job.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert ("Running Import repairs.csv 3,000 of 12,000 done (25%) Checked 3,000 of 12,000 rows"
            in text_of(html))
    # It refreshes itself while it runs, with htmx: no inline script.
    assert f'hx-get="/jobs/{job.pk}/progress/"' in html
    assert inline_code_in(html) == []
    partial = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert partial.lstrip().startswith("<div class=\"job\"")
    for role in (Role.BOARD_MEMBER, Role.PANEL_MEMBER, Role.COMPLAINTS_HANDLER):
        client.force_login(people[role])
        assert client.get(f"/jobs/{job.pk}/").status_code == 404
        assert client.get(f"/jobs/{job.pk}/progress/").status_code == 404
    client.force_login(people[Role.ADMINISTRATOR])
    assert client.get(f"/jobs/{job.pk}/").status_code == 200
    client.logout()
    response = client.get(f"/jobs/{job.pk}/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_it_stops_refreshing_a_finished_job_and_links_to_the_outcome(client):
    analyst = person(Role.ANALYST)
    job = start_job(count_homes, label="Count the homes", user=analyst, homes=10, batch=5)
    client.force_login(analyst)
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "hx-get" not in html
    assert '<a href="/measures/">See the outcome</a>' in html
    assert "Finished Count the homes" in text_of(html)


def test_it_records_a_job_started_by_the_system_with_no_one_as_its_starter():
    job = start_job(count_homes, label="Nightly count", user=None, homes=0, batch=1)
    job.refresh_from_db()
    assert (job.started_by, job.status) == (None, "done")
