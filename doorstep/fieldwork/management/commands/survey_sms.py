"""``doorstep survey-sms --survey NAME --out FILE.csv [--also TP05] [--contacts FILE.csv]
[--language en|cy|pl|ur]``

The SMS short survey's messages, one per sampled household that has not answered yet, as a
CSV for the landlord's SMS provider: home_ref, household_reference (the reply code), phone,
message, encoding, characters, segments. With ``--contacts`` (a CSV of home_ref and phone
from the housing-management system), only households with a mobile number are listed and
the number is copied in; Doorstep's database never stores it.
"""

import csv
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from doorstep.fieldwork.management.commands._csv_files import read_csv
from doorstep.fieldwork.paper import PAPER_LANGUAGES
from doorstep.fieldwork.sms import EXTRA_QUESTIONS, outgoing
from doorstep.surveys.services import SurveyError, get_survey

COLUMNS = ["home_ref", "household_reference", "phone", "message", "encoding", "characters",
           "segments"]


class Command(BaseCommand):
    help = "Write the SMS short survey's messages (TP01 and why) for the landlord's SMS provider."

    def add_arguments(self, parser):
        parser.add_argument("--survey", required=True)
        parser.add_argument("--out", required=True, type=Path, help="the CSV file to write")
        parser.add_argument("--also", choices=EXTRA_QUESTIONS,
                            help="one more TSM question to ask after TP01")
        parser.add_argument("--contacts", type=Path,
                            help="CSV with home_ref and phone: text only these households")
        parser.add_argument("--language", choices=list(PAPER_LANGUAGES), default="en")

    def handle(self, *args, **options):
        phones = read_contacts(options["contacts"]) if options["contacts"] else None
        try:
            survey = get_survey(name=options["survey"])
            mailing = outgoing(survey=survey, extra=options["also"],
                               language=options["language"], phones=phones)
        except SurveyError as problem:
            raise CommandError(str(problem)) from None
        try:
            with options["out"].open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(COLUMNS)
                for sms in mailing.messages:
                    writer.writerow([sms.home_ref, sms.reference, sms.phone, sms.text,
                                     sms.length.encoding, sms.length.units,
                                     sms.length.segments])
        except OSError as problem:
            raise CommandError(f"Could not write {options['out']}: {problem.strerror}") from None
        self._summary(mailing, options["out"])

    def _summary(self, mailing, out: Path) -> None:
        messages = mailing.messages
        self.stdout.write(f"Wrote {len(messages):,} message{'s' if len(messages) != 1 else ''} "
                          f"to {out}.")
        by_segments = Counter((sms.length.encoding, sms.length.segments) for sms in messages)
        for (encoding, segments), count in sorted(by_segments.items()):
            self.stdout.write(f"  {count:,} in {segments} {encoding} segment"
                              f"{'s' if segments != 1 else ''} each")
        total = sum(sms.length.segments for sms in messages)
        self.stdout.write(f"Segments to pay for: {total:,}.")
        if mailing.already_answered:
            self.stdout.write(f"Left out {_households(mailing.already_answered)} that "
                              "already answered.")
        if mailing.no_phone:
            self.stdout.write(f"Left out {_households(mailing.no_phone)} with no mobile "
                              "number in the contacts file.")


def _households(count: int) -> str:
    return f"{count:,} household{'s' if count != 1 else ''}"


def read_contacts(path: Path) -> dict[str, str]:
    """home_ref -> phone, from the landlord's contacts file (held in memory only)."""
    rows = read_csv(path, needs={"home_ref", "phone"})
    return {row["home_ref"].strip(): row["phone"].strip() for row in rows
            if row["home_ref"].strip() and row["phone"].strip()}

