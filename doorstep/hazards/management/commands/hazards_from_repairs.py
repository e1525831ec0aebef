"""``doorstep hazards-from-repairs``: repairs that may describe a hazard in Awaab's Law's scope.

    doorstep hazards-from-repairs --year 2026/27 [--format text|json]

Every repair reported in the year is read against the phrase rules
(``doorstep/hazards/data/repair_phrases.csv``: its category and words in its description, per
hazard). A repair that may describe a hazard in scope on the day it was reported is routed:
to its hazard case when it has one, otherwise to a person to check (the hazards page lists
the same repairs under "May need a case"). No heating or hot water is suggested as a possible
emergency between October and April, or for a household Doorstep knows has a vulnerable
member (the survey household profile, or housing for older people or supported housing).

In JSON, ``repairs`` are those to check (no hazard case), as before the hazard list, and
``with_case`` those routed to a case. Progress goes to stderr on long runs.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from doorstep.core.periods import UK, PeriodError, ReportingYear
from doorstep.hazards.models import Hazard
from doorstep.hazards.repair_rules import RuleError, phrases
from doorstep.hazards.services import repair_hazards

CHUNK = 5000


class Command(BaseCommand):
    help = ("Find the repairs of a reporting year that may describe a hazard in Awaab's Law's "
            "scope, and route each to its hazard case or to a person to check.")

    def add_arguments(self, parser):
        parser.add_argument("--year", help="The reporting year, e.g. 2026/27")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        if not options["year"]:
            raise CommandError("Say which reporting year with --year, e.g. --year 2026/27",
                               returncode=2)
        try:
            year = ReportingYear.parse(options["year"])
        except PeriodError as problem:
            raise CommandError(str(problem), returncode=2) from None
        self._check_rules()
        rows = repair_hazards(year=year, progress=self._progress, chunk=CHUNK)
        listed = [_as_dict(row) for row in rows]
        to_check = [row for row in listed if row["route"] == "check"]
        with_case = [row for row in listed if row["route"] == "case"]
        if options["format"] == "json":
            self.stdout.write(json.dumps(
                {"year": year.label, "repairs": to_check, "with_case": with_case}, indent=2))
            return
        self.stdout.write(
            f"{_plural(len(to_check), 'repair')} reported in {year.label} may describe a hazard "
            "in scope and have no hazard case" + (": check each one" if to_check else ".")
        )
        for row in to_check:
            self.stdout.write("  " + _line(row))
        if with_case:
            self.stdout.write(f"{_plural(len(with_case), 'more')} routed to their hazard case:")
            for row in with_case:
                self.stdout.write(f"  {row['repair_ref']} -> {row['hazard_case_ref']}  "
                                  f"{row['hazard_name']}")

    def _check_rules(self) -> None:
        try:
            rules = phrases()
        except RuleError as problem:
            raise CommandError(str(problem), returncode=2) from None
        known = set(Hazard.objects.values_list("code", flat=True))
        unknown = sorted({rule.hazard for rule in rules} - known)
        if unknown:
            raise CommandError(f"The repair phrases name hazards that are not in the hazard "
                               f"list: {', '.join(unknown)}", returncode=2)

    def _progress(self, done: int, total: int) -> None:
        if total > CHUNK:
            self.stderr.write(f"Read {done:,} of {total:,} repairs that contain a phrase")


def _as_dict(row) -> dict:
    repair = row.repair
    return {
        "repair_ref": repair.repair_ref,
        "home_ref": repair.home.home_ref if repair.home else None,
        "reported_at": repair.reported_at.astimezone(UK).isoformat(),
        "status": repair.status,
        "category": repair.category,
        "description": repair.description,
        "hazard": row.hazard.code,
        "hazard_name": row.hazard.name,
        "group": row.hazard.group,
        "suggested_kind": row.suggested_kind,
        "why_emergency": row.why_emergency,
        "words": list(row.words),
        "route": row.route,
        "hazard_case_ref": row.case.hazard_ref if row.case else None,
    }


def _line(row: dict) -> str:
    kind = (f"possible emergency: {row['why_emergency']}" if row["suggested_kind"] == "emergency"
            else "significant")
    return (f"{row['repair_ref']}  home {row['home_ref'] or '(communal)'}  reported "
            f"{row['reported_at'][:16].replace('T', ' ')}  {row['hazard_name']} ({kind})  "
            f"words: {', '.join(row['words'])}  {row['description']}").rstrip()


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 and word != 'more' else ''}"
