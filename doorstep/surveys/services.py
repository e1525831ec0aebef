"""Survey design, recording answers, privacy and transactional surveys: the business logic.

Screens (online links, staff entry, paper) call these functions; none of them trusts its
caller to have checked anything. Every error a user can cause is a ``SurveyError`` with a
plain-English message.
"""

import secrets
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.crypto import salted_hmac

from doorstep.asb.models import AsbCase
from doorstep.complaints.models import Complaint
from doorstep.core.periods import PeriodError, ReportingYear
from doorstep.core.signals import records_arrived
from doorstep.repairs.models import Repair, RepairStatus, RepairType
from doorstep.stock.models import Home
from doorstep.surveys import questions as bank
from doorstep.surveys.models import (
    OWN_QUESTION_LANGUAGES,
    Channel,
    Comment,
    ExclusionReason,
    LandlordQuestion,
    QuestionKind,
    ResponseDeletion,
    SampleExclusion,
    Survey,
    SurveyKind,
    SurveyResponse,
    TenureScope,
)

_KEY_SALT = "doorstep.surveys.household_key"


class SurveyError(ValueError):
    """Something a user asked for that cannot be done, in plain English."""


class TranslationError(SurveyError):
    """A translation that cannot be kept, with the language and the part ("wording" or
    "choices") it is about, so a form can show the message beside the right box."""

    def __init__(self, message: str, *, language: str, part: str):
        super().__init__(message)
        self.language, self.part = language, part


# Design -------------------------------------------------------------------------------------


def create_survey(
    *,
    name: str,
    kind: str,
    tenure_scope: str,
    year: str,
    fieldwork_starts: date,
    fieldwork_ends: date,
) -> Survey:
    name = (name or "").strip()
    if not name:
        raise SurveyError("Give the survey a name, for example \u201cTSM 2025/26\u201d.")
    if Survey.objects.filter(name=name).exists():
        raise SurveyError(f"There is already a survey called \u201c{name}\u201d.")
    if kind not in SurveyKind.values:
        raise SurveyError(f"{kind!r} is not a kind of survey Doorstep runs.")
    if tenure_scope not in TenureScope.values:
        raise SurveyError("Choose who the survey covers: LCRA, LCHO or combined.")
    try:
        reporting_year = ReportingYear.parse(year)
    except PeriodError as problem:
        raise SurveyError(str(problem)) from None
    if fieldwork_ends < fieldwork_starts:
        raise SurveyError("The fieldwork cannot end before it starts.")
    return Survey.objects.create(
        name=name,
        kind=kind,
        tenure_scope=tenure_scope,
        year=reporting_year.label,
        fieldwork_starts=fieldwork_starts,
        fieldwork_ends=fieldwork_ends,
        includes_tsm=kind == SurveyKind.PERCEPTION,
    )


def get_survey(*, name: str) -> Survey:
    try:
        return Survey.objects.get(name=(name or "").strip())
    except Survey.DoesNotExist:
        known = ", ".join(Survey.objects.values_list("name", flat=True)[:10]) or "none yet"
        raise SurveyError(
            f"There is no survey called \u201c{name}\u201d (surveys: {known})."
        ) from None


def add_own_question(
    *,
    survey: Survey,
    code: str,
    kind: str,
    wording: str,
    placed_after: str = "TP01",
    choices: list[str] | None = None,
    translations: dict | None = None,
) -> LandlordQuestion:
    """A landlord's own question; it can never come between a filter and its questions.

    ``translations`` is the landlord's wording (and answers) in other languages, as
    ``own_translations`` takes it."""
    code = (code or "").strip().upper()
    if not code or not wording.strip():
        raise SurveyError("A question needs a short code and its wording.")
    if code in bank.TSM_BY_CODE or code.lower() in bank.TSM_BY_CODE:
        raise SurveyError(f"{code} is the regulator's: give your question another code.")
    if kind not in QuestionKind.values:
        raise SurveyError(f"{kind!r} is not a kind of question: choose one of "
                          + ", ".join(QuestionKind.values) + ".")
    if kind == QuestionKind.CHOICE and len(choices or []) < 2:
        raise SurveyError("A choice question needs at least two answers to choose from.")
    if survey.includes_tsm:
        try:
            bank.check_anchor(placed_after)
        except bank.QuestionError as problem:
            raise SurveyError(str(problem)) from None
    if survey.own_questions.filter(code=code).exists():
        raise SurveyError(f"This survey already has a question {code}.")
    translated = own_translations(kind=kind, choices=list(choices or []),
                                  translations=translations)
    position = survey.own_questions.filter(placed_after=placed_after).count()
    return LandlordQuestion.objects.create(
        survey=survey, code=code, kind=kind, wording=wording.strip(),
        choices=list(choices or []), placed_after=placed_after, position=position,
        translations=translated,
    )


def own_translations(*, kind: str, choices: list[str], translations: dict | None) -> dict:
    """A question's translations tidied for keeping: {"cy": {"wording": ..., "choices": [...]}}.

    A blank part is left out, so residents see the English there (marked as English). A
    choice question's translated answers must match its English answers one for one, because
    the answer recorded is the English one in the same place."""
    kept = {}
    for language, parts in (translations or {}).items():
        name = OWN_QUESTION_LANGUAGES.get(language)
        if name is None:
            raise TranslationError(
                f"{language!r} is not a language of the resident survey: translate into "
                + ", ".join(OWN_QUESTION_LANGUAGES.values()) + ".",
                language=language, part="wording")
        wording = (parts.get("wording") or "").strip()
        answers = [answer.strip() for answer in parts.get("choices") or [] if answer.strip()]
        if kind != QuestionKind.CHOICE:
            answers = []  # only a choice question has answers of its own to translate
        if answers and len(answers) != len(choices):
            raise TranslationError(
                f"Give the {name} answers one for one with the English answers: "
                f"{len(choices)} answers, one a line, in the same order (you gave "
                f"{len(answers)}). Or leave them all blank to show the English answers.",
                language=language, part="choices")
        translated = {"wording": wording} if wording else {}
        if answers:
            translated["choices"] = answers
        if translated:
            kept[language] = translated
    return kept


def translate_own_question(*, question: LandlordQuestion, translations: dict | None
                           ) -> LandlordQuestion:
    """Replace a question's translations (the English wording and answers stay as they are)."""
    question.translations = own_translations(
        kind=question.kind, choices=list(question.choices), translations=translations)
    question.save(update_fields=["translations"])
    return question


def question_list(*, survey: Survey) -> list[bank.AskedQuestion]:
    """Every question the survey asks, in order: the TSM block intact, the landlord's around it."""
    own = list(survey.own_questions.order_by("position", "pk"))
    placed: dict[str, list[bank.AskedQuestion]] = {}
    for question in own:
        anchor = question.placed_after if survey.includes_tsm else bank.START
        placed.setdefault(anchor, []).append(_asked(question))
    asked = list(placed.get(bank.START, []))
    if survey.includes_tsm:
        for question in bank.tsm_block(tenure_scope=survey.tenure_scope):
            asked.append(question)
            asked.extend(placed.get(question.code, []))
    return asked


def _asked(question: LandlordQuestion) -> bank.AskedQuestion:
    options = {
        QuestionKind.SCALE: bank.SATISFIED_OPTIONS,
        QuestionKind.YES_NO: (("yes", "Yes"), ("no", "No")),
        QuestionKind.CHOICE: tuple((choice, choice) for choice in question.choices),
    }.get(question.kind, ())
    follows = question.placed_after if question.kind == QuestionKind.WHY else ""
    # "Why do you say that?" is only asked when the question it follows was asked.
    followed = bank.TSM_BY_CODE.get(follows)
    return bank.AskedQuestion(
        code=question.code, text=question.wording, kind=question.kind, options=options,
        follows=follows, asked_if=followed.asked_if if followed else None,
        extra={"translations": question.translations or {}},
    )


def questions_to_ask(*, survey: Survey, answers: dict) -> list[bank.AskedQuestion]:
    """The questions still open given the answers so far (the filter logic applied)."""
    return [q for q in question_list(survey=survey) if bank.is_asked(q, answers=answers)]


# Privacy ------------------------------------------------------------------------------------


def household_key(*, home: Home) -> str:
    """A keyed hash of the home: the same household always gets the same key, and without the
    secret no one can work back from the key to the home."""
    secret = getattr(settings, "SURVEY_HOUSEHOLD_SECRET", "") or settings.SECRET_KEY
    return salted_hmac(_KEY_SALT, home.home_ref, secret=secret, algorithm="sha256").hexdigest()[:32]


@transaction.atomic
def delete_response(*, response: SurveyResponse, by, reason: str = "") -> ResponseDeletion:
    """Delete a resident's response at their request and log that it was done (no answers)."""
    if by is None or not getattr(by, "is_authenticated", False):
        raise SurveyError("Only a signed-in member of staff can delete a response.")
    deletion = ResponseDeletion.objects.create(
        survey=response.survey,
        response_ref=response.response_ref,
        deleted_by=by,
        deleted_by_name=by.get_username(),
        reason=(reason or "").strip()[:200] or "The resident asked for it to be deleted",
    )
    response.delete()  # its comments go with it
    return deletion


@transaction.atomic
def delete_household_response(
    *, survey: Survey, home: Home, by, reason: str = ""
) -> list[ResponseDeletion]:
    """The deletion request as a resident makes it: "delete what my household said". A
    transactional survey may hold several of the household's responses (one per repair,
    complaint or ASB case): all of them go, each logged."""
    responses = list(
        SurveyResponse.objects.filter(survey=survey.name, household_key=household_key(home=home))
    )
    if not responses:
        raise SurveyError(f"There is no response from {home} in {survey} to delete.")
    return [delete_response(response=response, by=by, reason=reason) for response in responses]


# Recording answers ---------------------------------------------------------------------------


def record_response(
    *,
    survey: Survey,
    home: Home,
    channel: str,
    answers: dict,
    completed_on: date,
    trigger_ref: str = "",
) -> SurveyResponse:
    """One household's answers, through the same rules whatever the channel.

    ``answers`` maps question codes to values: TP codes take 1-5 (or 9, a volunteered don't
    know), filter questions "yes"/"no" (or "dont_know"), the landlord's own questions their
    kind's values; free text and "why do you say that?" become comments.
    """
    if channel not in Channel.values:
        raise SurveyError(f"{channel!r} is not a channel: choose one of "
                          + ", ".join(Channel.values) + ".")
    _check_in_scope(survey=survey, home=home)
    asked = {question.code: question for question in question_list(survey=survey)}
    _check_answers(asked=asked, answers=answers)
    tsm = {code: answers.get(code) for code in bank.TSM_BY_CODE if code in asked}
    own, comments = _own_answers(asked=asked, answers=answers)
    trigger_ref = _check_trigger(survey=survey, home=home, trigger_ref=trigger_ref)
    key = household_key(home=home)
    if trigger_ref:
        if SurveyResponse.objects.filter(survey=survey.name, trigger_ref=trigger_ref).exists():
            raise _record_already_answered(trigger_ref)
    elif SurveyResponse.objects.filter(survey=survey.name, household_key=key,
                                       trigger_ref="").exists():
        raise _already_answered(home)
    response = SurveyResponse(
        response_ref=f"S{survey.pk}-{secrets.token_hex(8)}",
        survey=survey.name,
        home=home,
        tenure=home.tenure,
        completed_on=completed_on,
        channel=channel,
        household_key=key,
        other_answers=own or None,
        trigger_ref=trigger_ref,
        **{code.lower() if code.startswith("TP") else code: value
           for code, value in tsm.items() if value is not None},
    )
    try:
        with transaction.atomic():
            response.save()
            Comment.objects.bulk_create(
                Comment(response=response, question=question, text=text)
                for question, text in comments
            )
            if comments:
                transaction.on_commit(lambda: records_arrived.send(
                    sender=SurveyResponse, dataset="survey_responses"))
    except IntegrityError:
        # Two channels raced for the same household (or record): the database kept the first.
        raise (_record_already_answered(trigger_ref) if trigger_ref
               else _already_answered(home)) from None
    return response


def _check_trigger(*, survey: Survey, home: Home, trigger_ref: str) -> str:
    """The record a transactional survey follows: one of the survey's kind, closed, on this
    home. A perception survey follows no record."""
    trigger_ref = (trigger_ref or "").strip()
    if survey.kind == SurveyKind.PERCEPTION:
        if trigger_ref:
            raise SurveyError(f"{survey} is a perception survey: it does not follow a repair, "
                              "complaint or ASB case, so give no record reference.")
        return ""
    if not trigger_ref:
        raise SurveyError(f"{survey} follows a record: say which {_RECORD_NAMES[survey.kind]} "
                          "the answers are about.")
    closed = _closed_records(kind=survey.kind, since=date.min, until=date.max)(Q(home=home))
    if not any(ref == trigger_ref for ref, _home, _closed_on in closed):
        raise SurveyError(f"{trigger_ref} is not a {_RECORD_NAMES[survey.kind]} of {home}: "
                          f"{survey} can only ask about those.")
    return trigger_ref


_RECORD_NAMES = {
    SurveyKind.AFTER_REPAIR: "completed repair",
    SurveyKind.AFTER_COMPLAINT: "closed complaint",
    SurveyKind.AFTER_ASB: "closed ASB case",
}


def _record_already_answered(trigger_ref: str) -> SurveyError:
    return SurveyError(
        f"This survey has already been answered about {trigger_ref}: each repair, complaint "
        "or ASB case is asked about once."
    )


def _already_answered(home: Home) -> SurveyError:
    return SurveyError(
        f"This household ({home}) has already answered this survey: each household answers "
        "once. To replace the answers, delete the first response at the resident's request."
    )


def _check_in_scope(*, survey: Survey, home: Home) -> None:
    if survey.tenure_scope != TenureScope.BOTH and home.tenure != survey.tenure_scope:
        raise SurveyError(
            f"{home} is a {home.tenure} home; {survey} covers {survey.tenure_scope} homes only."
        )


def _check_answers(*, asked: dict, answers: dict) -> None:
    problems = []
    for code, value in answers.items():
        if code not in asked:
            problems.append(f"{code} is not a question in this survey.")
        elif value is not None and not _acceptable(asked[code], value):
            problems.append(f"{value!r} is not an answer to {code}.")
    problems.extend(bank.filter_problems({k: v for k, v in answers.items() if v is not None}))
    if problems:
        raise SurveyError(" ".join(problems))


def _acceptable(question: bank.AskedQuestion, value) -> bool:
    if question.kind in ("tsm", "filter"):
        return bank.TSM_BY_CODE[question.code].accepts(value)
    if question.kind in (QuestionKind.FREE_TEXT, QuestionKind.WHY):
        return isinstance(value, str)
    return value in {option for option, _ in question.options}


def _own_answers(*, asked: dict, answers: dict) -> tuple[dict, list[tuple[str, str]]]:
    own, comments = {}, []
    for code, value in answers.items():
        question = asked[code]
        if question.kind in ("tsm", "filter") or value in (None, ""):
            continue
        if question.kind in (QuestionKind.FREE_TEXT, QuestionKind.WHY):
            # Residents' own words go where the voice tools read them; a "why" comment is
            # filed against the TSM question it follows.
            about = question.follows if question.follows.startswith("TP") else ""
            comments.append((about, value.strip()))
        else:
            own[code] = value
    return own, comments


# Exclusions ----------------------------------------------------------------------------------


def exclude_household(*, survey: Survey, home: Home, reason: str, note: str = "", by=None):
    """Leave a household out of the sample frame, with the reason that will be published."""
    if reason not in ExclusionReason.values:
        raise SurveyError("Choose a reason for leaving the household out: "
                          + ", ".join(ExclusionReason.labels) + ".")
    if reason == ExclusionReason.OTHER and not note.strip():
        raise SurveyError("Say why the household is left out when the reason is \u201cother\u201d.")
    if survey.exclusions.filter(home=home).exists():
        raise SurveyError(f"{home} is already left out of {survey}.")
    return SampleExclusion.objects.create(
        survey=survey, home=home, reason=reason, note=note.strip(), excluded_by=by
    )


# Transactional surveys -----------------------------------------------------------------------


@dataclass(frozen=True)
class DueSurvey:
    trigger_ref: str  # the repair, complaint or ASB case
    home: Home
    closed_on: date


def due_transactional(*, survey: Survey, since: date, until: date) -> list[DueSurvey]:
    """Who is due this transactional survey: records closed in the window, not yet surveyed.

    Only records with a home (a communal repair has no one household to ask); one invitation
    per record, so a resident with two repairs may be asked twice.
    """
    closed = _closed_records(kind=survey.kind, since=since, until=until)
    done = set(
        SurveyResponse.objects.filter(survey=survey.name).exclude(trigger_ref="")
        .values_list("trigger_ref", flat=True)
    )
    scope = Q() if survey.tenure_scope == TenureScope.BOTH else Q(home__tenure=survey.tenure_scope)
    return [
        DueSurvey(trigger_ref=ref, home=home, closed_on=closed_on)
        for ref, home, closed_on in closed(scope)
        if ref not in done
    ]


def due_for_home(*, survey: Survey, home: Home) -> list[DueSurvey]:
    """The records of this home a transactional survey can still ask about (for staff
    entry): every closed record of the survey's kind with no answer yet, oldest first."""
    closed = _closed_records(kind=survey.kind, since=date.min, until=date.max)(Q(home=home))
    done = set(SurveyResponse.objects.filter(survey=survey.name).exclude(trigger_ref="")
               .values_list("trigger_ref", flat=True))
    return [DueSurvey(trigger_ref=ref, home=home, closed_on=closed_on)
            for ref, home, closed_on in closed if ref not in done]


def _closed_records(*, kind: str, since: date, until: date):
    if kind == SurveyKind.AFTER_REPAIR:
        return lambda scope: _closed_repairs(scope=scope, since=since, until=until)
    if kind == SurveyKind.AFTER_COMPLAINT:
        return lambda scope: _closed_complaints(scope=scope, since=since, until=until)
    if kind == SurveyKind.AFTER_ASB:
        return lambda scope: _closed_asb(scope=scope, since=since, until=until)
    raise SurveyError("Only a transactional survey (after a repair, complaint or ASB case) "
                      "is sent when a record closes.")


def _closed_repairs(*, scope: Q, since: date, until: date):
    repairs = (
        Repair.objects.filter(scope, home__isnull=False, status=RepairStatus.COMPLETED,
                              repair_type=RepairType.RESPONSIVE,
                              completed_at__date__range=(since, until))
        .select_related("home").order_by("completed_at", "repair_ref")
    )
    for repair in repairs:
        yield repair.repair_ref, repair.home, repair.completed_at.date()


def _closed_complaints(*, scope: Q, since: date, until: date):
    # Closed = the final response sent: stage 2 if escalated, stage 1 otherwise. A withdrawn
    # complaint had no final response to ask about.
    final_stage1 = Q(escalated_on__isnull=True, stage1_responded_on__range=(since, until))
    final_stage2 = Q(escalated_on__isnull=False, stage2_responded_on__range=(since, until))
    complaints = (
        Complaint.objects.filter(scope, home__isnull=False, withdrawn_on__isnull=True)
        .filter(final_stage1 | final_stage2).select_related("home").order_by("complaint_ref")
    )
    for complaint in complaints:
        closed_on = complaint.stage2_responded_on if complaint.escalated_on else (
            complaint.stage1_responded_on)
        yield complaint.complaint_ref, complaint.home, closed_on


def _closed_asb(*, scope: Q, since: date, until: date):
    cases = (
        AsbCase.objects.filter(scope, home__isnull=False, closed_on__range=(since, until))
        .select_related("home").order_by("closed_on", "case_ref")
    )
    for case in cases:
        yield case.case_ref, case.home, case.closed_on

