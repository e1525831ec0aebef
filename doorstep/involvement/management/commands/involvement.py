"""``doorstep involvement``: who is heard, on the command line.

    doorstep involvement reach --from YYYY-MM-DD --to YYYY-MM-DD --characteristic age_band
                               [--format json|table]

The JSON is a contract: keys characteristic, from, to, groups (group, residents, involved,
respondents, complainants), unknown (the same four counts), anonymous_participants, and
tests (involved, respondents, complainants: chi_square, df, p_value, under_represented,
residuals, total, small_expected). See doorstep/involvement/reach.py and docs/involvement.md.
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from doorstep.involvement.reach import CHARACTERISTICS, COLUMNS, TESTED, ReachError, reach


def _day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date for {name}: write it as YYYY-MM-DD, e.g. "
                           "2026-03-31", returncode=2) from None


class Command(BaseCommand):
    help = "Resident involvement: who is heard (reach) against the residents' profile."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
        heard = commands.add_parser("reach", help="Who took part, answered and complained, "
                                    "against the residents' profile")
        heard.add_argument("--from", dest="start", required=True, help="First day, YYYY-MM-DD")
        heard.add_argument("--to", dest="end", required=True, help="Last day, YYYY-MM-DD")
        heard.add_argument("--characteristic", required=True, choices=list(CHARACTERISTICS))
        heard.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, command, **options):
        getattr(self, f"_{command}")(**options)

    def _reach(self, *, start, end, characteristic, format, **_):
        try:
            result = reach(start=_day(start, "--from"), end=_day(end, "--to"),
                           characteristic=characteristic)
        except ReachError as problem:
            raise CommandError(str(problem), returncode=2) from None
        if format == "json":
            self.stdout.write(json.dumps(result, indent=2))
            return
        self.stdout.write(table(result))


def table(result: dict) -> str:
    label = CHARACTERISTICS[result["characteristic"]][1]
    lines = [f"{label}, {result['from']} to {result['to']}", ""]
    lines.append(f"{'group':24}" + "".join(f"{name:>14}" for name in COLUMNS))
    for row in result["groups"]:
        lines.append(f"{row['group'][:24]:24}" + "".join(f"{row[name]:>14}" for name in COLUMNS))
    unknown = result["unknown"]
    lines.append(f"{'not known':24}" + "".join(f"{unknown[name]:>14}" for name in COLUMNS))
    lines.append("")
    for name in TESTED:
        test = result["tests"][name]
        if test["chi_square"] is None:
            lines.append(f"{name}: too few to test")
            continue
        under = ", ".join(test["under_represented"]) or "none"
        lines.append(f"{name}: chi-square {test['chi_square']} on {test['df']} df, "
                     f"p = {test['p_value']}; under-represented: {under}")
    return "\n".join(lines)
