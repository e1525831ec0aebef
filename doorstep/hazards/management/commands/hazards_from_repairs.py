"""``doorstep hazards-from-repairs``: damp and mould repairs with no hazard case.

    doorstep hazards-from-repairs --year 2025/26 [--format text|json]

Every repair in category ``damp_mould`` reported in the year should have been considered as a
possible Awaab's Law hazard; this lists those with no hazard case so someone can open one or
record why it is not a significant hazard.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from doorstep.core.periods import UK, PeriodError, ReportingYear
from doorstep.hazards.services import damp_mould_repairs_without_case


class Command(BaseCommand):
    help = "List the damp and mould repairs of a reporting year that have no hazard case."

    def add_arguments(self, parser):
        parser.add_argument("--year", help="The reporting year, e.g. 2025/26")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        if not options["year"]:
            raise CommandError("Say which reporting year with --year, e.g. --year 2025/26",
                               returncode=2)
        try:
            year = ReportingYear.parse(options["year"])
        except PeriodError as problem:
            raise CommandError(str(problem), returncode=2) from None
        repairs = [
            {
                "repair_ref": repair.repair_ref,
                "home_ref": repair.home.home_ref if repair.home else None,
                "reported_at": repair.reported_at.astimezone(UK).isoformat(),
                "status": repair.status,
                "description": repair.description,
            }
            for repair in damp_mould_repairs_without_case(year=year)
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps({"year": year.label, "repairs": repairs}, indent=2))
            return
        count = len(repairs)
        self.stdout.write(
            f"{count} damp and mould repair{'s' if count != 1 else ''} reported in "
            f"{year.label} with no hazard case" + (":" if count else ".")
        )
        for repair in repairs:
            self.stdout.write(
                f"  {repair['repair_ref']}  home {repair['home_ref'] or '(communal)'}  "
                f"reported {repair['reported_at'][:16].replace('T', ' ')}  {repair['status']}  "
                f"{repair['description']}".rstrip()
            )
