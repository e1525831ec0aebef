"""``doorstep survey-invite --survey NAME --base-url URL --out FILE [--expires DATE] [--reminder]
[--since DATE --until DATE]``

Issue a single-use link to each sampled household and write the mail-merge file: the home
reference (for the landlord's staff, to address the letter), the link, the language to write
the letter in (from the household's preferred language, when it is one the survey speaks) and
the last day the link works. Links are not stored anywhere else: keep the file safe and
delete it once the letters are printed.

A transactional survey (after a repair, complaint or ASB case) has no sample: it takes
``--since`` and ``--until``, and sends a link for each record closed in that window, with
the record's reference in an extra column.
"""

import os
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from doorstep.surveys.models import SurveyKind
from doorstep.surveys.publishing import issue_links
from doorstep.surveys.services import SurveyError, get_survey


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date: write it as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Issue single-use survey links to the sampled households and write them to a CSV."

    def add_arguments(self, parser):
        parser.add_argument("--survey", required=True)
        parser.add_argument("--base-url", required=True,
                            help="the address residents reach Doorstep at, e.g. "
                            "https://survey.example.org")
        parser.add_argument("--out", required=True, help="the CSV file to write")
        parser.add_argument("--expires", type=_day,
                            help="last day the links work (default: the last fieldwork day)")
        parser.add_argument("--reminder", action="store_true",
                            help="a new link for every household that has not answered yet")
        parser.add_argument("--since", type=_day,
                            help="transactional surveys: first day records closed")
        parser.add_argument("--until", type=_day,
                            help="transactional surveys: last day records closed")

    def handle(self, *args, **options):
        try:
            survey = get_survey(name=options["survey"])
            _check_window(options, transactional=survey.kind != SurveyKind.PERCEPTION)
            mail_merge, issued = issue_links(
                survey=survey, base_url=options["base_url"],
                last_day=options["expires"] or survey.fieldwork_ends,
                reminder=options["reminder"], since=options["since"], until=options["until"])
        except SurveyError as problem:
            raise CommandError(str(problem)) from None
        # The file holds working links: readable by its owner only.
        descriptor = os.open(options["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", newline="", encoding="utf-8") as out:
            out.write(mail_merge)
        self.stdout.write(
            f"Wrote {issued:,} links for {survey} to {options['out']}. The links are not "
            "stored anywhere else: keep the file safe and delete it after the mail-merge."
        )


def _check_window(options, *, transactional: bool) -> None:
    """A transactional survey needs the window its records closed in; a perception survey
    goes to its sample and takes none."""
    window = options["since"] or options["until"]
    if not transactional and window:
        raise CommandError("--since and --until are for transactional surveys only: a "
                           "perception survey's links go to its sample.")
    if transactional and not (options["since"] and options["until"]):
        raise CommandError("A transactional survey needs --since and --until: the first and "
                           "last day the repairs, complaints or ASB cases closed.")
