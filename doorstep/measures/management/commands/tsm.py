"""``doorstep tsm``: the Tenant Satisfaction Measures of a year, and the records behind one.

    doorstep tsm --year 2025/26 [--tenure LCRA|LCHO|combined]
                 [--by area|scheme|needs_type|building|channel] [--format json|csv|table]
    doorstep tsm explain <CODE> --year 2025/26 [--tenure ...] [--format csv|table]
    doorstep tsm return --year 2024/25 --out FILE.xlsx   (doorstep.publishing.cli)

Other tools and reports read the JSON, so its shape is a contract: values unrounded, a
measure with a zero denominator has ``"value": null``. The table rounds to one decimal place
for reading and says "no value" where there is no base. A mistake the user can make (a year
written wrongly, an unknown code) gets a plain message and exit status 2.
"""

import argparse
import csv
import json

from django.core.management.base import BaseCommand, CommandError

from doorstep.core.periods import PeriodError, ReportingYear
from doorstep.core.survey_stats import points_text
from doorstep.measures.engine import ALL_BREAKDOWNS, compute_measures, explain
from doorstep.measures.exports import safe_cell
from doorstep.measures.scope import TENURES, MeasureError
from doorstep.publishing.cli import add_return_parser, run_return

FIRST_COLUMNS = ["code", "tenure", "group", "value", "numerator", "denominator", "unit"]


def _user_errors() -> tuple:
    errors = [PeriodError, MeasureError]
    try:
        from doorstep.measures.perception import PerceptionError
    except ImportError:
        pass
    else:
        errors.append(PerceptionError)
    return tuple(errors)


def _add_common(parser, *, formats: tuple[str, ...], inherited: bool) -> None:
    # Options given after "explain" belong to its sub-parser; SUPPRESS keeps it from
    # overwriting the same options given before "explain".
    default = {"default": argparse.SUPPRESS} if inherited else {}
    parser.add_argument("--year", help="The reporting year, e.g. 2025/26", **default)
    parser.add_argument("--tenure", choices=TENURES, help="Default: every tenure", **default)
    parser.add_argument(
        "--format",
        choices=formats,
        help="Default: table",
        **(default if inherited else {"default": "table"}),
    )


class Command(BaseCommand):
    help = "Compute the Tenant Satisfaction Measures for a reporting year, or explain one."

    def add_arguments(self, parser):
        _add_common(parser, formats=("json", "csv", "table"), inherited=False)
        parser.add_argument("--by", choices=ALL_BREAKDOWNS, help="Break the figures down")
        actions = parser.add_subparsers(dest="action", metavar="explain")
        explainer = actions.add_parser(
            "explain", help="List the records behind one measure, e.g. explain RP02-1"
        )
        explainer.add_argument("code", help="The measure's code, e.g. TP01, BS01, CH02-1")
        _add_common(explainer, formats=("csv", "table"), inherited=True)
        add_return_parser(actions)

    def handle(self, *args, **options):
        if options.get("action") == "return":
            try:
                return run_return(options=options, stdout=self.stdout)
            except _user_errors() as problem:
                raise CommandError(str(problem), returncode=2) from None
        if not options.get("year"):
            raise CommandError(
                "Say which reporting year with --year, e.g. --year 2025/26", returncode=2
            )
        try:
            year = ReportingYear.parse(options["year"])
            if options.get("action") == "explain":
                self._explain(year=year, options=options)
            else:
                self._measures(year=year, options=options)
        except _user_errors() as problem:
            raise CommandError(str(problem), returncode=2) from None

    def _measures(self, *, year: ReportingYear, options: dict) -> None:
        measure_set = compute_measures(year=year, tenure=options["tenure"], by=options["by"])
        output = options["format"]
        if output == "json":
            self.stdout.write(json.dumps(measure_set.as_dict(), indent=2, default=str))
        elif output == "csv":
            rows = measure_set.as_dict()["measures"]
            self._csv(columns=_measure_columns(rows), rows=rows)
        else:
            self._measure_table(measure_set)

    def _explain(self, *, year: ReportingYear, options: dict) -> None:
        columns, rows = explain(code=options["code"], year=year, tenure=options.get("tenure"))
        if options.get("format", "table") == "csv":
            self._csv(columns=columns, rows=[dict(zip(columns, row, strict=True)) for row in rows])
            return
        self._table(columns=columns, rows=[[_cell(value) for value in row] for row in rows])
        self.stdout.write(f"\n{len(rows)} records.")

    def _csv(self, *, columns: list[str], rows: list[dict]) -> None:
        writer = csv.DictWriter(self.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: _csv_cell(row.get(column)) for column in columns})

    def _measure_table(self, measure_set) -> None:
        self.stdout.write(f"Tenant Satisfaction Measures {measure_set.year.label}")
        rows = [_display_row(result) for result in measure_set.measures]
        columns = ["code", "tenure", "group", "value", "numerator", "denominator", "unit", "notes"]
        if measure_set.by is None:
            columns.remove("group")
            rows = [row[:2] + row[3:] for row in rows]
        self._table(columns=columns, rows=rows)
        conventions = ", ".join(f"{k} = {v}" for k, v in measure_set.conventions.as_dict().items())
        self.stdout.write(f"\nConventions: {conventions}")
        for warning in measure_set.warnings:
            examples = ", ".join(warning.get("examples", []))
            self.stdout.write(
                f"Warning ({warning['count']}): {warning['message']}"
                + (f" For example: {examples}." if examples else "")
            )

    def _table(self, *, columns: list[str], rows: list[list[str]]) -> None:
        widths = [
            max([len(column), *(len(row[place]) for row in rows)])
            for place, column in enumerate(columns)
        ]
        line = "  ".join(f"{{:<{width}}}" for width in widths)
        self.stdout.write(line.format(*columns).rstrip())
        for row in rows:
            self.stdout.write(line.format(*row).rstrip())


def _measure_columns(rows: list[dict]) -> list[str]:
    """The contract's columns first, then every extra figure any measure carries."""
    columns = list(FIRST_COLUMNS)
    for row in rows:
        columns += [key for key in row if key not in columns]
    return columns


def _csv_cell(value):
    if isinstance(value, dict | list):
        return safe_cell(json.dumps(value, default=str))
    if isinstance(value, str):  # text that could run as a formula in a spreadsheet
        return safe_cell(value)
    return "" if value is None else value


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _display_row(result) -> list[str]:
    value = result.value
    notes = []
    if result.details.get("margin_of_error") is not None:
        notes.append(points_text(result.details["margin_of_error"]))
    if result.details.get("provisional"):
        notes.append(f"provisional: {result.details['pending']} pending")
    if result.details.get("within_only_by_extension"):
        notes.append(f"{result.details['within_only_by_extension']} in time by extension")
    if result.details.get("unassessed"):
        notes.append(f"{result.details['unassessed']} not assessed")
    return [
        result.code,
        result.tenure,
        "" if result.group is None else str(result.group),
        "no value" if value is None else f"{value:.1f}",
        _number(result.numerator),
        _number(result.denominator),
        result.unit,
        "; ".join(notes),
    ]
