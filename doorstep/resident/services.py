"""Single-use survey links: issuing them, opening them, saving answers, sending them.

A link's token is 26 characters from Crockford's base-32 alphabet: 130 random bits, so
tokens cannot be guessed and no rate limit is needed. Only its SHA-256 is stored. The
alphabet has no i, l, o or u, so a resident typing the link from a letter can mistake case
or letters for digits and still arrive (see ``normalise``).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from doorstep.resident.models import Invitation
from doorstep.resident.rendering import household_questions
from doorstep.stock.models import Home
from doorstep.surveys.models import Channel, SampleExclusion, Survey, SurveyKind, SurveyResponse
from doorstep.surveys.services import (
    SurveyError,
    due_transactional,
    household_key,
    record_response,
)

TOKEN_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # noqa: S105 (an alphabet, not a secret)
TOKEN_LENGTH = 26  # 26 x 5 bits = 130 bits
_MISREAD = str.maketrans({"i": "1", "l": "1", "o": "0", "-": None, " ": None})

# The states of a link, as the resident is told them.
OPEN = "open"
USED = "used"  # this link sent its answers
ANSWERED = "answered"  # the household answered another way (another link, phone, paper)
EXPIRED = "expired"


class AlreadyAnswered(SurveyError):
    """The household's answers are already in: each household answers once."""


# Issuing links ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedLink:
    home: Home
    token: str  # shown once, for the letter; never stored
    invitation: Invitation


def new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def normalise(token: str) -> str:
    return (token or "").lower().translate(_MISREAD)


def token_hash(token: str) -> str:
    return hashlib.sha256(normalise(token).encode()).hexdigest()


def issue_invitations(
    *, survey: Survey, expires_at: datetime, reminder: bool = False
) -> list[IssuedLink]:
    """A link for each household in the survey's sample.

    First time: every sampled household. After that, only households that have no link yet;
    with ``reminder``, a new link for every household that has not answered (for a reminder
    letter: the earlier link keeps working, and whichever is used first counts).
    Households left out of the survey since the sample was drawn get none.
    """
    if expires_at <= timezone.now():
        raise SurveyError("The links would expire before anyone could use them: choose a "
                          "later date.")
    sampled = [
        row.home for row in survey.sample.select_related("home").order_by("home__home_ref")
    ]
    if not sampled:
        raise SurveyError(f"{survey} has no sample yet: draw one with doorstep survey-sample.")
    skip = set(SampleExclusion.objects.filter(survey=survey).values_list("home_id", flat=True))
    answered = set(SurveyResponse.objects.filter(survey=survey.name)
                   .exclude(household_key=None).values_list("household_key", flat=True))
    invited = set(survey.invitations.values_list("home_id", flat=True))
    issued = []
    for home in sampled:
        key = household_key(home=home)
        if home.pk in skip or key in answered or (home.pk in invited and not reminder):
            continue
        token = new_token()
        issued.append(IssuedLink(home=home, token=token, invitation=Invitation(
            survey=survey, home=home, household_key=key, token_hash=token_hash(token),
            expires_at=expires_at,
        )))
    Invitation.objects.bulk_create([link.invitation for link in issued], batch_size=1000)
    return issued


def issue_transactional_invitations(
    *, survey: Survey, since: date, until: date, expires_at: datetime
) -> list[IssuedLink]:
    """A link for each record of the survey's kind closed between ``since`` and ``until``
    that has no answer and no link yet: a household with two repairs gets two links."""
    if survey.kind == SurveyKind.PERCEPTION:
        raise SurveyError(f"{survey} is a perception survey: its links go to the sample.")
    if until < since:
        raise SurveyError("The end of the window cannot come before its start.")
    if expires_at <= timezone.now():
        raise SurveyError("The links would expire before anyone could use them: choose a "
                          "later date.")
    invited = set(survey.invitations.exclude(trigger_ref="")
                  .values_list("trigger_ref", flat=True))
    issued = []
    for due in due_transactional(survey=survey, since=since, until=until):
        if due.trigger_ref in invited:
            continue
        token = new_token()
        issued.append(IssuedLink(home=due.home, token=token, invitation=Invitation(
            survey=survey, home=due.home, household_key=household_key(home=due.home),
            token_hash=token_hash(token), expires_at=expires_at, trigger_ref=due.trigger_ref,
        )))
    Invitation.objects.bulk_create([link.invitation for link in issued], batch_size=1000)
    return issued


# Opening a link -----------------------------------------------------------------------------


def invitation_for(token: str) -> Invitation | None:
    """The invitation a link opens, or None. The token is the resident's only key: it opens
    its own invitation, its own survey and its own household's answers, nothing else."""
    normalised = normalise(token)
    if len(normalised) != TOKEN_LENGTH or set(normalised) - set(TOKEN_ALPHABET):
        return None
    return (Invitation.objects.select_related("survey", "home")
            .filter(token_hash=token_hash(normalised)).first())


def state_of(invitation: Invitation, *, now: datetime | None = None) -> str:
    if invitation.used_at is not None:
        return USED
    # A transactional link is answered when its record is; a perception link when the
    # household is.
    answered = (Q(trigger_ref=invitation.trigger_ref) if invitation.trigger_ref
                else Q(household_key=invitation.household_key, trigger_ref=""))
    if SurveyResponse.objects.filter(answered, survey=invitation.survey.name).exists():
        return ANSWERED
    if invitation.expires_at <= (now or timezone.now()):
        return EXPIRED
    return OPEN


def choose_language(*, invitation: Invitation, language: str) -> None:
    invitation.language = language
    invitation.save(update_fields=["language"])


# Answering ----------------------------------------------------------------------------------


def questions_for(invitation: Invitation, answers: dict | None = None):
    return household_questions(
        survey=invitation.survey, home=invitation.home,
        answers=invitation.answers if answers is None else answers,
    )


def first_unanswered(invitation: Invitation) -> str | None:
    """Where the resident carries on: the first question asked and not yet answered."""
    return next((q.code for q in questions_for(invitation) if q.code not in invitation.answers),
                None)


def save_answer(*, invitation: Invitation, code: str, value) -> None:
    """Keep one answer as the resident goes. Answers to questions that a changed filter
    answer has closed (TP02 after the repair answer turns to "no") are dropped."""
    answers = {**invitation.answers, code: value}
    asked = {question.code for question in questions_for(invitation, answers)}
    invitation.answers = {key: answer for key, answer in answers.items() if key in asked}
    invitation.save(update_fields=["answers"])


def submit(*, invitation: Invitation) -> SurveyResponse:
    """Send the answers: they become the household's response, channel online."""
    with transaction.atomic():
        # Locked (on PostgreSQL), so a double click cannot send the answers twice.
        invitation = Invitation.objects.select_for_update().select_related(
            "survey", "home").get(pk=invitation.pk)
        if state_of(invitation) in (USED, ANSWERED):
            raise AlreadyAnswered("Your household has already answered this survey.")
        missing = first_unanswered(invitation)
        if missing is not None:
            raise SurveyError(f"Question {missing} has not been answered yet.")
        try:
            response = record_response(
                survey=invitation.survey, home=invitation.home, channel=Channel.ONLINE,
                answers=invitation.answers, completed_on=timezone.localdate(),
                trigger_ref=invitation.trigger_ref,
            )
        except SurveyError:
            if state_of(invitation) == ANSWERED:  # another link or channel got there first
                raise AlreadyAnswered("Your household has already answered this survey.") from None
            raise
        # The answers now live in the response; the link keeps none of them.
        invitation.used_at = timezone.now()
        invitation.answers = {}
        invitation.save(update_fields=["used_at", "answers"])
    return response
