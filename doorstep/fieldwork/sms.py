"""The SMS short survey: the message each household is sent, how many SMS segments it takes,
and reading the replies.

The short survey asks TP01 in the regulator's words, invites a "why do you say that?" in the
same reply, and may ask one more TSM question the landlord chooses (one with no filter, asked
of renters and owners alike). Doorstep sends nothing itself: it writes a CSV for the
landlord's SMS provider and reads the provider's CSV of replies. Phone numbers are read from
the landlord's files while a command runs and written only to the file for the provider;
Doorstep's database never holds one.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from doorstep.core.periods import UK
from doorstep.core.signals import records_arrived
from doorstep.fieldwork import references
from doorstep.fieldwork.models import EntrySource
from doorstep.fieldwork.paper import catalogue_code
from doorstep.fieldwork.services import log_entry
from doorstep.resident.rendering import shown
from doorstep.stock.models import Home
from doorstep.surveys.models import Channel, Comment, Survey, SurveyResponse
from doorstep.surveys.sampling import population
from doorstep.surveys.services import SurveyError, household_key, question_list, record_response

# The extra question may be any TSM question every household is asked without a filter.
EXTRA_QUESTIONS = ("TP05", "TP06", "TP07", "TP08", "TP11", "TP12")

# GSM 03.38: the basic character set (one 7-bit unit each) and its extension table (two
# units each: an escape, then the character). Anything else sends the whole message as
# UCS-2, which holds far fewer characters per segment.
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€\f")
SINGLE = {"GSM-7": 160, "UCS-2": 70}
# A message over one segment is split into parts that each lose room to the header that
# joins them back together on the phone.
PART = {"GSM-7": 153, "UCS-2": 67}
# Typographic marks the question bank uses, as GSM-7 has them.
PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-"})


# Segments ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int


def sms_length(text: str) -> SmsLength:
    """How the text travels: its encoding, its length in that encoding and its segments.

    A segment boundary never splits a two-unit character (a GSM-7 escape pair or a UTF-16
    surrogate pair), as phones and gateways do not.
    """
    if all(char in GSM_BASIC or char in GSM_EXTENSION for char in text):
        encoding = "GSM-7"
        costs = [2 if char in GSM_EXTENSION else 1 for char in text]
    else:
        encoding = "UCS-2"
        costs = [2 if ord(char) > 0xFFFF else 1 for char in text]
    units = sum(costs)
    if units <= SINGLE[encoding]:
        return SmsLength(encoding, units, 1 if units else 0)
    segments, room = 1, PART[encoding]
    for cost in costs:
        if cost > room:
            segments, room = segments + 1, PART[encoding]
        room -= cost
    return SmsLength(encoding, units, segments)


# The outgoing message ---------------------------------------------------------------------


def _scale_words(code: str) -> str:
    if code == "TP08":
        return _("1 Strongly agree, 2 Agree, 3 Neither, 4 Disagree, 5 Strongly disagree")
    return _("1 Very satisfied, 2 Fairly satisfied, 3 Neither, 4 Fairly dissatisfied, "
             "5 Very dissatisfied")


def question_words(*, survey: Survey, codes) -> dict[str, str]:
    """The questions' words as the online survey shows them, in the active language."""
    asked = {question.code: question for question in question_list(survey=survey)}
    return {code: shown(asked[code]).text.translate(PLAIN) for code in codes}


def message_text(*, words: dict[str, str], reference: str, extra: str | None = None) -> str:
    """The text sent to one household (call inside ``translation.override`` for a language);
    ``words`` holds the questions' words from ``question_words``."""
    landlord = settings.LANDLORD_NAME
    if extra is None:
        text = _(
            "{landlord}: {question} Reply {scale}, and tell us why. Ref {reference}. STOP to "
            "opt out"
        ).format(landlord=landlord, question=words["TP01"], scale=_scale_words("TP01"),
                 reference=reference)
    else:
        scales = _scale_words("TP01")
        if extra == "TP08":
            scales = _("Q1: {first}. Q2: {second}").format(first=scales,
                                                            second=_scale_words("TP08"))
        text = _(
            "{landlord}: Q1 {first} Q2 {second} Reply with two numbers, Q1 first. {scale}. "
            "Then tell us why. Ref {reference}. STOP to opt out"
        ).format(landlord=landlord, first=words["TP01"], second=words[extra],
                 scale=scales, reference=reference)
    return text.translate(PLAIN)


@dataclass(frozen=True)
class OutgoingSms:
    home_ref: str
    reference: str
    phone: str
    text: str
    length: SmsLength


@dataclass
class Mailing:
    messages: list = field(default_factory=list)
    already_answered: int = 0
    no_phone: int = 0


def check_short_survey(*, survey: Survey, extra: str | None) -> None:
    codes = {question.code for question in question_list(survey=survey)}
    if "TP01" not in codes:
        raise SurveyError(f"{survey} does not ask TP01, which the SMS short survey is built on.")
    if extra is not None and (extra not in EXTRA_QUESTIONS or extra not in codes):
        raise SurveyError(
            f"{extra} cannot be the SMS survey's second question: choose one of "
            + ", ".join(code for code in EXTRA_QUESTIONS if code in codes)
            + " (questions every household is asked, with no filter question before them).")


def outgoing(*, survey: Survey, extra: str | None = None, language: str = "en",
             phones: dict[str, str] | None = None) -> Mailing:
    """One message per sampled household that has not answered yet.

    ``phones`` (home reference -> mobile number, from the landlord's contacts file) limits
    the mailing to households with a number; without it every household is listed and the
    provider adds the numbers.
    """
    check_short_survey(survey=survey, extra=extra)
    if not survey.sample_drawn_at:
        raise SurveyError(f"Draw the sample for {survey} first (doorstep survey-sample).")
    answered = set(SurveyResponse.objects.filter(survey=survey.name)
                   .values_list("household_key", flat=True))
    mailing = Mailing()
    homes = Home.objects.filter(pk__in=survey.sample.values("home")).order_by("home_ref")
    with translation.override(catalogue_code(language)):
        words = question_words(survey=survey, codes=["TP01", *([extra] if extra else [])])
        for home in homes:
            if household_key(home=home) in answered:
                mailing.already_answered += 1
                continue
            phone = (phones or {}).get(home.home_ref, "")
            if phones is not None and not phone:
                mailing.no_phone += 1
                continue
            reference = references.household_reference(survey=survey, home=home)
            text = message_text(words=words, reference=reference, extra=extra)
            mailing.messages.append(
                OutgoingSms(home.home_ref, reference, phone, text, sms_length(text)))
    return mailing


# Reading a reply --------------------------------------------------------------------------


class UnreadableReply(ValueError):
    """A reply that cannot be recorded, with the reason a person reads in the report."""


class OptedOut(UnreadableReply):
    pass


@dataclass(frozen=True)
class ParsedReply:
    answers: dict  # question code -> 1..5, or 9 for a volunteered don't know
    why: str


OPT_OUT = {"stop", "stop all", "stopall", "unsubscribe", "opt out", "optout"}
NUMBER_WORDS = {
    # English, Welsh (both genders), Polish (with and without its letters), Urdu.
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "un": 1, "dau": 2, "dwy": 2, "tri": 3, "tair": 3, "pedwar": 4, "pedair": 4, "pump": 5,
    "jeden": 1, "dwa": 2, "trzy": 3, "cztery": 4, "pięć": 5, "piec": 5,
    "ایک": 1, "دو": 2, "تین": 3, "چار": 4, "پانچ": 5,
}  # fmt: skip
SATISFIED_WORDS = {
    "very satisfied": 1, "fairly satisfied": 2, "neither satisfied nor dissatisfied": 3,
    "neither": 3, "fairly dissatisfied": 4, "very dissatisfied": 5,
    "fairly unsatisfied": 4, "very unsatisfied": 5,
}  # fmt: skip
AGREE_WORDS = {
    "strongly agree": 1, "agree": 2, "neither agree nor disagree": 3, "neither": 3,
    "disagree": 4, "strongly disagree": 5,
}  # fmt: skip
DONT_KNOW_WORDS = {"don't know": 9, "dont know": 9, "do not know": 9}
# Words that start an answer without saying which one.
VAGUE = ("satisfied", "dissatisfied", "unsatisfied", "very", "fairly", "happy", "unhappy")
# "4/5", "4 or 5", "4 out of 5", "4-5": two numbers, or a score on some other scale.
TWO_NUMBERS = re.compile(r"\s*(/|or\b|out of\b|-|to\b)\s*\d", re.IGNORECASE)
STARS = re.compile(r"\s*stars?\b", re.IGNORECASE)
PUNCTUATION = " \t.,;:-\u2013\u2014)!?"


def parse_reply(text: str, *, extra: str | None = None) -> ParsedReply:
    """TP01 (and the extra question, if asked) from the start of a reply; the rest is why.

    Raises UnreadableReply (OptedOut for STOP) with the reason, for a person to read.
    """
    cleaned = _normalised(text)
    if not cleaned:
        raise UnreadableReply("The reply is empty.")
    if cleaned.lower().rstrip(".!") in OPT_OUT:
        raise OptedOut("The resident asked not to be texted again: take them off the SMS list.")
    first, rest = _answer_at_start(cleaned, agree=False)
    if first is None:
        raise UnreadableReply(
            "The reply does not start with an answer (a number from 1 to 5 or the words of "
            "one): read it and, if it answers the question, enter it by hand.")
    answers = {"TP01": first}
    if extra is not None:
        second, after = _answer_at_start(rest, agree=extra == "TP08")
        if second is not None:
            answers[extra], rest = second, after
    return ParsedReply(answers, rest.strip(PUNCTUATION))


def _normalised(text: str) -> str:
    # NFKC turns full-width and other compatibility digits into 0-9; a keycap emoji (4️⃣) is
    # the digit with two marks after it.
    text = unicodedata.normalize("NFKC", text or "").replace("\ufe0f", "").replace("\u20e3", "")
    return " ".join(text.translate(PLAIN).split())


def _answer_at_start(text: str, *, agree: bool) -> tuple[int | None, str]:
    text = text.lstrip(PUNCTUATION)
    number = re.match(r"\d+", text)
    if number:
        value, rest = int(number.group()), text[number.end():]
        if TWO_NUMBERS.match(rest) or STARS.match(rest):
            raise UnreadableReply(
                f"\u201c{text[:20]}\u201d is a score or more than one number, not one answer "
                "from 1 (very satisfied) to 5 (very dissatisfied).")
        if not 1 <= value <= 5:
            raise UnreadableReply(f"{value} is not one of the answers, which go from 1 to 5.")
        return value, rest
    lowered = text.lower()
    words = {**NUMBER_WORDS, **DONT_KNOW_WORDS, **(AGREE_WORDS if agree else SATISFIED_WORDS)}
    for phrase in sorted(words, key=len, reverse=True):
        if lowered.startswith(phrase) and not lowered[len(phrase):len(phrase) + 1].isalpha():
            return words[phrase], text[len(phrase):]
    if lowered.split(" ", 1)[0].strip(PUNCTUATION) in VAGUE:
        raise UnreadableReply(
            "The reply does not say which answer: \u201csatisfied\u201d could be very or "
            "fairly satisfied.")
    return None, text


# Recording the replies -----------------------------------------------------------------


@dataclass(frozen=True)
class ReplyOutcome:
    row: int  # in the replies file, counting the header as row 1
    sender: str
    received_at: str
    text: str
    response_ref: str = ""
    reason: str = ""  # why it was not recorded
    opted_out: bool = False

    @property
    def recorded(self) -> bool:
        return bool(self.response_ref)


def normalised_phone(text: str) -> str:
    """A UK mobile number as 07..., whatever spaces or +44 it was written with."""
    digits = re.sub(r"\D", "", text or "")
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits


def received_at(text: str) -> datetime:
    """When the provider received a reply, as UK local time without a zone (so that times
    given with and without an offset sort together)."""
    text = (text or "").strip()
    for parse in (datetime.fromisoformat,
                  lambda value: datetime.strptime(value, "%d/%m/%Y %H:%M"),
                  lambda value: datetime.strptime(value, "%d/%m/%Y %H:%M:%S")):
        try:
            when = parse(text)
        except ValueError:
            continue
        return when.astimezone(UK).replace(tzinfo=None) if when.tzinfo else when
    raise UnreadableReply(
        f"\u201c{text}\u201d is not a date and time, like 2026-11-17T14:03 or 17/11/2026 14:03.")


def record_replies(*, survey: Survey, replies: list[dict], sent_phones: dict[str, str],
                   extra: str | None = None, run_by: str) -> list[ReplyOutcome]:
    """Record every reply that can be read; say why each of the others was not recorded.

    ``replies`` are the provider's rows (phone_or_household_ref, received_at, text) in file
    order; ``sent_phones`` maps phone numbers to home references, from the sent-messages
    file. The earliest readable reply from a household counts; later ones are reported.
    """
    check_short_survey(survey=survey, extra=extra)
    by_reference, by_home_ref = _households(survey)
    rows = sorted(enumerate(replies, start=2), key=lambda row: _when(row[1]))
    outcomes = []
    with transaction.atomic():
        for number, reply in rows:
            outcomes.append(_record_one(
                survey=survey, number=number, reply=reply, extra=extra, run_by=run_by,
                home=_sender(reply, by_reference, by_home_ref, sent_phones)))
    return sorted(outcomes, key=lambda outcome: outcome.row)


def _when(reply: dict) -> datetime:
    # Unreadable dates sort first; they are reported, never recorded.
    try:
        return received_at(reply.get("received_at", ""))
    except UnreadableReply:
        return datetime.min


def _households(survey: Survey) -> tuple[dict, dict]:
    homes = list(population(survey=survey))
    by_reference = {references.household_reference(survey=survey, home=home): home
                    for home in homes}
    return by_reference, {home.home_ref: home for home in homes}


def _sender(reply, by_reference, by_home_ref, sent_phones) -> Home | None:
    sender = (reply.get("phone_or_household_ref") or "").strip()
    if references.looks_like_reference(sender):
        try:
            return by_reference.get(references.checked(sender))
        except references.WrongReference:
            return None
    return by_home_ref.get(sent_phones.get(normalised_phone(sender), ""))


def _record_one(*, survey, number, reply, extra, run_by, home) -> ReplyOutcome:
    outcome = {"row": number, "sender": reply.get("phone_or_household_ref", ""),
               "received_at": reply.get("received_at", ""), "text": reply.get("text", "")}
    if home is None:
        return ReplyOutcome(**outcome, reason=(
            "The sender is not a household reference of this survey and not a number in "
            "the sent-messages file."))
    try:
        day = received_at(outcome["received_at"]).date()
        parsed = parse_reply(outcome["text"], extra=extra)
        with transaction.atomic():
            response = record_response(survey=survey, home=home, channel=Channel.SMS,
                                       answers=parsed.answers, completed_on=day)
            if parsed.why:
                # The "why do you say that?" after TP01, where the voice tools read it.
                Comment.objects.create(response=response, question="TP01", text=parsed.why)
                transaction.on_commit(lambda: records_arrived.send(
                    sender=Comment, dataset="survey_responses"))
            log_entry(response=response, source=EntrySource.SMS_FILE, by_name=run_by)
    except (UnreadableReply, SurveyError) as refusal:
        return ReplyOutcome(**outcome, reason=str(refusal),
                            opted_out=isinstance(refusal, OptedOut))
    return ReplyOutcome(**outcome, response_ref=response.response_ref)


def segments_note(length: SmsLength) -> str:
    per = SINGLE[length.encoding] if length.segments <= 1 else PART[length.encoding]
    return (f"{length.units} {length.encoding} characters, {length.segments} segment"
            f"{'s' if length.segments != 1 else ''} (up to {per} each)")

