"""doorstep demo: set up the demo landlord and start the server (the README's demo command)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from doorstep.accounts.models import Profile, Role
from doorstep.demo.current_survey import set_up_current_survey
from doorstep.demo.generator import load_into_database
from doorstep.demo.hazards import set_up_hazard_cases
from doorstep.demo.learning import set_up_complaints_learning
from doorstep.demo.management.commands.demo_data import day_given
from doorstep.demo.publishing import publish_demo_years
from doorstep.demo.voice import set_up_voice
from doorstep.stock.models import Home

DEMO_PASSWORD = "doorstep-demo"  # noqa: S105 - printed for anyone trying the demo
# Demo sign-ins, one per role, printed on start. Never created in production (see handle()).
DEMO_LOGINS = [
    ("admin", Role.ADMINISTRATOR, "everything, including Django's admin"),
    ("analyst", Role.ANALYST, "figures, the records behind them, imports, targets"),
    ("manager", Role.SERVICE_MANAGER, "figures, and casework in one area only"),
    ("complaints", Role.COMPLAINTS_HANDLER, "figures and complaints"),
    ("engagement", Role.ENGAGEMENT_OFFICER, "figures and residents' comments"),
    ("board", Role.BOARD_MEMBER, "figures only, read only"),
    ("panel", Role.PANEL_MEMBER, "a tenant: aggregated, anonymised figures only"),
]


class Command(BaseCommand):
    help = (
        "Set up the demo: create the database, generate a fictional landlord, load it through "
        "the importers, create demo sign-ins and start the server. Run it again to start the "
        "server on the data already loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--homes", type=int, default=5000, help="homes in the demo landlord")
        parser.add_argument("--years", type=int, default=3,
                            help="complete reporting years of history before this one")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", help="the day the history runs to and the clocks "
                            "are read on, e.g. 2026-12-02 (the real date)")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--reload", action="store_true", help="load fresh demo data")
        parser.add_argument("--no-serve", action="store_true", help="set up, then stop")

    def handle(self, *args, homes, years, seed, port, reload, no_serve, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo is for trying Doorstep out: it will not run with "
                               "DOORSTEP_ENV=production")
        today = day_given(options.get("today"))
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database ready.")
        if reload or not Home.objects.exists():
            self.stdout.write(f"Generating a landlord of {homes:,} homes with {years} complete "
                              f"years of history and this year up to {today.day} "
                              f"{today:%B %Y}, and loading it through the importers...")
            # The files stay in data/demo-files so that people can try the importer on them.
            folder = settings.DATA_DIR / "demo-files"
            call_command("demo_data", homes=homes, years=years, seed=seed, today=today,
                         out=folder)
            created = load_into_database(folder, run_by="doorstep demo", today=today)
            loaded = ", ".join(f"{name} {count:,}" for name, count in created.items())
            self.stdout.write(f"Loaded: {loaded}")
        else:
            self.stdout.write(f"Using the demo landlord already loaded "
                              f"({Home.objects.count():,} homes; --reload for fresh data).")
        _load_benchmarks(self.stdout)
        manager_area = _create_logins()
        self.stdout.write("Hazard cases on the Awaab's Law clocks: "
                          f"{set_up_hazard_cases(today=today)} (Hazard cases in the menu).")
        self.stdout.write("Residents' voice: " + set_up_voice(today=today, stdout=self.stdout))
        self.stdout.write(set_up_complaints_learning())
        self.stdout.write(publish_demo_years(today=today))
        survey = set_up_current_survey(today=today)
        self.stdout.write(f"This year's survey, to try staff entry, SMS and paper on: "
                          f"{survey.name} ({survey.sample.count():,} households sampled; "
                          "Survey fieldwork in the menu).")
        self._print_welcome(manager_area=manager_area)
        if no_serve:
            self.stdout.write("Set up. Start the server with `doorstep demo` "
                              "(or `doorstep serve`).")
            return
        # The production server, with debug off as in production (doorstep.ops): it prints
        # the address once it is listening.
        self.stdout.flush()
        from doorstep.ops.server import serve_in_new_process

        serve_in_new_process(port=int(port), debug=False, with_worker=True)

    def _print_welcome(self, *, manager_area: str) -> None:
        self.stdout.write("")
        self.stdout.write("Django's admin (browse every record) is at /admin/, as admin.")
        self.stdout.write(f"Demo sign-ins, each with the password {DEMO_PASSWORD}:")
        for username, role, can in DEMO_LOGINS:
            area = f" (area: {manager_area})" if role == Role.SERVICE_MANAGER and manager_area \
                else ""
            self.stdout.write(f"  {username:<11} {role.label}{area}: {can}")
        self.stdout.write("")


def _load_benchmarks(stdout) -> None:
    """The regulator's published TSMs that ship with Doorstep, as benchmark peers."""
    from doorstep.benchmarks.dataset import ATTRIBUTION, load_into_database

    for report in load_into_database():
        stdout.write(f"Benchmarks: the regulator's {report.year} TSMs, {report.landlords} "
                     f"landlords. {ATTRIBUTION}.")


def _create_logins() -> str:
    """Make (or reset) one sign-in per role; returns the area the service manager covers."""
    # The first area of the stock, so the demo shows a manager limited to one patch.
    area = Home.objects.order_by("area").values_list("area", flat=True).first() or ""
    users = get_user_model()
    for username, role, _ in DEMO_LOGINS:
        user, _ = users.objects.get_or_create(username=username)
        # Only the administrator may use Django's admin, which bypasses the access rules.
        user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
        user.set_password(DEMO_PASSWORD)
        user.save()
        Profile.objects.update_or_create(user=user, defaults={
            "role": role, "areas": area if role == Role.SERVICE_MANAGER else ""})
    return area
