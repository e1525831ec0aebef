"""Tenant scrutiny: the panel, its reviews from request to impact, evidence packs, the
panel's own evidence, recommendations, the landlord's responses and notifications.

A review's stage, a recommendation and a response change only through
``doorstep.scrutiny.services``, which writes a ``ReviewActivity`` or
``RecommendationActivity`` row for every change (who, when, each field before and after).
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone

from doorstep.core.activity import ActivityEntry


class EvidenceStorage(FileSystemStorage):
    """The panel's uploads, kept under the data folder (never in static or media URLs: they
    are served only through the access-checked download view)."""

    @property
    def base_location(self):
        return str(Path(settings.DATA_DIR) / "scrutiny-evidence")

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self):
        return None


class ScrutinySettings(models.Model):
    """The administrator's settings (one row; ``current()`` makes it with the defaults)."""

    response_working_days = models.PositiveSmallIntegerField(
        "working days the landlord has to answer a recommendation", default=20)
    supporters_needed = models.PositiveSmallIntegerField(
        "households that must support a resident's request for a review", default=10)

    class Meta:
        verbose_name = "scrutiny settings"
        verbose_name_plural = "scrutiny settings"

    def __str__(self):
        return "Scrutiny settings"

    @classmethod
    def current(cls) -> "ScrutinySettings":
        return cls.objects.get_or_create(pk=1)[0]


class Panel(models.Model):
    name = models.CharField(max_length=200, default="Scrutiny panel")
    terms_of_reference = models.TextField(blank=True)

    def __str__(self):
        return self.name

    @classmethod
    def current(cls) -> "Panel":
        panel = cls.objects.order_by("pk").first()
        return panel or cls.objects.create()


class Membership(models.Model):
    """A tenant on the panel. ``left_on`` set: no longer a member, and no access."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="panel_memberships")
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)
    declarations = models.TextField(
        "declarations of interest", blank=True,
        help_text="For example: works for a contractor, a relative on the staff")

    class Meta:
        ordering = ["joined_on", "pk"]

    def __str__(self):
        return f"{self.user} on {self.panel}"


class Stage(models.TextChoices):
    REQUESTED = "requested", "Requested"
    SCOPED = "scoped", "Scoped"
    GATHERING = "gathering", "Gathering evidence"
    FINDINGS = "findings", "Findings"
    AWAITING = "awaiting", "Awaiting the landlord's response"
    MONITORING = "monitoring", "Monitoring"
    CLOSED = "closed", "Closed"


STAGE_ORDER = list(Stage.values)


class RequestedBy(models.TextChoices):
    PANEL = "panel", "The panel"
    ASSOCIATION = "association", "A recognised residents' association"
    RESIDENTS = "residents", "A tenant supported by other households"


class Review(models.Model):
    review_ref = models.CharField("review reference", max_length=16, unique=True)
    title = models.CharField(max_length=200)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.REQUESTED)
    requested_by = models.CharField(max_length=12, choices=RequestedBy.choices,
                                    default=RequestedBy.PANEL)
    why = models.TextField("why the review is wanted", blank=True)
    # The scope.
    question = models.TextField("the question the review answers", blank=True)
    service = models.CharField(max_length=200, blank=True)
    measures = models.CharField(
        max_length=300, blank=True, help_text="Measure codes, separated by spaces")
    by_area = models.BooleanField("break the figures down by area", default=False)
    evidence_wanted = models.TextField(blank=True)
    timetable = models.TextField(blank=True)
    findings = models.TextField(blank=True)
    impact_view = models.TextField("the panel's view of the review's impact", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.review_ref}: {self.title}"

    @property
    def measure_codes(self) -> list[str]:
        return [code for code in self.measures.upper().replace(",", " ").split() if code]


class EvidencePack(models.Model):
    """A frozen, dated snapshot of the evidence the scope asks for: ``content`` is written
    once, already protected (small groups hidden, comments redacted), and never recomputed."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="packs")
    taken_at = models.DateTimeField(default=timezone.now)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    content = models.JSONField(default=dict)

    class Meta:
        ordering = ["-taken_at", "-pk"]

    def __str__(self):
        return f"Evidence pack {self.pk} of {self.review_id}"


class EvidenceKind(models.TextChoices):
    NOTE = "note", "Notes"
    SITE_VISIT = "site_visit", "Site visit"
    MYSTERY_SHOPPING = "mystery_shopping", "Mystery shopping"
    OWN_SURVEY = "own_survey", "The panel's own survey"
    DOCUMENT = "document", "Document"


class PanelEvidence(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="own_evidence")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    title = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    file = models.FileField(upload_to="%Y/", blank=True, storage=EvidenceStorage())
    file_name = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self):
        return self.title


class Decision(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    IN_PART = "in_part", "Accepted in part"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


ACCEPTING = (Decision.ACCEPTED, Decision.IN_PART)


class Recommendation(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    measures = models.CharField(max_length=300, blank=True,
                                help_text="Measure codes it is about, separated by spaces")
    evidence = models.TextField("the evidence it rests on", blank=True)
    area = models.CharField(max_length=100, blank=True,
                            help_text="The area it is about; blank for the whole landlord")
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="recommendations")
    # Kept as sent: once sent the text above can no longer change.
    sent_text = models.TextField(blank=True)
    sent_on = models.DateField(null=True, blank=True)
    response_due_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=12, choices=Decision.choices, blank=True)
    reasons = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    # The link back from the improvement actions an accepted recommendation led to.
    actions = models.ManyToManyField("actions.Action", blank=True,
                                     related_name="recommendations")

    class Meta:
        ordering = ["review", "number"]
        constraints = [models.UniqueConstraint(fields=["review", "number"],
                                               name="one_number_per_recommendation")]

    def __str__(self):
        return f"{self.review.review_ref} recommendation {self.number}"

    @property
    def is_sent(self) -> bool:
        return self.sent_on is not None

    def is_overdue(self, *, today=None) -> bool:
        today = today or timezone.localdate()
        return (self.is_sent and not self.decision and self.response_due_on is not None
                and self.response_due_on < today)


class ResidentRequest(models.Model):
    """A request for a review from residents (the public form). The supporters' household
    references are kept for checking only and never shown to the panel."""

    name = models.CharField(max_length=200)
    contact = models.CharField(max_length=200)
    association = models.CharField(max_length=200, blank=True)
    subject = models.TextField()
    supporter_refs = models.TextField(blank=True)
    supporters_found = models.PositiveSmallIntegerField(default=0)
    meets_threshold = models.BooleanField(default=False)
    received_at = models.DateTimeField(default=timezone.now)
    client_key = models.CharField(max_length=64, blank=True)
    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="resident_requests")

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"Request for a review: {self.subject[:60]}"


class CodeReviewComment(models.Model):
    """The panel's comments on a year's Complaint Handling Code self-assessment and annual
    complaints report, shown in that report beside the governing body's response."""

    year = models.CharField(max_length=7, unique=True)
    comments = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"The panel's comments on complaint handling, {self.year}"


class Notification(models.Model):
    """Every notification is listed in the app as well as emailed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="scrutiny_notifications")
    subject = models.CharField(max_length=200)
    message = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return self.subject


class ReviewActivity(ActivityEntry):
    subject = "review"
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="activity")


class RecommendationActivity(ActivityEntry):
    subject = "recommendation"
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="activity")


class Meeting(models.Model):
    """A meeting of the panel: its agenda before, its papers, and its minutes after.
    Engagement officers keep them; members and the board read them."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("date of the meeting")
    starts_at = models.TimeField("start time", null=True, blank=True)
    place = models.CharField(max_length=200, blank=True,
                             help_text="For example: Community room, Elm Court, or online")
    agenda = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    minutes_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    minutes_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"Panel meeting on {self.held_on:%-d %B %Y}"


class MeetingPaper(models.Model):
    """A paper for a meeting: an upload with the same type and size rules as the panel's
    evidence, kept under the data folder and served only as a download."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="papers/%Y/", storage=EvidenceStorage())
    file_name = models.CharField(max_length=200)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self):
        return self.title


class MeetingActivity(ActivityEntry):
    subject = "meeting"
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="activity")
