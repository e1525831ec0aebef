"""Running Doorstep: the health check, the logs, and the ``doorstep`` command's plain answers
(help with hyphenated names; before ``migrate``; a server that will not start)."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from doorstep.accounts.models import Role
from doorstep.accounts.testing import person
from doorstep.ops.logs import JsonFormatter, QuietRefusals


def doorstep(*args, tmp_path, **env) -> subprocess.CompletedProcess:
    """The doorstep command in a process of its own, on an empty data folder."""
    environment = {key: value for key, value in os.environ.items()
                   if key not in {"DATABASE_URL", "DOORSTEP_ENV", "DEBUG"}}
    environment |= {"DOORSTEP_DATA_DIR": str(tmp_path / "data")} | env
    return subprocess.run([sys.executable, "-m", "doorstep", *args], env=environment,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.django_db
def test_it_answers_the_health_check_without_a_sign_in(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1 alone: no session, no table
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_it_says_503_when_the_database_does_not_answer(client, monkeypatch):
    from django.db import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (
        503, {"status": "error", "database": "unreachable"})


def test_it_writes_one_json_object_a_line_with_the_extra_fields():
    record = logging.LogRecord("doorstep.jobs", logging.WARNING, __file__, 1,
                               "Job %s failed", (12,), None)
    record.status_code = 500
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert "\n" not in line
    assert (entry["level"], entry["logger"], entry["message"], entry["status_code"]) == (
        "WARNING", "doorstep.jobs", "Job 12 failed", 500)
    assert entry["time"].endswith("+00:00")


def test_it_keeps_a_refusals_line_but_not_its_traceback():
    try:
        raise PermissionError("not yours")
    except PermissionError:
        refused = logging.LogRecord("django.request", logging.WARNING, __file__, 1,
                                    "Forbidden (Permission denied): %s", ("/imports/",),
                                    sys.exc_info())
        failed = logging.LogRecord("django.request", logging.ERROR, __file__, 1,
                                   "Internal Server Error: %s", ("/",), sys.exc_info())
    refused.status_code, failed.status_code = 403, 500
    assert QuietRefusals().filter(refused) and QuietRefusals().filter(failed)
    assert refused.exc_info is None
    assert failed.exc_info is not None  # a real error keeps its traceback


@pytest.mark.django_db
def test_it_logs_a_403_without_a_traceback(client, caplog):
    client.force_login(person(Role.PANEL_MEMBER))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/imports/")
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    QuietRefusals().filter(record)
    assert record.getMessage() == "Forbidden (Permission denied): /imports/"
    assert record.exc_info is None


def test_it_lists_the_commands_with_hyphens(tmp_path):
    shown = doorstep("--help", tmp_path=tmp_path)
    assert shown.returncode == 0
    lines = shown.stdout.splitlines()
    ours = {line.split()[0] for line in lines if line.startswith("  ") and not
            line.startswith("   ")}
    assert {"demo-data", "complaints-digest", "survey-sms-replies", "run-scheduled", "serve",
            "worker", "backup", "restore", "rsh-dataset"} <= ours
    assert not any("_" in name for name in ours)
    assert ("  run-scheduled          Run the recurring work once: the complaints digest, flag "
            "escalation, overdue responses, nightly recoding and whatever the apps add") in lines
    assert "help" in doorstep("help", "demo-data", tmp_path=tmp_path).stdout


def test_it_says_to_migrate_first_instead_of_a_database_error(tmp_path):
    answer = doorstep("complaints-digest", tmp_path=tmp_path)
    assert answer.returncode == 2
    assert "Traceback" not in answer.stderr and "OperationalError" not in answer.stderr
    assert "Run `doorstep migrate` first, then run the command again." in answer.stderr


def test_it_will_not_serve_an_unmigrated_database(tmp_path):
    answer = doorstep("serve", "--port", "8115", tmp_path=tmp_path)
    assert answer.returncode == 2
    assert "migrations behind this version of Doorstep: run `doorstep migrate` first" in (
        answer.stderr)
    assert "Doorstep is at" not in answer.stdout  # the address only once it is serving


def test_it_will_not_serve_in_production_with_an_unsafe_setting(tmp_path):
    answer = doorstep("serve", tmp_path=tmp_path, DOORSTEP_ENV="production", SECRET_KEY="short",
                      ALLOWED_HOSTS="doorstep.example.org")
    assert answer.returncode == 2
    assert answer.stderr.startswith("Doorstep cannot start: SECRET_KEY must be set to a random")


def test_it_has_no_worker_to_run_when_tasks_run_at_once():
    with pytest.raises(CommandError, match="TASKS_BACKEND is immediate") as raised:
        call_command("worker", "--batch")
    assert raised.value.returncode == 2


def test_it_refuses_zero_workers():
    with pytest.raises(CommandError, match="--workers and --threads must be 1 or more"):
        call_command("serve", "--workers", "0")
