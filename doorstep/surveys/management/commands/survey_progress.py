"""``doorstep survey-progress --survey NAME [--format table|json]``

Responses so far per stratum (tenure x area) against the stratum's target, by channel.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from doorstep.surveys.sampling import response_progress
from doorstep.surveys.services import SurveyError, get_survey


class Command(BaseCommand):
    help = "Show a survey's responses per stratum against target, by channel."

    def add_arguments(self, parser):
        parser.add_argument("--survey", required=True)
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, survey, format, **options):
        try:
            rows = response_progress(survey=get_survey(name=survey))
        except SurveyError as problem:
            raise CommandError(str(problem)) from None
        if format == "json":
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            channels = ", ".join(f"{channel} {n}" for channel, n in row["by_channel"].items())
            self.stdout.write(
                f"{row['tenure']:<5}{row['area']:<24}{row['achieved']:>6} of {row['target']:<6}"
                f"({row['invited']} invited)  {channels}"
            )
