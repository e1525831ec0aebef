"""doorstep demo: set up the demo landlord and start the server (the README's demo command)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from doorstep.demo.generator import load_into_database
from doorstep.stock.models import Home

# Demo sign-ins, printed on start. Never created in production (see handle()).
DEMO_LOGINS = [
    ("admin", "doorstep-demo", "administrator: everything, including Django's admin"),
]


class Command(BaseCommand):
    help = (
        "Set up the demo: create the database, generate a fictional landlord, load it through "
        "the importers, create demo sign-ins and start the server. Run it again to start the "
        "server on the data already loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--homes", type=int, default=5000, help="homes in the demo landlord")
        parser.add_argument("--years", type=int, default=3, help="reporting years of history")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--port", default="8000")
        parser.add_argument("--reload", action="store_true", help="load fresh demo data")
        parser.add_argument("--no-serve", action="store_true", help="set up, then stop")

    def handle(self, *args, homes, years, seed, port, reload, no_serve, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo is for trying Doorstep out: it will not run with "
                               "DOORSTEP_ENV=production")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database ready.")
        if reload or not Home.objects.exists():
            self.stdout.write(f"Generating a landlord of {homes:,} homes with {years} years of "
                              "history and loading it through the importers...")
            # The files stay in data/demo-files so that people can try the importer on them.
            folder = settings.DATA_DIR / "demo-files"
            call_command("demo_data", homes=homes, years=years, seed=seed, out=folder)
            created = load_into_database(folder, run_by="doorstep demo")
            loaded = ", ".join(f"{name} {count:,}" for name, count in created.items())
            self.stdout.write(f"Loaded: {loaded}")
        else:
            self.stdout.write(f"Using the demo landlord already loaded "
                              f"({Home.objects.count():,} homes; --reload for fresh data).")
        _create_logins()
        self._print_welcome(port)
        if not no_serve:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)

    def _print_welcome(self, port: str) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Doorstep is at http://127.0.0.1:{port}/"))
        self.stdout.write(f"Django's admin (browse every record): http://127.0.0.1:{port}/admin/")
        self.stdout.write("Demo sign-ins:")
        for username, password, role in DEMO_LOGINS:
            self.stdout.write(f"  {username} / {password}  ({role})")
        self.stdout.write("")


def _create_logins() -> None:
    users = get_user_model()
    for username, password, _ in DEMO_LOGINS:
        user, _ = users.objects.get_or_create(username=username)
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
