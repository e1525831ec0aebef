"""Settings come from the environment, and production refuses unsafe ones.

Settings are read once per process, so each case runs the doorstep command in a fresh one.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from doorstep.env import SettingError, database_from_url

GOOD_KEY = "a-long-random-looking-production-key-0123456789-abcdefghijklmnop"


def run_doorstep(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {
        "DOORSTEP_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL",
        "SURVEY_HOUSEHOLD_SECRET"}}
    return subprocess.run(
        [sys.executable, "-m", "doorstep", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def production(**overrides: str) -> dict:
    env = {
        "DOORSTEP_ENV": "production",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "doorstep.example.org",
        "SURVEY_HOUSEHOLD_SECRET": "another-long-random-looking-secret-9876543210",
        "DATABASE_URL": "sqlite:////tmp/doorstep-settings-test.sqlite3",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "k" * 64}, "SECRET_KEY must be set"),
        ({"DEBUG": "yes"}, "DEBUG must be off in production"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must list"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must list this server's host names (never '*')"),
        ({"DEBUG": "maybe"}, "DEBUG must be yes/no"),
        ({"SURVEY_HOUSEHOLD_SECRET": None}, "SURVEY_HOUSEHOLD_SECRET must be set"),
    ],
)
def test_it_refuses_to_start_in_production_with_unsafe_settings(overrides, message):
    result = run_doorstep("check", **production(**overrides))
    assert result.returncode == 2
    assert f"Doorstep cannot start: {message}" in result.stderr
    assert "Traceback" not in result.stderr


def test_it_passes_the_deployment_checks_with_production_settings():
    result = run_doorstep("check", "--deploy", "--fail-level", "WARNING", **production())
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_it_names_an_unknown_environment():
    result = run_doorstep("check", DOORSTEP_ENV="staging")
    assert result.returncode == 2
    assert "DOORSTEP_ENV must be development or production, not 'staging'" in result.stderr


def test_it_reads_a_postgres_database_url():
    settings = database_from_url(
        "postgres://housing:s%40fe@db.internal:6543/doorstep", base_dir=Path("/srv")
    )
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert (settings["NAME"], settings["USER"], settings["PASSWORD"]) == (
        "doorstep", "housing", "s@fe")
    assert (settings["HOST"], settings["PORT"]) == ("db.internal", "6543")


def test_it_reads_relative_and_absolute_sqlite_urls():
    relative = database_from_url("sqlite:///data/x.sqlite3", base_dir=Path("/srv/doorstep"))
    absolute = database_from_url("sqlite:////var/lib/x.sqlite3", base_dir=Path("/srv/doorstep"))
    assert relative["NAME"] == "/srv/doorstep/data/x.sqlite3"
    assert absolute["NAME"] == "/var/lib/x.sqlite3"


def test_it_rejects_a_database_url_it_does_not_understand():
    with pytest.raises(SettingError, match="must start with sqlite:// or postgres://"):
        database_from_url("mysql://root@localhost/doorstep", base_dir=Path("."))
