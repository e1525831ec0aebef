"""doorstep survey-accuracy --population N --responses n [--census] [--format table|json]

How accurate a perception survey is against the TSM requirement, from the regulator's
formulas (``doorstep.core.survey_stats``). JSON carries the unrounded figures.
"""

import argparse
import json

from django.core.management.base import BaseCommand, CommandError

from doorstep.core.survey_stats import (
    SurveyFiguresError,
    margin_of_error,
    meets_requirement,
    points_text,
    required_margin,
    required_sample,
)


def _whole_number(text: str) -> int:
    try:
        return int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


class Command(BaseCommand):
    help = (
        "Check a perception survey's accuracy against the Tenant Satisfaction Measures "
        "requirement: the required margin of error and minimum sample for the tenant "
        "population, and the margin of error the responses achieve (95% confidence)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--population",
            type=_whole_number,
            required=True,
            help="relevant tenant population: households of the tenure surveyed",
        )
        parser.add_argument(
            "--responses", type=_whole_number, required=True, help="responses achieved"
        )
        parser.add_argument(
            "--census",
            action="store_true",
            help="every household was invited (a census): a population under 2,500 then "
            "meets the requirement however many replied",
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, population, responses, census, format, **options):
        try:
            accuracy = survey_accuracy(
                population=population, responses=responses, census=census or None
            )
        except SurveyFiguresError as problem:
            raise CommandError(str(problem)) from None
        if format == "json":
            self.stdout.write(json.dumps(accuracy))
        else:
            self.stdout.write(
                _as_table(accuracy, population=population, responses=responses, census=census)
            )


def survey_accuracy(*, population: int, responses: int, census: bool | None = None) -> dict:
    return {
        "required_margin": required_margin(population),
        "required_sample": required_sample(population),
        "margin_of_error": margin_of_error(population=population, responses=responses),
        "meets_requirement": meets_requirement(
            population=population, responses=responses, census=census
        ),
    }


def _as_table(accuracy: dict, *, population: int, responses: int, census: bool) -> str:
    note = " (a census)" if census or responses == population else ""
    rows = [
        ("Relevant tenant population", f"{population:,}"),
        ("Responses achieved", f"{responses:,}{note}"),
        ("Required margin of error", points_text(accuracy["required_margin"])),
        ("Required minimum sample", f"{accuracy['required_sample']:,.2f}"),
        ("Margin of error achieved", points_text(accuracy["margin_of_error"], 2)),
        ("Meets the requirement", "yes" if accuracy["meets_requirement"] else "no"),
    ]
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label:<{width}}  {value}" for label, value in rows)
