"""``doorstep run-scheduled``: the recurring work, run once (cron or a systemd timer calls it).

    doorstep run-scheduled [--date YYYY-MM-DD] [--only NAME ...] [--list]

One line per piece of work saying what it did; exits 1 if any failed (the others still run).
What runs: doorstep.ops.schedule.RECURRING, which each app adds to in its scheduled.py.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from doorstep.ops.schedule import discover, run_all


class Command(BaseCommand):
    help = ("Run the recurring work once: the complaints digest, flag escalation, overdue "
            "responses, nightly recoding and whatever the apps add.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to run it for (default: today)")
        parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these")
        parser.add_argument("--list", action="store_true", help="list the work, run nothing")
        parser.add_argument("--in-background", action="store_true",
                            help="queue each piece as a background job for `doorstep worker`")

    def handle(self, *args, date: str | None, only, list: bool, in_background: bool,
               **options):
        work = discover()
        if list:
            for item in work:
                self.stdout.write(f"{item.name}: {item.description}")
            return
        known = {item.name for item in work}
        unknown = [name for name in only or [] if name not in known]
        if unknown:
            raise CommandError(f"No recurring work is called {', '.join(map(repr, unknown))}; "
                               f"`doorstep run-scheduled --list` names it all", returncode=2)
        today = _day(date)
        if in_background:
            self._queue(work, today=today, only=only)
            return
        outcomes = run_all(today=today, only=only)
        for outcome in outcomes:
            mark = "ok" if outcome.ok else "FAILED"
            self.stdout.write(f"{mark:6} {outcome.name}: {outcome.summary}")
        failed = [o.name for o in outcomes if not o.ok]
        if failed:
            raise CommandError(f"{len(failed)} of {len(outcomes)} failed: {', '.join(failed)} "
                               "(the log has the details)", returncode=1)


    def _queue(self, work, *, today, only):
        from doorstep.ops.jobs import start_job
        from doorstep.ops.tasks import run_recurring

        for item in work:
            if only and item.name not in only:
                continue
            job = start_job(run_recurring, label=f"Recurring work: {item.name}",
                            name=item.name, day=today.isoformat())
            self.stdout.write(f"queued {item.name} (job {job.pk})")


def _day(text: str | None):
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{text!r} is not a date: write it as YYYY-MM-DD", returncode=2) \
            from None
