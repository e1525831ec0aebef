"""Involvement's state changes: each one function, each written to a log.

Consent: ``withdraw_consent`` clears a household's profile and logs that it did (never the
values). Activities: created, their households added and actions linked, with the
activity's log. Feedback: single-use links (as the survey's, only a hash is stored), paper
and staff entry all go through ``record_feedback``.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from doorstep.core.activity import log_opening, save_and_log
from doorstep.involvement.models import (
    Activity,
    ActivityKind,
    ActivityLog,
    Again,
    CaseStudy,
    Changed,
    Channel,
    ConsentLog,
    Feedback,
    FeedbackChannel,
    FeedbackLink,
    Listened,
    Participant,
    SocialValue,
    SocialValueLog,
    Support,
)
from doorstep.stock.models import Home
from doorstep.surveys.models import HouseholdProfile

TOKEN_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # noqa: S105 (an alphabet, not a secret)
TOKEN_LENGTH = 26
_MISREAD = str.maketrans({"i": "1", "l": "1", "o": "0", "-": None, " ": None})
PROFILE_FIELDS = ("age_band", "ethnicity", "disability", "preferred_language", "digital_access",
                  "consent_on", "consent_source", "consent_purpose")


class InvolvementError(ValueError):
    """A change that cannot be made, said in plain English."""


# Consent ------------------------------------------------------------------------------


def withdraw_consent(*, home: Home, by, on: date | None = None) -> HouseholdProfile:
    """Clear the household's profile and keep only that consent was withdrawn, and when."""
    on = on or timezone.localdate()
    with transaction.atomic():
        profile = HouseholdProfile.objects.select_for_update().filter(home=home).first()
        if profile is None or profile.consent_withdrawn_on is not None:
            raise InvolvementError(f"Home {home.home_ref} has no profile with consent to "
                                   "withdraw.")
        cleared = [name for name in PROFILE_FIELDS if getattr(profile, name) not in ("", None)]
        for name in PROFILE_FIELDS:
            setattr(profile, name, None if name == "consent_on" else "")
        profile.consent_withdrawn_on = on
        profile.save()
        ConsentLog.objects.create(
            home=home, by=by, action="consent withdrawn",
            summary=f"Consent withdrawn on {on:%d %B %Y}; the household profile was cleared "
                    f"({', '.join(cleared) or 'nothing recorded'}).",
            changes={name: ["(cleared)", None] for name in cleared},
        )
    return profile


# Activities ---------------------------------------------------------------------------


def _check_supports(codes) -> str:
    codes = list(codes or ())
    unknown = [code for code in codes if code not in Support.values]
    if unknown:
        raise InvolvementError(f"{', '.join(unknown)} is not a kind of support offered.")
    return ";".join(code for code in Support.values if code in codes)


def create_activity(*, by, activity_ref: str, title: str, kind: str, held_on: date,
                    channel: str, supports=(), measure_codes=(), **fields) -> Activity:
    if kind not in ActivityKind.values:
        raise InvolvementError(f"{kind!r} is not a kind of activity.")
    if channel not in Channel.values:
        raise InvolvementError(f"{channel!r} is not a channel.")
    if Activity.objects.filter(activity_ref=activity_ref).exists():
        raise InvolvementError(f"Activity {activity_ref} already exists: choose another "
                               "reference.")
    with transaction.atomic():
        activity = Activity.objects.create(
            activity_ref=activity_ref, title=title, kind=kind, held_on=held_on,
            channel=channel, support_offered=_check_supports(supports),
            measure_codes=";".join(code.upper() for code in measure_codes), **fields,
        )
        log_opening(ActivityLog, record=activity, by=by, action="created",
                    summary="Activity recorded",
                    fields=["title", "kind", "held_on", "channel", "support_offered"])
    return activity


def add_participant(*, activity: Activity, by, home: Home | None, hours=0,
                    participant_ref: str = "") -> Participant:
    """A household that took part, or (``home`` None) an anonymous resident."""
    participant_ref = participant_ref or f"{activity.activity_ref}-{secrets.token_hex(4)}"
    if home is not None and activity.participants.filter(home=home).exists():
        raise InvolvementError(f"Home {home.home_ref} is already recorded as taking part.")
    if Participant.objects.filter(participant_ref=participant_ref).exists():
        raise InvolvementError(f"Participant reference {participant_ref} is already used.")
    with transaction.atomic():
        participant = Participant.objects.create(
            activity=activity, home=home, hours=hours, participant_ref=participant_ref)
        ActivityLog.objects.create(
            activity=activity, by=by, action="participant added",
            summary="An anonymous participant added" if home is None
            else "A household added as a participant",
        )
    return participant


def link_action(*, activity: Activity, action, by) -> None:
    """Record that the activity led to an improvement action."""
    with transaction.atomic():
        activity.actions.add(action)
        ActivityLog.objects.create(activity=activity, by=by, action="action linked",
                                   summary=f"Led to action {action.action_ref}")


def link_recommendation(*, activity: Activity, recommendation, by) -> None:
    """Record that the activity led to a scrutiny panel's recommendation."""
    with transaction.atomic():
        activity.recommendations.add(recommendation)
        ActivityLog.objects.create(activity=activity, by=by, action="recommendation linked",
                                   summary=f"Led to {recommendation}")


# Feedback -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedLink:
    token: str  # shown once; never stored
    link: FeedbackLink


def _normalise(token: str) -> str:
    return (token or "").lower().translate(_MISREAD)


def token_hash(token: str) -> str:
    return hashlib.sha256(_normalise(token).encode()).hexdigest()


def issue_feedback_links(*, activity: Activity, count: int, expires_at: datetime
                         ) -> list[IssuedLink]:
    if expires_at <= timezone.now():
        raise InvolvementError("The links would expire before anyone could use them.")
    if not 1 <= count <= 500:
        raise InvolvementError("Issue between 1 and 500 links at a time.")
    issued = []
    for _ in range(count):
        token = "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))
        link = FeedbackLink.objects.create(activity=activity, token_hash=token_hash(token),
                                           expires_at=expires_at)
        issued.append(IssuedLink(token, link))
    return issued


def feedback_link_for(token: str) -> FeedbackLink | None:
    """The open link for this token, or None (unknown, used or expired)."""
    link = FeedbackLink.objects.select_related("activity").filter(
        token_hash=token_hash(token)).first()
    if link is None or link.used_at is not None or link.expires_at <= timezone.now():
        return None
    return link


def record_feedback(*, activity: Activity, channel: str, listened: str, changed: str,
                    again: str, language: str = "", by=None, link: FeedbackLink | None = None,
                    received_on: date | None = None) -> Feedback:
    """One participant's feedback, from any channel; a link is used up by it."""
    for value, choices, what in ((listened, Listened, "felt listened to"),
                                 (changed, Changed, "something changed"),
                                 (again, Again, "would take part again"),
                                 (channel, FeedbackChannel, "channel")):
        if value not in choices.values:
            raise InvolvementError(f"{value!r} is not an answer to {what}.")
    with transaction.atomic():
        if link is not None:
            used = FeedbackLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
                used_at=timezone.now())
            if not used:
                raise InvolvementError("This link has already been used.")
        feedback = Feedback.objects.create(
            activity=activity, channel=channel, listened=listened, changed=changed,
            again=again, language=language, entered_by=by,
            received_on=received_on or timezone.localdate())
        ActivityLog.objects.create(activity=activity, by=by, action="feedback",
                                   summary=f"Feedback received ({feedback.get_channel_display()})")
    return feedback


# Case studies -------------------------------------------------------------------------


def add_case_study(*, activity: Activity, by, title: str, story: str, consent_on: date,
                   consent_source: str, redacted_story: str = "") -> CaseStudy:
    """A resident's story with their consent; the panel's version has names removed."""
    from doorstep.voice.redact import redact

    if not consent_on or not consent_source.strip():
        raise InvolvementError("A case study needs the date and way the resident agreed to "
                               "share their story.")
    with transaction.atomic():
        case_study = CaseStudy.objects.create(
            activity=activity, title=title, story=story,
            redacted_story=redacted_story.strip() or redact(story),
            consent_on=consent_on, consent_source=consent_source)
        ActivityLog.objects.create(activity=activity, by=by, action="case study",
                                   summary=f"Case study added: {title}")
    return case_study


def approve_case_study(*, case_study: CaseStudy, by) -> CaseStudy:
    case_study.approved = True
    case_study.save(update_fields=["approved"])
    ActivityLog.objects.create(activity=case_study.activity, by=by, action="case study approved",
                               summary=f"Redacted case study approved: {case_study.title}")
    return case_study


# Social value -------------------------------------------------------------------------


def save_social_value(*, by, outcome: str, pounds_per_unit, unit: str, source: str,
                      social_value: SocialValue | None = None) -> SocialValue:
    """Add a value to the landlord's own table, or change one. Doorstep ships none: every
    value is the landlord's estimate, so a source must be named."""
    outcome, unit, source = outcome.strip(), unit.strip(), source.strip()
    if not source:
        raise InvolvementError("Name where the value comes from.")
    if pounds_per_unit is None or pounds_per_unit < 0:
        raise InvolvementError("The value per unit must be zero or more pounds.")
    pounds_per_unit = Decimal(pounds_per_unit).quantize(Decimal("0.01"))
    clash = SocialValue.objects.filter(outcome__iexact=outcome)
    if social_value is not None:
        clash = clash.exclude(pk=social_value.pk)
    if clash.exists():
        raise InvolvementError(f"There is already a value for {outcome}: change that one.")
    with transaction.atomic():
        if social_value is None:
            social_value = SocialValue.objects.create(
                outcome=outcome, pounds_per_unit=pounds_per_unit, unit=unit, source=source)
            log_opening(SocialValueLog, record=social_value, by=by, action="added",
                        summary=f"Social value added: {social_value}",
                        fields=["outcome", "pounds_per_unit", "unit", "source"])
        else:
            locked = SocialValue.objects.select_for_update().get(pk=social_value.pk)
            save_and_log(SocialValueLog, record=social_value, locked=locked, by=by,
                         action="changed", summary=f"Social value changed: {outcome}",
                         changes={"outcome": outcome, "pounds_per_unit": pounds_per_unit,
                                  "unit": unit, "source": source})
    return social_value


def record_social_value(*, activity: Activity, by, social_value: SocialValue | None,
                        units=None) -> Activity:
    """The outcome an activity achieved, in units of a value from the landlord's table
    (``social_value`` None clears it)."""
    if social_value is not None and (units is None or units < 0):
        raise InvolvementError("Give how many units the activity achieved (zero or more).")
    with transaction.atomic():
        activity.social_value = social_value
        activity.social_value_units = units if social_value is not None else None
        activity.save(update_fields=["social_value", "social_value_units"])
        ActivityLog.objects.create(
            activity=activity, by=by, action="social value",
            summary="Social value cleared" if social_value is None
            else f"Social value recorded: {units} × {social_value.outcome} "
                 f"(£{social_value.pounds_per_unit} {social_value.unit})")
    return activity
