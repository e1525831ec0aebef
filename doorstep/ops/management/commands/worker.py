"""``doorstep worker``: run the background tasks queued in the database (docs/tasks.md).

    doorstep worker [--batch] [--max-tasks N] [--interval SECONDS]

Runs until stopped (systemd restarts it; see docs/deploy.md). ``--batch`` runs what is
queued, then stops: for a test, or a cron job on a small installation.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the background tasks queued in the database (imports, PDFs, comment coding)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true",
                            help="run the tasks already queued, then stop")
        parser.add_argument("--max-tasks", type=int, default=None,
                            help="stop after this many tasks")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds between looks at an empty queue (default 1)")
        parser.add_argument("--queue", default="default", help="queue names, comma-separated")

    def handle(self, *args, batch, max_tasks, interval, queue, **options):
        backend = settings.TASKS["default"]["BACKEND"]
        if not backend.startswith("django_tasks_db"):
            raise CommandError(
                "There is no queue to work on: TASKS_BACKEND is immediate, so tasks run at once "
                "in the web server. Set TASKS_BACKEND=database to queue them for a worker.",
                returncode=2,
            )
        arguments = ["--queue-name", queue, "--interval", str(interval), "--no-reload",
                     "--no-startup-delay"]
        if batch:
            arguments.append("--batch")
        if max_tasks:
            arguments += ["--max-tasks", str(max_tasks)]
        call_command("db_worker", *arguments, verbosity=options["verbosity"])
