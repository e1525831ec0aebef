"""The SMS short survey: reading real-looking replies, counting SMS segments, the messages
file for the landlord's provider, and recording the provider's replies file as SMS responses
(unreadable replies reported, never recorded; no phone number kept)."""

import csv
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from doorstep.fieldwork import references
from doorstep.fieldwork.models import EntryLog, EntrySource
from doorstep.fieldwork.sms import OptedOut, UnreadableReply, parse_reply, sms_length
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment, SurveyResponse
from doorstep.surveys.sampling import draw_sample
from doorstep.surveys.services import create_survey, record_response

# Reading replies ---------------------------------------------------------------------------

READABLE = [
    # (reply as the provider gives it, second question asked, answers, why)
    ("4", None, {"TP01": 4}, ""),
    ("4 the repairs are slow", None, {"TP01": 4}, "the repairs are slow"),
    ("four", None, {"TP01": 4}, ""),
    ("Very satisfied", None, {"TP01": 1}, ""),
    ("FOUR - the repairs are slow", None, {"TP01": 4}, "the repairs are slow"),
    ("Very satisfied, thank you", None, {"TP01": 1}, "thank you"),
    ("very dissatisfied!!! nobody came about the damp", None, {"TP01": 5},
     "nobody came about the damp"),
    ("Neither satisfied nor dissatisfied", None, {"TP01": 3}, ""),
    ("Fairly dissatisfied. Waited 6 weeks for a plumber", None, {"TP01": 4},
     "Waited 6 weeks for a plumber"),
    ("2.", None, {"TP01": 2}, ""),
    ("  1  ", None, {"TP01": 1}, ""),
    ("4\ufe0f\u20e3", None, {"TP01": 4}, ""),  # the keycap emoji 4️⃣
    ("\uff13", None, {"TP01": 3}, ""),  # a full-width 3 from a Japanese keyboard
    ("\u06f2 \u0634\u06a9\u0631\u06cc\u06c1", None, {"TP01": 2}, "\u0634\u06a9\u0631\u06cc\u06c1"),
    ("pedwar", None, {"TP01": 4}, ""),  # Welsh
    ("dwa", None, {"TP01": 2}, ""),  # Polish
    ("Don\u2019t know", None, {"TP01": 9}, ""),  # volunteered, never offered
    ("1 2 quick repairs", "TP05", {"TP01": 1, "TP05": 2}, "quick repairs"),
    ("2 agree", "TP08", {"TP01": 2, "TP08": 2}, ""),
    ("3 - no second answer given", "TP05", {"TP01": 3}, "no second answer given"),
]


@pytest.mark.parametrize(("reply", "extra", "answers", "why"), READABLE)
def test_it_reads_the_answer_and_the_why_from_a_reply(reply, extra, answers, why):
    parsed = parse_reply(reply, extra=extra)
    assert (parsed.answers, parsed.why) == (answers, why)


UNREADABLE = [
    ("", "The reply is empty."),
    ("Satisfied", "does not say which answer"),
    ("5 stars", "is a score or more than one number"),  # 5 is very DISsatisfied
    ("4/5", "is a score or more than one number"),
    ("10/10", "is a score or more than one number"),
    ("4 or 5", "is a score or more than one number"),
    ("45", "45 is not one of the answers, which go from 1 to 5."),
    ("0", "0 is not one of the answers"),
    ("I'd say 4", "does not start with an answer"),
    ("Yes", "does not start with an answer"),
]


@pytest.mark.parametrize(("reply", "reason"), UNREADABLE)
def test_it_refuses_a_reply_it_cannot_read(reply, reason):
    with pytest.raises(UnreadableReply) as refusal:
        parse_reply(reply)
    assert reason in str(refusal.value)


@pytest.mark.parametrize("reply", ["STOP", "stop", "Stop.", "UNSUBSCRIBE"])
def test_it_takes_stop_as_an_opt_out(reply):
    with pytest.raises(OptedOut, match="asked not to be texted again"):
        parse_reply(reply)


# Segments -----------------------------------------------------------------------------------

SEGMENTS = [
    # (text, encoding, units, segments), worked by hand: GSM-7 holds 160 in one segment and
    # 153 per part when split; UCS-2 holds 70 and 67. A two-unit character is never split.
    ("a" * 160, "GSM-7", 160, 1),
    ("a" * 161, "GSM-7", 161, 2),
    ("a" * 306, "GSM-7", 306, 2),
    ("a" * 307, "GSM-7", 307, 3),
    ("a" * 159 + "\u20ac", "GSM-7", 161, 2),  # the euro sign takes two units
    # 152 + euro: the euro does not fit the last unit of part 1; part 2 is euro + 151; 1 over.
    ("a" * 152 + "\u20ac" + "a" * 152, "GSM-7", 306, 3),
    ("\u0175" + "a" * 69, "UCS-2", 70, 1),  # Welsh w-circumflex is not in GSM-7
    ("\u0175" + "a" * 70, "UCS-2", 71, 2),
    ("\u0175" * 134, "UCS-2", 134, 2),
    ("\u0175" * 135, "UCS-2", 135, 3),
    # An emoji is two UTF-16 units: 36 of them are 72 units; part 1 holds 33 (66 units).
    ("\U0001F600" * 36, "UCS-2", 72, 2),
]


@pytest.mark.parametrize(("text", "encoding", "units", "segments"), SEGMENTS)
def test_it_counts_sms_segments(text, encoding, units, segments):
    length = sms_length(text)
    assert (length.encoding, length.units, length.segments) == (encoding, units, segments)


# The messages file and the replies file ------------------------------------------------------


@pytest.fixture
def survey(db, settings):
    settings.LANDLORD_NAME = "Riverside Homes"
    for ref, tenure in (("H1", "LCRA"), ("H2", "LCHO"), ("H3", "LCRA")):
        Home.objects.create(home_ref=ref, tenure=tenure, area="North")
    survey = create_survey(name="TSM 2026/27", kind="perception", tenure_scope="combined",
                           year="2026/27", fieldwork_starts=date(2026, 9, 1),
                           fieldwork_ends=date(2026, 11, 30))
    draw_sample(survey=survey, method="census", seed=1)
    return survey


def reference_of(survey, home_ref) -> str:
    return references.household_reference(survey=survey, home=Home.objects.get(home_ref=home_ref))


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    return path


def read_csv(path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_it_writes_one_message_per_household_not_yet_answered(survey, tmp_path, capsys):
    record_response(survey=survey, home=Home.objects.get(home_ref="H3"), channel="online",
                    answers={"TP01": 2}, completed_on=date(2026, 9, 3))
    contacts = write_csv(tmp_path / "contacts.csv", [
        ["home_ref", "phone"], ["H1", "07700 900001"], ["H2", ""], ["H3", "07700 900003"]])
    out = tmp_path / "sms.csv"
    call_command("survey_sms", survey="TSM 2026/27", out=out, contacts=contacts)
    rows = read_csv(out)
    reference = reference_of(survey, "H1")
    expected = (
        "Riverside Homes: Taking everything into account, how satisfied or dissatisfied are "
        "you with the service provided by Riverside Homes? Reply 1 Very satisfied, 2 Fairly "
        "satisfied, 3 Neither, 4 Fairly dissatisfied, 5 Very dissatisfied, and tell us why. "
        f"Ref {reference}. STOP to opt out"
    )
    # 281 characters, all GSM-7: more than 160, at most 2 x 153, so two segments.
    assert len(expected) == 281
    assert rows == [{"home_ref": "H1", "household_reference": reference,
                     "phone": "07700 900001", "message": expected, "encoding": "GSM-7",
                     "characters": "281", "segments": "2"}]
    said = capsys.readouterr().out
    assert "Wrote 1 message to" in said
    assert "1 in 2 GSM-7 segments each" in said
    assert "Left out 1 household that already answered." in said
    assert "Left out 1 household with no mobile number in the contacts file." in said


def test_it_asks_a_second_question_when_the_landlord_chooses_one(survey, tmp_path):
    out = tmp_path / "sms.csv"
    call_command("survey_sms", survey="TSM 2026/27", out=out, also="TP05")
    message = read_csv(out)[0]["message"]
    assert "Q1 Taking everything into account" in message
    assert ("Q2 Thinking about the condition of the property or building you live in, how "
            "satisfied or dissatisfied are you that Riverside Homes provides a home that is "
            "safe?") in message
    assert "Reply with two numbers, Q1 first." in message


def test_it_refuses_a_second_question_behind_a_filter(survey, tmp_path):
    with pytest.raises(CommandError, match="TP02 cannot be the SMS survey's second question: "
                       "choose one of TP05, TP06, TP07, TP08, TP11, TP12"):
        call_command("survey_sms", survey="TSM 2026/27", out=tmp_path / "x.csv", also="TP02")


def test_it_records_the_readable_replies_and_reports_the_rest(survey, tmp_path, capsys):
    sent = write_csv(tmp_path / "sent.csv", [
        ["home_ref", "household_reference", "phone", "message"],
        ["H1", reference_of(survey, "H1"), "07700 900001", "..."],
        ["H2", reference_of(survey, "H2"), "07700900002", "..."],
    ])
    replies = write_csv(tmp_path / "replies.csv", [
        ["phone_or_household_ref", "received_at", "text"],
        ["07700900001", "2026-10-06T10:00:00", "1"],                        # row 2: later
        ["+447700900001", "2026-10-06T09:15:00", "4 the repairs are slow"],  # row 3: first
        [reference_of(survey, "H3").lower(), "07/10/2026 18:40", "Very satisfied"],  # row 4
        ["07700900099", "2026-10-07T08:00:00", "3"],                        # row 5: unknown
        ["07700900002", "2026-10-07T09:00:00", "Satisfied"],                # row 6
        ["07700 900002", "2026-10-08T09:00:00", "STOP"],                    # row 7
    ])
    report = tmp_path / "not-recorded.csv"
    call_command("survey_sms_replies", survey="TSM 2026/27", replies=replies, sent=sent,
                 report=report)

    h1 = SurveyResponse.objects.get(home__home_ref="H1")
    assert (h1.channel, h1.tp01, h1.completed_on) == ("sms", 4, date(2026, 10, 6))
    assert list(Comment.objects.filter(response=h1).values_list("question", "text")) == [
        ("TP01", "the repairs are slow")]
    h3 = SurveyResponse.objects.get(home__home_ref="H3")
    assert (h3.channel, h3.tp01, h3.completed_on) == ("sms", 1, date(2026, 10, 7))
    assert SurveyResponse.objects.count() == 2
    logs = EntryLog.objects.order_by("response_ref")
    assert {log.source for log in logs} == {EntrySource.SMS_FILE}
    assert {log.channel for log in logs} == {"sms"}
    assert all(log.entered_by is None and log.entered_by_name.startswith(
        "doorstep survey-sms-replies (") for log in logs)

    said = capsys.readouterr().out
    assert "Recorded 2 of 6 replies as SMS responses." in said
    assert "Not recorded (4), for a person to read:" in said
    assert "1 asked not to be texted again." in said
    reasons = {row["row"]: row["reason"] for row in read_csv(report)}
    assert set(reasons) == {"2", "5", "6", "7"}
    assert "has already answered this survey" in reasons["2"]
    assert "not a number in the sent-messages file" in reasons["5"]
    assert "could be very or fairly satisfied" in reasons["6"]
    assert "asked not to be texted again" in reasons["7"]


def test_it_keeps_no_phone_number_in_the_database(survey, tmp_path):
    sent = write_csv(tmp_path / "sent.csv", [["home_ref", "phone"], ["H1", "07700 900001"]])
    replies = write_csv(tmp_path / "replies.csv", [
        ["phone_or_household_ref", "received_at", "text"],
        ["07700900001", "2026-10-06T10:00:00", "2 phone me on 07700900001"]])
    call_command("survey_sms_replies", survey="TSM 2026/27", replies=replies, sent=sent)
    response = SurveyResponse.objects.get()
    stored = [response.response_ref, response.survey, response.household_key,
              response.trigger_ref, str(response.other_answers),
              *EntryLog.objects.values_list("entered_by_name", "response_ref", "survey").get()]
    assert not any("7700900001" in value for value in stored)
    # What the resident wrote is kept as their comment, as on every channel.
    assert Comment.objects.get().text == "phone me on 07700900001"


def test_it_refuses_a_replies_file_without_its_columns(survey, tmp_path):
    replies = write_csv(tmp_path / "replies.csv", [["from", "text"], ["0770", "4"]])
    with pytest.raises(CommandError, match="missing: phone_or_household_ref, received_at"):
        call_command("survey_sms_replies", survey="TSM 2026/27", replies=replies)


def test_it_reports_a_reply_with_a_date_it_cannot_read(survey, tmp_path, capsys):
    replies = write_csv(tmp_path / "replies.csv", [
        ["phone_or_household_ref", "received_at", "text"],
        [reference_of(survey, "H1"), "yesterday", "4"]])
    call_command("survey_sms_replies", survey="TSM 2026/27", replies=replies)
    assert "\u201cyesterday\u201d is not a date and time" in capsys.readouterr().out
    assert SurveyResponse.objects.count() == 0


def test_it_dates_a_reply_by_uk_time(survey, tmp_path):
    # 23:30 UTC on 6 October is 00:30 British Summer Time on 7 October.
    replies = write_csv(tmp_path / "replies.csv", [
        ["phone_or_household_ref", "received_at", "text"],
        [reference_of(survey, "H2"), "2026-10-06T23:30:00Z", "3"]])
    call_command("survey_sms_replies", survey="TSM 2026/27", replies=replies)
    assert SurveyResponse.objects.get().completed_on == date(2026, 10, 7)
