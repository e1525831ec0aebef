"""Sending a survey's links and publishing its summary of approach, from the analyst's pages.

Links are issued by the resident app's service (the same one behind ``doorstep
survey-invite``): a token is shown once, so issuing and writing the mail-merge file are one
step. The file is the only copy of the links.
"""

import csv
import io
from datetime import date, datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from doorstep.measures.exports import safe_cell
from doorstep.resident.languages import preferred_by
from doorstep.resident.services import issue_invitations, issue_transactional_invitations
from doorstep.surveys.models import ApproachNotes, Survey, SurveyKind
from doorstep.surveys.services import SurveyError

# The columns of ``doorstep survey-invite``'s file, so one mail-merge template fits both.
MAIL_MERGE_COLUMNS = ["home_ref", "link", "language", "link_works_until"]
NOTE_FIELDS = ("contractor", "incentives", "missed_sample_reasons", "representativeness",
               "other_issues")


# A transactional survey's file adds the record the letter asks about.
RECORD_COLUMN = "record_ref"


def mail_merge_rows(issued, *, base_url: str, last_day: date,
                    with_record: bool = False) -> list[list]:
    """One row per link issued, in MAIL_MERGE_COLUMNS order (then RECORD_COLUMN when
    ``with_record``), safe to open in a spreadsheet (a home reference such as "=1+1" is not
    run as a formula)."""
    return [
        [
            safe_cell(link.home.home_ref),
            base_url + reverse("resident:start", args=[link.token]),
            preferred_by(link.home) or "",
            last_day.isoformat(),
            *([safe_cell(link.invitation.trigger_ref)] if with_record else []),
        ]
        for link in issued
    ]


def issue_links(*, survey: Survey, base_url: str, last_day: date, reminder: bool = False,
                since: date | None = None, until: date | None = None) -> tuple[str, int]:
    """Issue single-use links and return (the mail-merge CSV, how many links it holds).

    A perception survey's links go to its sample. A transactional survey's go to each record
    closed between ``since`` and ``until`` (by default from the start of fieldwork to today,
    or its end) that has none yet, and its file names the record.
    """
    base_url = (base_url or "").strip().rstrip("/")
    if not base_url.startswith(("https://", "http://")):
        raise SurveyError("The address must start with https:// (or http:// for a trial).")
    # A link works to the end of its last day, in the landlord's time zone.
    expires_at = timezone.make_aware(datetime.combine(last_day, time.max))
    transactional = survey.kind != SurveyKind.PERCEPTION
    if transactional:
        if reminder:
            raise SurveyError("A transactional survey has no reminders: each record gets one "
                              "link.")
        issued = issue_transactional_invitations(
            survey=survey, since=since or survey.fieldwork_starts,
            until=until or min(timezone.localdate(), survey.fieldwork_ends),
            expires_at=expires_at)
    else:
        issued = issue_invitations(survey=survey, expires_at=expires_at, reminder=reminder)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(MAIL_MERGE_COLUMNS + ([RECORD_COLUMN] if transactional else []))
    writer.writerows(mail_merge_rows(issued, base_url=base_url, last_day=last_day,
                                     with_record=transactional))
    return out.getvalue(), len(issued)


def file_name(survey: Survey, what: str, extension: str) -> str:
    """A download's name: the survey, what it is and today's date, e.g.
    ``tsm-2026-27-links-2026-11-21.csv``."""
    survey_part = slugify(survey.name.replace("/", "-"))
    return f"{survey_part}-{what}-{timezone.localdate():%Y-%m-%d}.{extension}"


def save_approach_notes(*, survey: Survey, by, **texts: str) -> ApproachNotes:
    """The parts of the summary of approach a person writes (blank: still to be written)."""
    unknown = set(texts) - set(NOTE_FIELDS)
    if unknown:
        raise SurveyError(f"The summary of approach has no part called {', '.join(unknown)}.")
    notes = ApproachNotes.objects.filter(survey=survey).first() or ApproachNotes(survey=survey)
    for name in NOTE_FIELDS:
        setattr(notes, name, (texts.get(name) or "").strip())
    notes.updated_by = by
    notes.save()
    return notes
