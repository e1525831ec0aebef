"""The change record: who changed what, when, and each field before and after, for every
record a person can change in Doorstep, readable by an administrator (Django admin, "Log
entries") and kept when the record is deleted. Built on django-auditlog.

There is one record of change per kind of record, never two:

* Casework (complaints, hazard cases, actions, published years) already logs every change
  in its own activity log (``doorstep.core.activity``), shown on the case's page with the
  words the service used. Those changes are not logged again here; only a casework
  record's *deletion* is, with its last values and its activity history, because the
  activity log goes with the record it belongs to.
* Everything else a person can change (targets, conventions, users and roles, survey
  design, weights, corrections, translations...) is logged here by django-auditlog, which
  reads the person from the request (``AuditlogMiddleware``).

To record a new kind of record, add one line to ``RECORDED`` (or to ``CASEWORK`` when it
has an activity log of its own). ``tests/test_security_audit.py`` fails for a model in
neither list nor in ``NOT_RECORDED``, and says which line to add.
"""

from django.apps import apps
from django.db.models.signals import pre_delete

from doorstep.core.activity import as_logged

# "app_label.Model": options for auditlog's register (fields to leave out or mask).
RECORDED: dict[str, dict] = {
    # Users and roles
    "auth.User": {"exclude_fields": ["last_login"], "mask_fields": ["password"]},
    "auth.Group": {},
    "accounts.Profile": {},
    # Targets and conventions
    "measures.Target": {},
    "measures.ConventionChoice": {},
    "core.ClosureDay": {},
    # Survey design, sample, weights, the summary of approach, translations
    "surveys.Survey": {},
    "surveys.LandlordQuestion": {},
    "surveys.SampleExclusion": {},
    "surveys.WeightingRun": {},
    "surveys.ApproachNotes": {},
    "resident.TranslationConfirmation": {},
    "involvement.SocialValue": {},
    # Residents' voice: corrections and the theme framework
    "voice.Correction": {},
    "voice.ThemeFramework": {},
    "voice.Theme": {},
    "voice.LearnedPhrase": {},
    # Complaint handling's settings and the annual report's parts people write
    "complaints.ComplaintTeam": {},
    "complaints.RootCause": {},
    "complaints.ComplaintCategory": {},
    "complaints.SelfAssessment": {},
    "complaints.GoverningBodyResponse": {},
    "complaints.PublicPages": {},
    "complaints.ApprovedQuote": {},
    # Benchmarking choices
    "benchmarks.PeerGroup": {},
    # Actions' parts without an activity log of their own
    "actions.Milestone": {},
    "actions.RemeasureWindows": {},
    # API tokens: made and revoked by their person (only a hash is kept; last use not logged)
    "api.ApiToken": {"exclude_fields": ["last_used_at"], "mask_fields": ["key_hash"]},
    # Scrutiny: panels, members and the evidence they use (reviews have their own log)
    "scrutiny.ScrutinySettings": {},
    "scrutiny.Panel": {},
    "scrutiny.Membership": {},
    "scrutiny.EvidencePack": {},
    "scrutiny.PanelEvidence": {},
    "scrutiny.CodeReviewComment": {},
}

# Records with an activity log of their own (core.activity): deletions recorded here.
CASEWORK: dict[str, str] = {
    # "app_label.Model": the related name of its activity log
    "complaints.Complaint": "activity",
    "hazards.HazardCase": "activity",
    "actions.Action": "activity",
    "publishing.PublishedYear": "activity",
    "involvement.Activity": "log",
    "scrutiny.Review": "activity",
    "scrutiny.Recommendation": "activity",
    "scrutiny.Meeting": "activity",
}

# Not recorded here, and why: imported or computed data (an import's own ImportRun says
# who loaded what), logs themselves, and what residents send.
NOT_RECORDED: dict[str, str] = {
    "auth.Permission": "Django's own list, changed by migrations only",
    "stock.Building": "imported from the housing management system",
    "stock.Home": "imported from the housing management system",
    "stock.StockConditionAssessment": "imported",
    "stock.SafetyRequirement": "imported",
    "stock.SafetyCheck": "imported",
    "repairs.Repair": "imported",
    "asb.AsbCase": "imported",
    "complaints.ComplaintActivity": "an activity log itself",
    "complaints.CodeSection": "the Ombudsman's Code, loaded as data",
    "hazards.Hazard": "the 29 HHSRS hazards, loaded as data",
    "hazards.HazardActivity": "an activity log itself",
    "actions.ActionActivity": "an activity log itself",
    "actions.Measurement": "computed from the measures",
    "publishing.PublishedVersion": "frozen once written; the published year's log says who",
    "publishing.PublishedMeasure": "frozen once written",
    "publishing.PublishingActivity": "an activity log itself",
    "surveys.SurveyResponse": "a resident's answers: imported or entered (fieldwork.EntryLog)",
    "surveys.Comment": "a resident's words",
    "surveys.HouseholdProfile": "imported",
    "surveys.SampledHousehold": "drawn by the sampler; the survey's record shows the draw",
    "surveys.ResponseDeletion": "a log of deletions itself",
    "resident.Invitation": "survey links, issued in bulk",
    "involvement.ActivityLog": "an activity log itself",
    "involvement.SocialValueLog": "an activity log itself (the value's before and after)",
    "involvement.ConsentLog": "a log of consent withdrawn itself (no profile values kept)",
    "involvement.Participant": "imported or entered; the activity's log says who added it",
    "involvement.Feedback": "what residents send",
    "involvement.FeedbackLink": "feedback links, issued in bulk",
    "involvement.CaseStudy": "a resident's words; the activity's log says who added it",
    "fieldwork.EntryLog": "a log itself",
    "fieldwork.InterviewerNote": "an interviewer's note on a call",
    "imports.ImportRun": "the record of an import itself",
    "benchmarks.Release": "the regulator's published data",
    "benchmarks.PeerLandlord": "the regulator's published data",
    "benchmarks.PeerSurvey": "the regulator's published data",
    "benchmarks.PublishedFigure": "the regulator's published data",
    "voice.CodedComment": "coded by the coder; people's changes are voice.Correction",
    "voice.ThemeMention": "coded by the coder; people's changes are voice.Correction",
    "voice.HazardFlag": "raised by the coder; who followed it up, when and what they did "
                        "is kept on the flag itself",
    "ops.Job": "background work's own record",
    "django_tasks_database.DBTaskResult": "background work's own record",
    "auditlog.LogEntry": "the change record itself",
    "axes.AccessAttempt": "sign-in attempts: their own record",
    "api.RateWindow": "the API's request counts for its rate limit",
    "scrutiny.ReviewActivity": "an activity log itself",
    "scrutiny.MeetingActivity": "an activity log itself",
    "scrutiny.MeetingPaper": "an upload; the meeting's log says who added it",
    "scrutiny.RecommendationActivity": "an activity log itself",
    "scrutiny.Notification": "a message to a person, made by Doorstep",
    "scrutiny.ResidentRequest": "what residents send",
    "axes.AccessLog": "sign-in attempts: their own record",
    "axes.AccessFailureLog": "sign-in attempts: their own record",
    "axes.AccessAttemptExpiration": "sign-in attempts: their own record",
}


def register_all() -> None:
    """Register every recorded model with auditlog (from AccountsConfig.ready)."""
    from auditlog.registry import auditlog

    for label, options in RECORDED.items():
        model = _model(label)
        if model is not None and not auditlog.contains(model):
            auditlog.register(model, **options)
    for label in CASEWORK:
        model = _model(label)
        if model is not None:
            pre_delete.connect(record_casework_deletion, sender=model,
                               dispatch_uid=f"audit-deletion-{label}")  # fmt: skip


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        # An app listed here but not installed (one being added): nothing to record yet.
        return None


def record_casework_deletion(sender, instance, **kwargs) -> None:
    """Keep a casework record's last values and its activity history when it is deleted."""
    from auditlog.models import LogEntry  # the person comes from AuditlogMiddleware

    changes = {field.attname: [as_logged(getattr(instance, field.attname)), None]
               for field in instance._meta.concrete_fields}  # fmt: skip
    related = CASEWORK.get(instance._meta.label)
    history = []
    if related and hasattr(instance, related):
        history = [
            {"at": as_logged(entry.at), "by": str(entry.by) if entry.by_id else None,
             "action": entry.action, "summary": entry.summary, "changes": entry.changes}
            for entry in getattr(instance, related).all()
        ]  # fmt: skip
    LogEntry.objects.log_create(instance, force_log=True, action=LogEntry.Action.DELETE,
                                changes=changes,
                                additional_data={"activity_log": history})  # fmt: skip
