"""Tenant scrutiny: one function per change, each writing the review's or recommendation's
activity log (who, when, each field before and after) in one transaction.

A change a review's stage does not allow raises ``ScrutinyError`` (a ValueError) whose
message can be shown as it is. A recommendation's text is kept as sent: once it has gone
to the landlord, ``sent_text`` is written and the recommendation can no longer be edited.
"""

import re
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from doorstep.accounts.models import Role
from doorstep.actions.services import create_action
from doorstep.core.activity import log_opening, save_and_log
from doorstep.core.workdays import england_calendar
from doorstep.measures.engine import ALL_CODES
from doorstep.scrutiny.models import (
    ACCEPTING,
    Decision,
    EvidencePack,
    Meeting,
    MeetingActivity,
    MeetingPaper,
    Membership,
    Notification,
    Panel,
    PanelEvidence,
    Recommendation,
    RecommendationActivity,
    RequestedBy,
    ResidentRequest,
    Review,
    ReviewActivity,
    ScrutinySettings,
    Stage,
)
from doorstep.scrutiny.pack import build_pack
from doorstep.stock.models import Home

REFERENCE_PREFIX = "R-"
# The panel's own uploads: documents and pictures only, never anything a browser runs.
UPLOAD_TYPES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
}
UPLOAD_LIMIT = 10 * 1024 * 1024  # 10 MB


class ScrutinyError(ValueError):
    """A change the review's stage does not allow, in words that can be shown as they are."""


def _locked(model, record):
    return model.objects.select_for_update().get(pk=record.pk)


def _stage_is(review: Review, *stages: str, doing: str) -> None:
    if review.stage not in stages:
        names = " or ".join(Stage(s).label.lower() for s in stages)
        raise ScrutinyError(
            f"Review {review.review_ref} is at the stage '{review.get_stage_display()}': "
            f"you can {doing} only when it is {names}.")


# --- notifications ---------------------------------------------------------------------


def notify(*, users, subject: str, message: str, url: str = "") -> list[Notification]:
    """List a notification in the app for each person and email those with an address.

    The e-mail is sent by a background task (``ops.tasks.send_email``), so a slow or broken
    mail server never holds up the page; it marks the notification ``emailed`` once sent."""
    from doorstep.ops.jobs import start_job
    from doorstep.ops.tasks import send_email

    made = []
    for user in {u.pk: u for u in users if u is not None}.values():
        listed = Notification.objects.create(user=user, subject=subject, message=message,
                                             url=url, emailed=False)  # fmt: skip
        if user.email:
            body = message + (f"\n\nOpen it in Doorstep: {url}" if url else "")
            start_job(send_email, label=f"E-mail: {subject}", to=[user.email],
                      subject=subject, body=body,
                      mark_sent={"model": "scrutiny.Notification", "pk": listed.pk,
                                 "field": "emailed"})  # fmt: skip
            listed.refresh_from_db(fields=["emailed"])
        made.append(listed)
    return made


def panel_people():
    """Current members and the engagement officers who support them."""
    from django.contrib.auth import get_user_model

    members = [m.user for m in Membership.objects.filter(left_on__isnull=True)
               .select_related("user")]
    officers = list(get_user_model().objects.filter(
        is_active=True, profile__role=Role.ENGAGEMENT_OFFICER))
    return members + officers


# --- the panel -------------------------------------------------------------------------


@transaction.atomic
def add_member(*, by, user, declarations: str = "", joined_on: date | None = None) -> Membership:
    profile = getattr(user, "profile", None)
    if profile is None or profile.role != Role.PANEL_MEMBER:
        raise ScrutinyError(f"{user.username} does not have the scrutiny panel member role: "
                            "an administrator gives it first")
    if Membership.objects.filter(user=user, left_on__isnull=True).exists():
        raise ScrutinyError(f"{user.username} is already on the panel")
    return Membership.objects.create(panel=Panel.current(), user=user,
                                     declarations=declarations.strip(),
                                     joined_on=joined_on or timezone.localdate())


@transaction.atomic
def member_leaves(*, by, membership: Membership, left_on: date | None = None) -> Membership:
    if membership.left_on:
        raise ScrutinyError("They have already left the panel")
    membership.left_on = left_on or timezone.localdate()
    membership.save(update_fields=["left_on"])
    return membership


@transaction.atomic
def set_terms_of_reference(*, by, text: str) -> Panel:
    panel = Panel.current()
    panel.terms_of_reference = text.strip()
    panel.save(update_fields=["terms_of_reference"])
    return panel


# --- meetings --------------------------------------------------------------------------

MEETING_FIELDS = ("held_on", "starts_at", "place", "agenda")


@transaction.atomic
def plan_meeting(*, by, held_on: date, starts_at=None, place: str = "",
                 agenda: str = "") -> Meeting:
    meeting = Meeting.objects.create(panel=Panel.current(), held_on=held_on,
                                     starts_at=starts_at, place=(place or "").strip(),
                                     agenda=(agenda or "").strip())
    log_opening(MeetingActivity, record=meeting, by=by, action="planned",
                summary=f"Meeting planned for {held_on:%-d %B %Y}", fields=list(MEETING_FIELDS))
    return meeting


@transaction.atomic
def change_meeting(*, meeting: Meeting, by, held_on: date, starts_at=None, place: str = "",
                   agenda: str = "") -> Meeting:
    locked = _locked(Meeting, meeting)
    return save_and_log(MeetingActivity, record=meeting, locked=locked, by=by,
                        action="changed", summary="Meeting details or agenda changed",
                        changes={"held_on": held_on, "starts_at": starts_at,
                                 "place": (place or "").strip(),
                                 "agenda": (agenda or "").strip()})


@transaction.atomic
def record_minutes(*, meeting: Meeting, by, minutes: str) -> Meeting:
    if not (minutes or "").strip():
        raise ScrutinyError("Write the minutes")
    locked = _locked(Meeting, meeting)
    return save_and_log(MeetingActivity, record=meeting, locked=locked, by=by,
                        action="minutes", summary="Minutes written",
                        changes={"minutes": minutes.strip(), "minutes_by": by,
                                 "minutes_at": timezone.now()})


@transaction.atomic
def add_paper(*, meeting: Meeting, by, title: str, upload) -> MeetingPaper:
    """A paper for the meeting, under the same type and size rules as the panel's evidence."""
    if not (title or "").strip():
        raise ScrutinyError("Give the paper a title")
    if not upload:
        raise ScrutinyError("Choose the file to upload")
    file_name = check_upload(upload)
    paper = MeetingPaper(meeting=meeting, title=title.strip(), file_name=file_name,
                         added_by=by)
    paper.file.save(f"paper-{meeting.pk}.bin", upload, save=False)
    paper.save()
    MeetingActivity.objects.create(meeting=meeting, by=by, action="paper",
                                   summary=f"Paper added: {paper.title}")
    return paper


# --- reviews ---------------------------------------------------------------------------


def _next_ref() -> str:
    numbers = [int(ref[2:]) for ref in Review.objects.values_list("review_ref", flat=True)
               if ref.startswith(REFERENCE_PREFIX) and ref[2:].isdigit()]
    return f"{REFERENCE_PREFIX}{max(numbers, default=0) + 1}"


@transaction.atomic
def request_review(*, by, title: str, why: str = "",
                   requested_by: str = RequestedBy.PANEL) -> Review:
    title = (title or "").strip()
    if not title:
        raise ScrutinyError("Say what the review is about, in a few words")
    review = Review.objects.create(review_ref=_next_ref(), title=title, why=why.strip(),
                                   requested_by=requested_by)
    log_opening(ReviewActivity, record=review, by=by, action="requested",
                summary=f"Review requested: {title}",
                fields=["review_ref", "title", "stage", "requested_by", "why"])
    return review


def check_measures(text: str) -> str:
    codes = [c for c in (text or "").upper().replace(",", " ").split() if c]
    unknown = [c for c in codes if c not in ALL_CODES]
    if unknown:
        raise ScrutinyError(f"Not a measure Doorstep knows: {', '.join(unknown)}. Use codes "
                            "such as TP01 or RP02-1")
    return " ".join(dict.fromkeys(codes))


SCOPE_FIELDS = ("question", "service", "measures", "by_area", "evidence_wanted", "timetable")


@transaction.atomic
def set_scope(*, review: Review, by, question: str, service: str, measures: str,
              by_area: bool, evidence_wanted: str, timetable: str) -> Review:
    locked = _locked(Review, review)
    _stage_is(locked, Stage.REQUESTED, Stage.SCOPED, doing="change the scope")
    if not (question or "").strip():
        raise ScrutinyError("Write the question the review will answer")
    changes = {"question": question.strip(), "service": service.strip(),
               "measures": check_measures(measures), "by_area": by_area,
               "evidence_wanted": evidence_wanted.strip(), "timetable": timetable.strip(),
               "stage": Stage.SCOPED}
    return save_and_log(ReviewActivity, record=review, locked=locked, by=by, action="scoped",
                        summary="Scope agreed", changes=changes)


@transaction.atomic
def start_gathering(*, review: Review, by) -> Review:
    locked = _locked(Review, review)
    _stage_is(locked, Stage.SCOPED, doing="start gathering evidence")
    return save_and_log(ReviewActivity, record=review, locked=locked, by=by,
                        action="gathering", summary="Started gathering evidence",
                        changes={"stage": Stage.GATHERING})


@transaction.atomic
def take_pack(*, review: Review, by) -> EvidencePack:
    """Freeze the evidence the scope asks for, as of now; tell the panel it is ready."""
    locked = _locked(Review, review)
    _stage_is(locked, Stage.GATHERING, Stage.FINDINGS, doing="take an evidence pack")
    content = build_pack(measure_codes=locked.measure_codes, by_area=locked.by_area)
    pack = EvidencePack.objects.create(review=locked, taken_by=by, content=content)
    year = content.get("year") or "no figures yet"
    ReviewActivity.objects.create(review=locked, by=by, action="pack",
                                  summary=f"Evidence pack taken ({year})")
    notify(users=panel_people(), subject=f"Evidence pack ready: {review.title}",
           message=f"The evidence pack for review {review.review_ref} ({review.title}) is ready "
           "to read.", url=f"/scrutiny/reviews/{review.review_ref}/packs/{pack.pk}/")
    return pack


def check_upload(upload) -> str:
    """The upload's file name, or ScrutinyError when its type or size is not allowed."""
    name = upload.name or ""
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in UPLOAD_TYPES:
        raise ScrutinyError("The file must be a PDF, a picture (PNG or JPEG) or an office "
                            "document (Word, Excel, PowerPoint or OpenDocument)")
    if upload.size > UPLOAD_LIMIT:
        raise ScrutinyError("The file must be smaller than 10 MB")
    start = upload.read(8)
    upload.seek(0)
    if not any(start.startswith(magic) for magic in UPLOAD_TYPES[suffix]):
        raise ScrutinyError(f"The file is not a real {suffix[1:].upper()} file: save it "
                            "again from the program that made it")
    return re.sub(r"[^\w .()-]", "_", name)[-150:]


@transaction.atomic
def add_evidence(*, review: Review, by, kind: str, title: str, note: str = "",
                 upload=None) -> PanelEvidence:
    _stage_is(review, Stage.SCOPED, Stage.GATHERING, Stage.FINDINGS,
              doing="add the panel's own evidence")
    if not (title or "").strip():
        raise ScrutinyError("Give the evidence a title")
    file_name = check_upload(upload) if upload else ""
    evidence = PanelEvidence(review=review, kind=kind, title=title.strip(), note=note.strip(),
                             added_by=by, file_name=file_name)
    if upload:
        evidence.file.save(f"evidence-{review.review_ref}.bin", upload, save=False)
    evidence.save()
    ReviewActivity.objects.create(review=review, by=by, action="evidence",
                                  summary=f"Evidence added: {evidence.title}")
    return evidence


@transaction.atomic
def record_findings(*, review: Review, by, findings: str) -> Review:
    locked = _locked(Review, review)
    _stage_is(locked, Stage.GATHERING, Stage.FINDINGS, doing="write the findings")
    if not (findings or "").strip():
        raise ScrutinyError("Write the panel's findings")
    return save_and_log(ReviewActivity, record=review, locked=locked, by=by, action="findings",
                        summary="Findings written",
                        changes={"findings": findings.strip(), "stage": Stage.FINDINGS})


# --- recommendations --------------------------------------------------------------------


@transaction.atomic
def add_recommendation(*, review: Review, by, text: str, measures: str = "",
                       evidence: str = "", area: str = "", manager=None) -> Recommendation:
    _stage_is(review, Stage.FINDINGS, doing="add a recommendation")
    if not (text or "").strip():
        raise ScrutinyError("Write the recommendation")
    number = (review.recommendations.order_by("-number").values_list("number", flat=True)
              .first() or 0) + 1
    recommendation = Recommendation.objects.create(
        review=review, number=number, text=text.strip(), measures=check_measures(measures),
        evidence=evidence.strip(), area=area.strip(), manager=manager)
    log_opening(RecommendationActivity, record=recommendation, by=by, action="drafted",
                summary=f"Recommendation {number} drafted",
                fields=["text", "measures", "evidence", "area", "manager_id"])
    return recommendation


@transaction.atomic
def edit_recommendation(*, recommendation: Recommendation, by, **changes) -> Recommendation:
    locked = _locked(Recommendation, recommendation)
    if locked.is_sent:
        raise ScrutinyError("This recommendation has been sent to the landlord, so it is "
                            "kept as sent and cannot be changed")
    if "measures" in changes:
        changes["measures"] = check_measures(changes["measures"])
    return save_and_log(RecommendationActivity, record=recommendation, locked=locked, by=by,
                        action="edited", summary="Recommendation changed", changes=changes)


def response_due(sent_on: date) -> date:
    days = ScrutinySettings.current().response_working_days
    return england_calendar().add_working_days(sent_on, days)


@transaction.atomic
def send_recommendations(*, review: Review, by, sent_on: date | None = None) -> Review:
    """Send every recommendation to the landlord: its text is kept as sent and the response
    is due the set number of working days later (bank holidays and closures not counted)."""
    locked = _locked(Review, review)
    _stage_is(locked, Stage.FINDINGS, doing="send the recommendations")
    drafts = list(locked.recommendations.select_for_update().filter(sent_on__isnull=True))
    if not drafts:
        raise ScrutinyError("Add at least one recommendation before sending them")
    missing = [str(r.number) for r in drafts if r.manager_id is None]
    if missing:
        raise ScrutinyError("Choose the service manager who answers recommendation "
                            + ", ".join(missing))
    sent_on = sent_on or timezone.localdate()
    due = response_due(sent_on)
    for recommendation in drafts:
        save_and_log(RecommendationActivity, record=recommendation, locked=recommendation,
                     by=by, action="sent",
                     summary=f"Sent to the landlord; the response is due by {due:%-d %B %Y}",
                     changes={"sent_text": recommendation.text, "sent_on": sent_on,
                              "response_due_on": due})
        notify(users=[recommendation.manager],
               subject=f"A scrutiny recommendation to answer by {due:%-d %B %Y}",
               message=f"Review {locked.review_ref} ({locked.title}), recommendation "
               f"{recommendation.number}: {recommendation.text}",
               url=f"/scrutiny/recommendations/{recommendation.pk}/respond/")
    return save_and_log(ReviewActivity, record=review, locked=locked, by=by, action="sent",
                        summary=f"{len(drafts)} recommendation(s) sent to the landlord",
                        changes={"stage": Stage.AWAITING})


@transaction.atomic
def respond(*, recommendation: Recommendation, by, decision: str, reasons: str,
            action_title: str = "", action_due_on: date | None = None,
            responded_on: date | None = None) -> Recommendation:
    """The landlord's answer. An accepted (or accepted in part) recommendation creates an
    improvement action, linked back to it."""
    locked = _locked(Recommendation, recommendation)
    if not locked.is_sent:
        raise ScrutinyError("This recommendation has not been sent to the landlord yet")
    if locked.decision:
        raise ScrutinyError("This recommendation has already been answered")
    if decision not in Decision.values:
        raise ScrutinyError("Choose whether the recommendation is accepted")
    reasons = (reasons or "").strip()
    if not reasons:
        raise ScrutinyError("Give the reasons for the answer: the panel and the board read them")
    responded_on = responded_on or timezone.localdate()
    save_and_log(RecommendationActivity, record=recommendation, locked=locked, by=by,
                 action="answered", summary=f"Answered: {Decision(decision).label}",
                 changes={"decision": decision, "reasons": reasons,
                          "responded_on": responded_on, "responded_by": by})
    review = locked.review
    if decision in ACCEPTING:
        codes = locked.measures.split()
        action = create_action(
            by=by, title=(action_title or locked.sent_text)[:200],
            what_will_change=reasons, why=f"Scrutiny review {review.review_ref}: "
            f"{review.title}. Recommendation {locked.number}: {locked.sent_text}",
            source=f"Scrutiny panel review {review.review_ref}, recommendation {locked.number}",
            summary_for_residents=f"In answer to the scrutiny panel's review of "
            f"{review.title.lower()}: {reasons}",
            measure_code=codes[0] if codes else "", area=locked.area,
            **({"due_on": action_due_on} if action_due_on else {}))
        recommendation.actions.add(action)
        RecommendationActivity.objects.create(
            recommendation=locked, by=by, action="action",
            summary=f"Improvement action {action.action_ref} created")
    notify(users=panel_people(), subject=f"The landlord has answered recommendation "
           f"{locked.number} of {review.review_ref}",
           message=f"{Decision(decision).label}: {reasons}",
           url=f"/scrutiny/recommendations/{locked.pk}/")
    if not review.recommendations.filter(decision="").exists():
        locked_review = _locked(Review, review)
        if locked_review.stage == Stage.AWAITING:
            save_and_log(ReviewActivity, record=review, locked=locked_review, by=by,
                         action="monitoring", summary="Every recommendation answered: "
                         "the panel now monitors the actions", changes={"stage": Stage.MONITORING})
    return recommendation


@transaction.atomic
def close_review(*, review: Review, by, impact_view: str) -> Review:
    locked = _locked(Review, review)
    _stage_is(locked, Stage.MONITORING, doing="close the review")
    if not (impact_view or "").strip():
        raise ScrutinyError("Record the panel's view of what the review changed")
    return save_and_log(ReviewActivity, record=review, locked=locked, by=by, action="closed",
                        summary="Review closed with the panel's view of its impact",
                        changes={"impact_view": impact_view.strip(), "stage": Stage.CLOSED})


def overdue_responses(*, recommendations, today: date | None = None) -> list[Recommendation]:
    today = today or timezone.localdate()
    return list(recommendations.filter(sent_on__isnull=False, decision="",
                                       response_due_on__lt=today)
                .select_related("review", "manager").order_by("response_due_on"))


# --- residents' requests (the public form) ----------------------------------------------

REQUESTS_PER_HOUR = 5


def too_many_requests(*, client_key: str) -> bool:
    since = timezone.now() - timedelta(hours=1)
    return ResidentRequest.objects.filter(client_key=client_key,
                                          received_at__gte=since).count() >= REQUESTS_PER_HOUR


@transaction.atomic
def receive_resident_request(*, name: str, contact: str, subject: str, association: str = "",
                             supporter_refs: str = "", client_key: str = "") -> ResidentRequest:
    """Check the supporters' household references against the homes (each home once) and
    open a review when a recognised association asks or enough households support it."""
    refs = {ref.strip() for ref in re.split(r"[\s,;]+", supporter_refs or "") if ref.strip()}
    asked = refs | {ref.upper() for ref in refs}
    homes = set(Home.objects.filter(home_ref__in=asked).values_list("pk", flat=True))
    needed = ScrutinySettings.current().supporters_needed
    meets = bool(association.strip()) or len(homes) >= needed
    request = ResidentRequest.objects.create(
        name=name.strip(), contact=contact.strip(), subject=subject.strip(),
        association=association.strip(), supporter_refs="\n".join(sorted(refs)),
        supporters_found=len(homes), meets_threshold=meets, client_key=client_key)
    if meets:
        kind = RequestedBy.ASSOCIATION if association.strip() else RequestedBy.RESIDENTS
        request.review = request_review(by=None, title=subject.strip()[:200], requested_by=kind,
                                        why=f"Asked for by residents ({RequestedBy(kind).label})")
        request.save(update_fields=["review"])
        notify(users=panel_people(), subject="Residents have asked for a review",
               message=f"Review {request.review.review_ref}: {request.review.title}",
               url=f"/scrutiny/reviews/{request.review.review_ref}/")
    return request


# --- reminders (the ``scrutiny_reminders`` command, run daily) ----------------------------

DUE_SOON_WORKING_DAYS = 5


def _told(user, subject: str) -> bool:
    return Notification.objects.filter(user=user, subject=subject).exists()


def send_reminders(*, today: date | None = None) -> int:
    """Tell each manager of an answer due within 5 working days or late, and the panel of a
    recommendation's action that is done. Each is sent once (the listed notification is the
    record that it was sent), so the command can run every day. Returns the number sent."""
    from doorstep.actions.models import ActionStatus

    today = today or timezone.localdate()
    calendar = england_calendar()
    soon = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
    sent = 0
    waiting = (Recommendation.objects.filter(sent_on__isnull=False, decision="",
                                             manager__isnull=False)
               .select_related("review", "manager"))
    for recommendation in waiting:
        due = recommendation.response_due_on
        if due is None or due > soon:
            continue
        late = due < today
        subject = (f"{'Late' if late else 'Due soon'}: answer to recommendation "
                   f"{recommendation.number} of {recommendation.review.review_ref}, due "
                   f"{due:%-d %B %Y}")
        if not _told(recommendation.manager, subject):
            notify(users=[recommendation.manager], subject=subject,
                   message=recommendation.sent_text,
                   url=f"/scrutiny/recommendations/{recommendation.pk}/respond/")
            sent += 1
    people = panel_people()
    done = (Recommendation.objects.filter(actions__status=ActionStatus.DONE)
            .select_related("review").prefetch_related("actions").distinct())
    for recommendation in done:
        for action in recommendation.actions.all():
            if action.status != ActionStatus.DONE:
                continue
            subject = (f"Action {action.action_ref} is done: recommendation "
                       f"{recommendation.number} of {recommendation.review.review_ref}")
            untold = [person for person in people if not _told(person, subject)]
            if untold:
                notify(users=untold, subject=subject,
                       message=action.summary_for_residents or action.title,
                       url=f"/scrutiny/recommendations/{recommendation.pk}/")
                sent += len(untold)
    return sent
