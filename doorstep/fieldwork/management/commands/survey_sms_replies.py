"""``doorstep survey-sms-replies --survey NAME --replies FILE.csv [--sent FILE.csv]
[--also TP05] [--report FILE.csv]``

Read the SMS provider's replies (columns phone_or_household_ref, received_at, text) and record
each readable one as an SMS response: "4", "4 the repairs are slow", "four" and "Very
satisfied" are all read. Replies that cannot be read, come from an unknown number, or come
from a household that has already answered are not recorded: they are listed, with the
reason, on the screen and in the report file, for a person to follow up.

``--sent`` is the file ``doorstep survey-sms`` wrote (with phone numbers from ``--contacts``):
it is how a reply from a phone number finds its household. Give ``--also`` when the messages
asked a second question.
"""

import csv
import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from doorstep.fieldwork.management.commands._csv_files import read_csv
from doorstep.fieldwork.sms import EXTRA_QUESTIONS, normalised_phone, record_replies
from doorstep.measures.exports import safe_cell
from doorstep.surveys.services import SurveyError, get_survey

REPORT_COLUMNS = ["row", "phone_or_household_ref", "received_at", "text", "reason"]


class Command(BaseCommand):
    help = "Record the SMS short survey's replies from the SMS provider's CSV."

    def add_arguments(self, parser):
        parser.add_argument("--survey", required=True)
        parser.add_argument("--replies", required=True, type=Path)
        parser.add_argument("--sent", type=Path,
                            help="the CSV doorstep survey-sms wrote, with phone numbers")
        parser.add_argument("--also", choices=EXTRA_QUESTIONS,
                            help="the second question the messages asked, if any")
        parser.add_argument("--report", type=Path,
                            help="write the replies not recorded, with reasons, to this CSV")

    def handle(self, *args, **options):
        replies = read_csv(options["replies"],
                            needs={"phone_or_household_ref", "received_at", "text"})
        sent_phones = {}
        if options["sent"]:
            sent_phones = {normalised_phone(row["phone"]): row["home_ref"].strip()
                           for row in read_csv(options["sent"], needs={"home_ref", "phone"})
                           if row["phone"].strip()}
        try:
            survey = get_survey(name=options["survey"])
            outcomes = record_replies(survey=survey, replies=replies, sent_phones=sent_phones,
                                      extra=options["also"], run_by=_run_by())
        except SurveyError as problem:
            raise CommandError(str(problem)) from None
        not_recorded = [outcome for outcome in outcomes if not outcome.recorded]
        if options["report"]:
            _write_report(options["report"], not_recorded)
        self._summary(outcomes, not_recorded)

    def _summary(self, outcomes, not_recorded) -> None:
        recorded = len(outcomes) - len(not_recorded)
        self.stdout.write(f"Recorded {recorded:,} of {len(outcomes):,} replies as SMS "
                          "responses.")
        if not not_recorded:
            return
        self.stdout.write(f"Not recorded ({len(not_recorded):,}), for a person to read:")
        for outcome in not_recorded:
            self.stdout.write(f"  row {outcome.row}: \u201c{outcome.text}\u201d: {outcome.reason}")
        opted = sum(1 for outcome in not_recorded if outcome.opted_out)
        if opted:
            self.stdout.write(f"{opted:,} asked not to be texted again.")


def _run_by() -> str:
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown user"
    return f"doorstep survey-sms-replies ({who})"[:150]


def _write_report(path: Path, outcomes) -> None:
    try:
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(REPORT_COLUMNS)
            for outcome in outcomes:
                # A resident's reply is free text: defused so it cannot run as a formula.
                writer.writerow([outcome.row, outcome.sender, outcome.received_at,
                                 safe_cell(outcome.text), outcome.reason])
    except OSError as problem:
        raise CommandError(f"Could not write {path}: {problem.strerror}") from None
