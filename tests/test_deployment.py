"""The deployment test: Doorstep as a landlord's IT team would run it (docs/deploy.md).

``doorstep serve`` with production settings against PostgreSQL: sign in, fetch key pages and
their static files, run a background task through ``doorstep worker``, back up, restore into
a fresh database, and compare every table's row count and one published figure.

It needs a PostgreSQL server where it may create (and then drop) two databases: set
DEPLOYMENT_TEST_SERVER=postgres://USER@HOST:PORT. CI's deployment step (.ci/run) does.
"""

import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

SERVER = os.environ.get("DEPLOYMENT_TEST_SERVER", "").rstrip("/")
PORT = int(os.environ.get("DEPLOYMENT_TEST_PORT", "8115"))
PASSWORD = "deployment-test-" + secrets.token_hex(8)

pytestmark = pytest.mark.skipif(
    not SERVER,
    reason="the deployment test runs in CI's deployment step (.ci/run); to run it here, set "
           "DEPLOYMENT_TEST_SERVER=postgres://postgres@127.0.0.1:5432 (a PostgreSQL server "
           "where it may create and drop databases named doorstep_deploy_*)",
)


def admin_sql(sql: str, *, database: str = "postgres") -> list:
    import psycopg

    with psycopg.connect(f"{SERVER}/{database}", autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


@pytest.fixture
def databases():
    names = [f"doorstep_deploy_{os.getpid()}_{which}" for which in ("live", "restored")]
    for name in names:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin_sql(f'CREATE DATABASE "{name}"')
    yield names
    for name in names:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(tmp_path: Path, database: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return env | {
        "DOORSTEP_ENV": "production",
        "DEBUG": "no",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "SURVEY_HOUSEHOLD_SECRET": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{SERVER}/{database}",
        "DOORSTEP_DATA_DIR": str(tmp_path / "data"),
        "TASKS_BACKEND": "database",
        "LOG_FORMAT": "json",
    }


def doorstep(*args, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "doorstep", *args], env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"doorstep {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


class Browser:
    """Just enough of a browser behind a TLS proxy: it says the request came over HTTPS
    (X-Forwarded-Proto, as the proxy in docs/deploy.md does) and keeps its own cookies, which
    production marks Secure."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirects)

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - http only
        request.add_header("X-Forwarded-Proto", "https")
        request.add_header("Origin", f"https://127.0.0.1:{PORT}")
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        return response.status, dict(response.headers), response.read()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_for_health(browser: Browser, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"doorstep serve stopped:\n{server.stdout.read()}")
        try:
            status, _, body = browser.request("/healthz")
        except OSError:
            time.sleep(1)
            continue
        if status == 200:
            assert json.loads(body) == {"status": "ok", "database": "ok"}
            return
    raise AssertionError("doorstep serve did not answer /healthz within 3 minutes")


def row_counts(database: str) -> dict:
    tables = [row[0] for row in admin_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
        database=database)]
    return {table: admin_sql(f'SELECT count(*) FROM "{table}"', database=database)[0][0]
            for table in tables}


def tp01(env: dict) -> dict:
    shown = doorstep("tsm", "--year", "2025/26", "--format", "json", env=env).stdout
    return next(m for m in json.loads(shown)["measures"]
                if (m["code"], m["tenure"]) == ("TP01", "LCRA"))


def test_it_serves_works_backs_up_and_restores_in_production(tmp_path, databases):
    live, restored = databases
    env = production_env(tmp_path, live)
    doorstep("migrate", "--verbosity", "0", env=env)
    doorstep("demo-data", "--homes", "300", "--years", "2", "--seed", "3",
             "--today", "2026-03-31", env=env)
    doorstep("rsh-dataset", "load", env=env)
    doorstep("shell", "-c", (
        "from django.contrib.auth import get_user_model; "
        "from doorstep.accounts.models import Profile, Role; "
        f"u = get_user_model().objects.create_user('it-admin', password='{PASSWORD}', "
        "is_staff=True, is_superuser=True); "
        "Profile.objects.create(user=u, role=Role.ADMINISTRATOR)"), env=env)

    server = subprocess.Popen(
        [sys.executable, "-m", "doorstep", "serve", "--port", str(PORT), "--workers", "2",
         "--threads", "2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    browser = Browser(PORT)
    try:
        wait_for_health(browser, server)
        # Signing in, through the form, with the CSRF token.
        status, _, body = browser.request("/sign-in/")
        assert status == 200
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        status, headers, _ = browser.request("/sign-in/", {
            "csrfmiddlewaretoken": token, "username": "it-admin", "password": PASSWORD})
        assert (status, headers["Location"]) == (302, "/")
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")

        statics = set()
        for path, words in [("/", b"Tenant Satisfaction Measures"), ("/measures/", b"TP01"),
                            ("/complaints/", b"omplaint"), ("/benchmarks/", b"2024/25")]:
            status, headers, body = browser.request(path)
            assert status == 200, path
            assert words in body, path
            assert "no-store" in headers.get("Cache-Control", ""), path
            statics |= set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', body))
        assert statics
        for url in sorted(statics):
            # Hashed names (whitenoise's manifest), served for a year, compressed.
            assert re.search(rb"\.[0-9a-f]{12}\.(css|js|svg)$", url), url
            status, headers, body = browser.request(url.decode(),
                                                    headers={"Accept-Encoding": "gzip"})
            assert status == 200, url
            assert "immutable" in headers["Cache-Control"], url
            if url.endswith((b".css", b".js")):
                assert headers.get("Content-Encoding") == "gzip", url

        status, _, body = browser.request("/no-such-page/")
        assert status == 404
        assert b"/static/web/doorstep." in body  # the styled page, with debug off

        # A background task, queued from the command line and run by the worker.
        queued = doorstep("run-scheduled", "--in-background", "--only", "nightly recoding",
                          env=env).stdout
        job_id = int(re.search(r"queued nightly recoding \(job (\d+)\)", queued).group(1))
        status, _, body = browser.request(f"/jobs/{job_id}/")
        assert b"Waiting to start" in body
        doorstep("worker", "--batch", env=env)
        status, _, body = browser.request(f"/jobs/{job_id}/")
        assert status == 200
        assert b"Finished" in body and b"comments coded" in body
    finally:
        server.terminate()
        output = server.communicate(timeout=60)[0]
    # Structured logs on standard error: one JSON object a line, the requests among them.
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert any(line["logger"] == "gunicorn.access" and '"GET /healthz' in line["message"]
               for line in lines)
    assert "Traceback" not in output

    # Back up, restore into a fresh database, and compare.
    backup = tmp_path / "doorstep.dump"
    doorstep("backup", str(backup), env=env)
    restored_env = production_env(tmp_path, restored)
    doorstep("restore", str(backup), env=restored_env)
    refused = doorstep("restore", str(backup), env=restored_env, check=False)
    assert refused.returncode == 1
    assert "add --force to replace it" in refused.stderr
    before, after = row_counts(live), row_counts(restored)
    assert after == before
    # Two jobs: the coding of new comments the demo data's import queued, and the nightly
    # recoding queued above.
    assert before["stock_home"] == 300 and before["ops_job"] == 2
    figure = tp01(env)
    assert figure["value"] is not None
    assert tp01(restored_env) == figure
