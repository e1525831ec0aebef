"""``doorstep actions``: improvement actions on the command line.

    doorstep actions remeasure ACTION_REF [--until YYYY-MM-DD] [--format json|table]

``remeasure`` compares the action's measure before it was agreed with after it was done
(see doorstep/actions/remeasure.py and docs/actions.md). The JSON is a contract the
reports rely on: keys action, measure, tenure, group, baseline, after, test, p_value and
verdict (improved, worsened, no clear change, too early to tell).
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from doorstep.actions.models import Action
from doorstep.actions.remeasure import RemeasureError, described, remeasure


class Command(BaseCommand):
    help = "Work with improvement actions: re-measure whether an action's measure moved."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
        again = commands.add_parser("remeasure", help="Did the action's measure move?")
        again.add_argument("action_ref", metavar="ACTION_REF", help="e.g. A-17")
        again.add_argument("--until", help="The last day of the later period (default today)")
        again.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, command, **options):
        getattr(self, f"_{command}")(**options)

    def _remeasure(self, *, action_ref, until, format, **_):
        try:
            last_day = date.fromisoformat(until) if until else None
        except ValueError:
            raise CommandError(
                f"{until!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31", returncode=2
            ) from None
        action = Action.objects.filter(action_ref=action_ref).first()
        if action is None:
            raise CommandError(f"There is no action {action_ref}", returncode=2)
        try:
            result = remeasure(action, until=last_day)
        except RemeasureError as problem:
            raise CommandError(str(problem), returncode=2) from None
        if format == "json":
            self.stdout.write(json.dumps(result, indent=2))
            return
        self.stdout.write(table(result))


def table(result: dict) -> str:
    group = result["group"]
    where = f", {group['kind'].replace('_', ' ')} {group['value']}" if group else ""
    lines = [f"{result['action']}: {result['measure']} ({result['tenure']}{where})", ""]
    lines.append(f"{'':10} {'from':10}  {'to':10}  {'numerator':>10}  {'denominator':>11}  "
                 f"{'value':>7}")
    for name in ("baseline", "after"):
        window = result[name]
        if window is None:
            lines.append(f"{name:10} (none yet: the action is not done, or was done today)")
            continue
        value = "–" if window["value"] is None else f"{window['value']:.1f}"
        lines.append(
            f"{name:10} {window['from']}  {window['to']}  {window['numerator']:>10}  "
            f"{window['denominator']:>11}  {value:>7}"
        )
    p_value = result["p_value"]
    p_value = "–" if p_value is None else (f"{p_value:.4f}" if p_value >= 0.0001 else
                                           f"{p_value:.2g} (below 0.0001)")
    lines += ["", f"Test: {result['test']}; p = {p_value}",
              f"Verdict: {result['verdict']}", described(result)]
    return "\n".join(lines) + "\n"
