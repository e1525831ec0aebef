"""``doorstep survey-approach --survey NAME [--format markdown|text]``

Print the summary of approach to publish with the perception measures, generated from the
survey's own records. Parts a person still has to write are marked "[To be written: ...]" and
listed on stderr, and the command exits with status 1 until they are written (so a
publishing script cannot put out an unfinished summary by mistake).
"""

from django.core.management.base import BaseCommand, CommandError

from doorstep.surveys.approach import build_approach, render
from doorstep.surveys.services import SurveyError, get_survey


class Command(BaseCommand):
    help = "Print a survey's summary of approach (for publication) as Markdown or plain text."

    def add_arguments(self, parser):
        parser.add_argument("--survey", required=True, help="The survey's name")
        parser.add_argument("--format", choices=["markdown", "text"], default="markdown")

    def handle(self, *args, survey, format, **options):
        try:
            approach = build_approach(survey=get_survey(name=survey))
        except SurveyError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(render(approach, markdown=format == "markdown"), ending="")
        if approach.missing:
            self.stderr.write(
                "Still to be written before publishing: " + "; ".join(approach.missing) + "."
            )
            raise CommandError("The summary of approach is not finished.", returncode=1)
