"""``doorstep serve``: Doorstep behind gunicorn, the production web server (ADR 0005).

    doorstep serve [--host 127.0.0.1] [--port 8000] [--workers 2] [--threads 4]

Before it listens it runs the checks a deployment needs: Django's production checks (with
DOORSTEP_ENV=production), that every migration has been applied, and collectstatic (hashed,
compressed copies for whitenoise to serve). It prints its address once it is listening.
"""


from django.conf import settings
from django.core import checks
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, SystemCheckError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from doorstep.ops.server import run_gunicorn


class Command(BaseCommand):
    help = "Run Doorstep's production web server (gunicorn), with its static files."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1",
                            help="address to listen on (default 127.0.0.1: behind a proxy)")
        parser.add_argument("--port", type=int, default=8000, help="default 8000")
        parser.add_argument("--workers", type=int, default=2,
                            help="worker processes (default 2; about one per CPU core)")
        parser.add_argument("--threads", type=int, default=4,
                            help="threads in each worker (default 4)")
        parser.add_argument("--timeout", type=int, default=120,
                            help="seconds before a stuck request's worker is restarted")
        parser.add_argument("--no-collectstatic", action="store_true",
                            help="the static files are already collected")

    def handle(self, *args, host, port, workers, threads, timeout, no_collectstatic, **options):
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be 1 or more", returncode=2)
        self._check()
        _require_migrated()
        if not no_collectstatic and not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
            self.stdout.write(f"Static files ready in {settings.STATIC_ROOT}.")
        self.stdout.flush()
        run_gunicorn(host=host, port=port, workers=workers, threads=threads, timeout=timeout)

    def _check(self):
        try:
            self.check(include_deployment_checks=settings.PRODUCTION, fail_level=checks.ERROR)
        except SystemCheckError as problem:
            raise CommandError(f"Doorstep will not start until these are fixed:\n{problem}",
                               returncode=2) from None


def _require_migrated() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise CommandError(
            f"The database is {len(pending)} migrations behind this version of Doorstep: run "
            "`doorstep migrate` first (take a backup before: `doorstep backup FILE`).",
            returncode=2,
        )
