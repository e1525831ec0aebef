"""Give a copy of the benchmark landlord what the long lists need: this year's repairs and
open hazard cases.

    .venv/bin/python benchmarks/list_landlord.py --database sqlite:////tmp/b.sqlite3
        [--open-cases 1300]

The benchmark landlord (``benchmarks/measures.py``) ends on 31 March 2026 and has no hazard
cases (they are casework, not an import). The hazards screen lists the repairs of the
reporting year containing today and the open cases, so on a copy (never on data/bench
itself) this:

1. copies the repairs reported from 1 April 2025 up to a year before today into this
   reporting year (each a year later, its reference with "-Y2" added), as a landlord in the
   middle of its year would have them; the older years, and so the dashboard's 2025/26
   figures, are unchanged;
2. opens ``--open-cases`` hazard cases (default 1,300: one home in a hundred) on homes in
   every area, landlord aware between 1 and 60 days ago, a mix of emergencies and
   significant hazards at every step, so that some are overdue, some due soon and some
   outside the timescales, with a handler for most.

Run it once on the copy after ``doorstep migrate``; running it again adds nothing.
"""

import argparse
import os
import random
import time
from datetime import timedelta


def copy_this_years_repairs(connection, *, today) -> int:
    """The copied rows; none if the copy was made before."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM repairs_repair WHERE repair_ref LIKE '%-Y2'")
        if cursor.fetchone()[0]:
            return 0
        a_year_ago = today.replace(year=today.year - 1).isoformat()
        columns = ("priority", "priority_label", "status", "repair_type", "category",
                   "description", "cost_gbp", "building_id", "home_id", "area_group",
                   "building_group", "counts_as_lcra", "needs_type_group", "scheme_group")
        listed = ", ".join(columns)
        cursor.execute(
            f"INSERT INTO repairs_repair (repair_ref, reported_at, target_at, completed_at, "
            f"{listed}) SELECT repair_ref || '-Y2', datetime(reported_at, '+1 year'), "
            f"datetime(target_at, '+1 year'), CASE WHEN completed_at IS NULL THEN NULL "
            f"ELSE datetime(completed_at, '+1 year') END, {listed} FROM repairs_repair "
            f"WHERE reported_at >= '2025-04-01' AND reported_at < %s", [a_year_ago])
        return cursor.rowcount


def open_hazard_cases(*, how_many: int, now) -> int:
    from django.contrib.auth import get_user_model

    from doorstep.accounts.models import Profile, Role
    from doorstep.hazards.hazard_list import load_hazard_list
    from doorstep.hazards.models import Hazard, HazardCase, HazardKind, HazardSource
    from doorstep.stock.models import Home

    if HazardCase.objects.filter(hazard_ref__startswith="HZ-LOAD-").exists():
        return 0
    load_hazard_list()
    chooser = random.Random(1)
    handlers = []
    for number in range(8):
        user, _ = get_user_model().objects.get_or_create(username=f"load-hazards-{number}")
        Profile.objects.get_or_create(user=user, defaults={"role": Role.SERVICE_MANAGER})
        handlers.append(user)
    hazards = list(Hazard.objects.all())
    damp = next(h for h in hazards if h.code == "damp_mould")
    homes = list(Home.objects.order_by("?").values_list("pk", flat=True)[:how_many])
    cases = []
    for number, home in enumerate(homes):
        aware = now - timedelta(days=chooser.randint(1, 60), hours=chooser.randint(0, 23))
        emergency = chooser.random() < 0.15
        hazard = damp if chooser.random() < 0.6 else chooser.choice(hazards)
        investigated = not emergency and chooser.random() < 0.5
        cases.append(HazardCase(
            hazard_ref=f"HZ-LOAD-{number:06d}",
            kind=HazardKind.EMERGENCY if emergency else HazardKind.SIGNIFICANT,
            hazard=None if chooser.random() < 0.05 else hazard,
            timescales_apply=chooser.random() > 0.05,
            source=HazardSource.REPORT,
            home_id=home,
            description="Load test: black mould on the bedroom wall",
            handler=chooser.choice(handlers) if chooser.random() < 0.9 else None,
            aware_at=aware,
            made_safe_at=aware + timedelta(hours=12) if emergency and chooser.random() < 0.5
            else None,
            investigation_concluded_on=(aware + timedelta(days=5)).date() if investigated
            else None,
            further_works_needed=True if investigated else None,
            summary_sent_on=(aware + timedelta(days=7)).date()
            if investigated and chooser.random() < 0.5 else None,
        ))  # fmt: skip
    HazardCase.objects.bulk_create(cases, batch_size=1000)
    return len(cases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="DATABASE_URL of the copy")
    parser.add_argument("--open-cases", type=int, default=1300)
    options = parser.parse_args()
    os.environ["DATABASE_URL"] = options.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstep.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        copied = copy_this_years_repairs(connection, today=timezone.localdate())
        opened = open_hazard_cases(how_many=options.open_cases, now=now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"copied {copied:,} repairs into this year, opened {opened:,} hazard cases "
          f"in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
