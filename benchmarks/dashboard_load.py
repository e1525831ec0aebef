"""Load test: the year at a glance and measure pages, 10 signed-in users at once.

    .venv/bin/python benchmarks/dashboard_load.py --database sqlite:////path/bench.sqlite3
        [--users 10] [--seconds 60] [--port 8765] [--threads 8] [--lists] [--year 2025/26]

Against the 130,000-home benchmark landlord (``benchmarks/measures.py --keep data/bench``;
the database must be migrated). It:

1. creates one performance analyst per simulated user and a signed-in session for each
   (straight into the session store: no password typing in the measurement);
2. starts Doorstep under waitress, a real multi-threaded WSGI server, with production
   settings (DEBUG off, the file cache under a fresh CACHE_DIR), on 127.0.0.1 only;
3. asks for every page once, in turn, and reports how long each took from cold (the
   figures computed and cached);
4. runs ``--users`` threads, each its own signed-in person, requesting the pages in a loop
   for ``--seconds``, and prints p50, p95 and p99 latency and the throughput.

With ``--lists`` the load also asks for the first page of the long lists (the hazards
screen, the complaints queue), signed in as an administrator (one per simulated user, who
sees every area), on a landlord given this year's repairs and open hazard cases by
``benchmarks/list_landlord.py``; the dashboard's pages, in the same run, are the baseline,
and the latency of each group is reported apart with the ratio of the lists' to the
dashboard's. ``--year`` fixes the dashboard's year (the list landlord has records of the
current year too, which would otherwise become the latest).

Only 127.0.0.1 is ever contacted. Needs ``pip install waitress``.
"""

import argparse
import http.client
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PAGES = [
    "/measures/?year={year}",
    "/measures/?year={year}&tenure=LCRA",
    "/measures/TP01/?year={year}",
    "/measures/TP02/?year={year}",
    "/measures/RP02-1/?year={year}",
    "/measures/CH01-1/?year={year}",
    "/measures/CH02-1/?year={year}",
    "/measures/BS01/?year={year}",
    "/measures/NM01-1/?year={year}",
    "/measures/RP01/?year={year}&by=scheme",
]
# The long lists' first pages (issue 17): as many requests as the dashboard's pages get.
LIST_PAGES = ["/hazards/", "/complaints/"]


def settings_env(*, database: str, cache_dir: str, port: int) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database,
        "DJANGO_SETTINGS_MODULE": "doorstep.settings",
        "DOORSTEP_ENV": "production",
        "SECRET_KEY": "load-test-only-" + "x" * 40,
        "SURVEY_HOUSEHOLD_SECRET": "load-test-only-" + "y" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CACHE_DIR": cache_dir,
    }


def signed_in_sessions(*, users: int, role: str = "analyst") -> list[str]:
    """Session keys for ``users`` people of ``role``, made in this process's Django."""
    import django

    django.setup()
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    from doorstep.accounts.models import Profile, Role

    keys = []
    for number in range(users):
        user, _ = get_user_model().objects.get_or_create(username=f"load-{role}-{number}")
        user.set_unusable_password()
        user.save()
        Profile.objects.get_or_create(user=user, defaults={"role": Role(role)})
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def latest_year() -> str:
    from doorstep.web.year_figures import years_with_records

    return years_with_records()[0].label


def get(*, port: int, path: str, session: str) -> tuple[int, float, int]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    connection.request("GET", path, headers={"Cookie": f"sessionid={session}"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, time.perf_counter() - started, len(body)


def start_server(*, env: dict, port: int, threads: int, log) -> subprocess.Popen:
    # The server's messages go to a file: an unread pipe would fill and stall the server.
    server = subprocess.Popen(
        [sys.executable, "-m", "waitress", f"--listen=127.0.0.1:{port}",
         f"--threads={threads}", "doorstep.wsgi:application"],
        env=env, cwd=PROJECT, stdout=log, stderr=log,
    )
    for _ in range(300):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("HEAD", "/")
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    log.seek(0)
    raise SystemExit("The server did not start: " + log.read().decode()[-2000:])


def run_load(*, port: int, sessions: list[dict], pages: list[str], seconds: float,
             list_pages: tuple = ()) -> dict:
    """``sessions``: one per simulated user, {"dashboard": key, "lists": key}. With
    ``list_pages``, each request is a list page or a dashboard page half the time each."""
    timings: dict[str, list[float]] = {"dashboard": [], "lists": []}
    by_list: dict[str, list[float]] = {path: [] for path in list_pages}
    failures: list[str] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def user(person: dict) -> None:
        chooser = random.Random(person["dashboard"])
        while time.perf_counter() < stop_at:
            kind = "lists" if list_pages and chooser.random() < 0.5 else "dashboard"
            path = chooser.choice(list_pages if kind == "lists" else pages)
            status, took, _ = get(port=port, path=path, session=person[kind])
            with lock:
                timings[kind].append(took)
                if kind == "lists":
                    by_list[path].append(took)
                if status != 200:
                    failures.append(f"{status} {path}")

    started = time.perf_counter()
    workers = [threading.Thread(target=user, args=(person,)) for person in sessions]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    every = timings["dashboard"] + timings["lists"]
    return {
        "requests": len(every), "failures": failures[:10], "failed": len(failures),
        **_latency(every), "per_second": len(every) / elapsed, "seconds": elapsed,
        "groups": {kind: _latency(times) | {"requests": len(times)}
                   for kind, times in {**timings, **by_list}.items() if len(times) > 1},
    }


def _latency(timings: list[float]) -> dict:
    cuts = statistics.quantiles(timings, n=100)
    return {"p50_ms": 1000 * cuts[49], "p95_ms": 1000 * cuts[94], "p99_ms": 1000 * cuts[98],
            "max_ms": 1000 * max(timings)}


def serve_and_load(*, options, env: dict, log, sessions: list[dict], pages: list[str],
                   list_pages: tuple = ()) -> dict:
    server = start_server(env=env, port=options.port, threads=options.threads, log=log)
    try:
        print("Cold (each page once, figures computed and cached):")
        for kind, paths in (("dashboard", pages), ("lists", list_pages)):
            for path in paths:
                status, took, size = get(port=options.port, path=path,
                                         session=sessions[0][kind])
                print(f"  {status} {took:7.2f} s {size:8,} bytes  {path}")
        return run_load(port=options.port, sessions=sessions, pages=pages,
                        seconds=options.seconds, list_pages=list_pages)
    finally:
        server.terminate()
        server.wait(timeout=30)


def report_server_log(log) -> None:
    log.seek(0)
    lines = log.read().decode(errors="replace").splitlines()
    queued = sum("Task queue depth" in line for line in lines)
    others = [line for line in lines if "Task queue depth" not in line]
    print(f"waitress warned {queued} times that requests were queued for a thread")
    if others:
        print("The server also said:\n" + "\n".join(others[-40:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="DATABASE_URL of the loaded landlord")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    parser.add_argument("--lists", action="store_true",
                        help="also the long lists' first pages (benchmarks/list_landlord.py)")
    parser.add_argument("--year", help="the dashboard's year (default: the latest)")
    options = parser.parse_args()
    cache_dir = tempfile.mkdtemp(prefix="doorstep-load-cache-")
    env = settings_env(database=options.database, cache_dir=cache_dir, port=options.port)
    os.environ.update(env)
    analysts = signed_in_sessions(users=options.users)
    administrators = (signed_in_sessions(users=options.users, role="administrator")
                      if options.lists else analysts)
    sessions = [{"dashboard": analyst, "lists": administrator}
                for analyst, administrator in zip(analysts, administrators, strict=True)]
    list_pages = tuple(LIST_PAGES) if options.lists else ()
    year = options.year or latest_year()
    pages = [page.format(year=year.replace("/", "%2F")) for page in PAGES]
    print(f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}; database {options.database}; year {year}")
    with tempfile.TemporaryFile() as log:
        result = serve_and_load(options=options, env=env, log=log, sessions=sessions,
                                pages=pages, list_pages=list_pages)
        report_server_log(log)
    print(f"Warm, {options.users} users at once for {result['seconds']:.0f} s: "
          f"{result['requests']} requests, {result['failed']} not 200 {result['failures']}")
    print(f"  p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
          f"p99 {result['p99_ms']:.0f} ms, max {result['max_ms']:.0f} ms, "
          f"{result['per_second']:.1f} requests/s; load average {os.getloadavg()[0]:.1f}")
    groups = result["groups"]
    for kind, figures in groups.items():
        print(f"  {kind}: {figures['requests']} requests, p50 {figures['p50_ms']:.0f} ms, "
              f"p95 {figures['p95_ms']:.0f} ms, p99 {figures['p99_ms']:.0f} ms, "
              f"max {figures['max_ms']:.0f} ms")
    if "lists" in groups and "dashboard" in groups:
        print(f"  lists / dashboard: p50 "
              f"{groups['lists']['p50_ms'] / groups['dashboard']['p50_ms']:.2f}x, p95 "
              f"{groups['lists']['p95_ms'] / groups['dashboard']['p95_ms']:.2f}x")


if __name__ == "__main__":
    main()
