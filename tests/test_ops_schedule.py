"""``doorstep run-scheduled``: the recurring work, one line each, the rest running when one
fails; ``--in-background`` queues each as a job for the worker."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from doorstep.ops import schedule
from doorstep.ops.models import Job

pytestmark = pytest.mark.django_db
BUILT_IN = ["scrutiny reminders", "complaints digest", "flag escalation", "overdue responses",
            "nightly recoding", "old prepared PDFs"]


def run(*args) -> str:
    out = StringIO()
    call_command("run_scheduled", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def extra_work():
    """Recurring work added as another app would, taken away again after the test."""
    # Discover first: a snapshot taken before the apps' scheduled.py files are imported would
    # be empty, and putting it back would hide their work from every later test.
    before = schedule.discover()
    seen = []

    @schedule.recurring("count the day", description="Says which day it ran for")
    def count_the_day(*, today):
        seen.append(today)
        return f"ran for {today:%d %B %Y}"

    @schedule.recurring("always fails", description="Fails, to show the rest still run")
    def always_fails(*, today):
        raise RuntimeError("the mail server did not answer")

    yield seen
    schedule.RECURRING[:] = before


def test_it_lists_the_recurring_work_that_exists_today():
    listed = run("--list").splitlines()
    assert [line.split(":")[0] for line in listed] == BUILT_IN
    assert ("nightly recoding: Code new comments into themes; staff corrections are kept"
            in listed)


def test_it_runs_each_piece_of_work_and_says_what_it_did():
    lines = run("--date", "2026-03-02").splitlines()
    assert lines == [
        "ok     scrutiny reminders: 0 scrutiny notifications sent",
        "ok     complaints digest: 0 complaint steps overdue and 0 due soon, for 0 handlers; "
        "0 e-mailed",
        "ok     flag escalation: 0 flags past their follow-up day",
        "ok     overdue responses: 0 hazard cases overdue",
        "ok     nightly recoding: 0 comments coded (0 new), 0 flags raised",
        "ok     old prepared PDFs: 0 prepared PDFs older than 7 days removed",
    ]


def test_it_runs_the_rest_when_one_fails_and_exits_1(extra_work):
    out = StringIO()
    with pytest.raises(CommandError, match="1 of 2 failed: always fails") as raised:
        call_command("run_scheduled", "--only", "always fails", "count the day",
                     "--date", "2026-03-02", stdout=out)
    assert raised.value.returncode == 1
    assert out.getvalue().splitlines() == [
        "ok     count the day: ran for 02 March 2026",
        "FAILED always fails: failed: the mail server did not answer",
    ]
    assert extra_work == [date(2026, 3, 2)]


def test_it_names_unknown_work_and_bad_dates_plainly():
    with pytest.raises(CommandError, match="No recurring work is called 'digest'") as raised:
        run("--only", "digest")
    assert raised.value.returncode == 2
    with pytest.raises(CommandError, match="'2 March' is not a date: write it as YYYY-MM-DD"):
        run("--date", "2 March")


def test_it_queues_the_work_as_background_jobs(extra_work):
    out = run("--in-background", "--only", "count the day", "always fails",
              "--date", "2026-03-02")
    jobs = {job.label: job for job in Job.objects.all()}
    assert out.splitlines() == [
        f"queued count the day (job {jobs['Recurring work: count the day'].pk})",
        f"queued always fails (job {jobs['Recurring work: always fails'].pk})",
    ]
    done, failed = jobs["Recurring work: count the day"], jobs["Recurring work: always fails"]
    assert (done.status, done.message, done.started_by) == ("done", "ran for 02 March 2026", None)
    assert (failed.status, failed.message) == (
        "failed", "It stopped: always fails failed: the mail server did not answer")
