"""``doorstep survey-paper --survey NAME --out DIR [--language en|cy|pl|ur]
[--household REF ...] [--one-file]``

The paper questionnaire as PDFs: one per sampled household that has not answered yet (or
the households named with ``--household``, by home reference or household reference), in
DIR as questionnaire-<survey>-<household reference>.pdf. ``--one-file`` writes a single
PDF of them all, each household starting on a new page, for a print shop.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from doorstep.fieldwork import paper
from doorstep.fieldwork.services import FieldworkError, find_household
from doorstep.stock.models import Home
from doorstep.surveys.models import SurveyResponse
from doorstep.surveys.services import SurveyError, get_survey, household_key


class Command(BaseCommand):
    help = "Print the paper questionnaire (PDF) for a survey's sample or named households."

    def add_arguments(self, parser):
        parser.add_argument("--survey", required=True)
        parser.add_argument("--out", required=True, type=Path, help="the folder to write to")
        parser.add_argument("--language", choices=list(paper.PAPER_LANGUAGES), default="en")
        parser.add_argument("--household", action="append", metavar="REF",
                            help="a home reference or household reference (repeatable)")
        parser.add_argument("--one-file", action="store_true",
                            help="one PDF with every household, for a print shop")

    def handle(self, *args, **options):
        try:
            survey = get_survey(name=options["survey"])
        except SurveyError as problem:
            raise CommandError(str(problem)) from None
        homes = self._households(survey, options["household"])
        folder = options["out"]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if options["one_file"]:
                path = folder / f"questionnaires-{slugify(survey.name)}-{options['language']}.pdf"
                path.write_bytes(paper.questionnaire_pdf(survey=survey, homes=homes,
                                                         language=options["language"]))
                self.stdout.write(f"Wrote {_questionnaires(len(homes))} to {path}.")
                return
            for done, home in enumerate(homes, start=1):
                pdf = paper.questionnaire_pdf(survey=survey, homes=[home],
                                              language=options["language"])
                (folder / paper.file_name(survey=survey, home=home)).write_bytes(pdf)
                if sys.stderr.isatty() and done % 20 == 0:
                    sys.stderr.write(f"\r  {done:,} of {len(homes):,}")
        except OSError as problem:
            raise CommandError(f"Could not write to {folder}: {problem.strerror}") from None
        except ImportError:
            raise CommandError("WeasyPrint is not installed, so no PDF can be made.") from None
        self.stdout.write(f"Wrote {_questionnaires(len(homes))} to {folder}.")

    def _households(self, survey, wanted: list[str] | None) -> list[Home]:
        if wanted:
            try:
                return [find_household(survey=survey, text=ref, homes=Home.objects.all())
                        for ref in wanted]
            except FieldworkError as problem:
                raise CommandError(str(problem)) from None
        if not survey.sample_drawn_at:
            raise CommandError(f"Draw the sample for {survey} first (doorstep survey-sample), "
                               "or name households with --household.")
        answered = set(SurveyResponse.objects.filter(survey=survey.name)
                       .values_list("household_key", flat=True))
        homes = Home.objects.filter(pk__in=survey.sample.values("home")).order_by("home_ref")
        chosen = [home for home in homes.select_related("building")
                  if household_key(home=home) not in answered]
        left_out = homes.count() - len(chosen)
        if left_out:
            self.stdout.write(f"Left out {left_out:,} household{'s' if left_out != 1 else ''} "
                              "that already answered.")
        return chosen


def _questionnaires(count: int) -> str:
    return f"{count:,} questionnaire{'s' if count != 1 else ''}"
