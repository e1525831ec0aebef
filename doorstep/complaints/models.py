"""Complaints: one record per complaint, carrying both stages of the Complaint Handling Code.

A complaint imported from the HMS and one worked in Doorstep are the same record, matched by
``complaint_ref``. Casework changes go through ``doorstep.complaints.services`` (one function
per transition), which writes a ``ComplaintActivity`` row for every change; an import that
would overwrite a field the activity log says Doorstep changed is refused (see importers.py).
"""

from django.conf import settings
from django.db import models

from doorstep.core.activity import ActivityEntry
from doorstep.core.labels import label
from doorstep.core.periods import PeriodError, ReportingYear
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home, Tenure


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


class ComplaintChannel(models.TextChoices):
    TELEPHONE = "telephone", "Telephone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    ONLINE = "online", "Online form"
    FACE_TO_FACE = "face_to_face", "Face to face"
    SOCIAL_MEDIA = "social_media", "Social media"
    REPRESENTATIVE = "representative", "Through a representative or third party"
    OTHER = "other", "Other"


class ComplaintTeam(models.Model):
    """A team that owns a queue of complaints (for example, "Customer resolution North")."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class RootCause(models.Model):
    """Why a complaint happened, from a short list an administrator extends in the admin.

    The defaults come from a data migration. ``theme_code`` names the residents' voice theme
    the cause belongs to, so that "you said, we did" counts complaints beside comments.
    """

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True,
                                   help_text="When to choose it, for complaints staff")
    theme_code = models.SlugField(
        max_length=40, blank=True,
        help_text="The voice theme it belongs to (e.g. repair_time), for \"you said, we did\"",
    )
    position = models.PositiveSmallIntegerField(default=0)
    in_use = models.BooleanField(default=True, help_text="Offered on the casework form")

    class Meta:
        ordering = ["position", "label"]

    def __str__(self):
        return self.label


class ComplaintCategory(models.Model):
    """What a complaint is about, from a fixed list an administrator extends in the admin.

    The defaults (after the Housing Ombudsman's categories) come from a data migration. A
    complaint keeps the ``code`` in ``Complaint.category`` so that reports and imports that
    count by category go on working when a label is reworded.
    """

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    in_use = models.BooleanField(default=True, help_text="Offered on the complaint form")

    class Meta:
        ordering = ["position", "label"]
        verbose_name_plural = "complaint categories"

    def __str__(self):
        return self.label


class Complaint(models.Model):
    complaint_ref = models.CharField("complaint reference", max_length=64, unique=True)
    home = models.ForeignKey(
        Home, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    # Kept on the complaint (from the home where there is one) because CH01 and CH02 are
    # reported by tenure and a complaint may come from someone whose home is not recorded.
    tenure = models.CharField(max_length=4, choices=Tenure.choices)
    received_on = models.DateField(help_text="The date the stage 1 complaint was received")
    stage1_acknowledged_on = models.DateField(null=True, blank=True)
    stage1_extension_days = models.PositiveSmallIntegerField(
        default=0, help_text="Working days of extension notified to the resident (0-10)"
    )
    stage1_responded_on = models.DateField(null=True, blank=True)
    stage1_outcome = models.CharField(max_length=14, choices=Outcome.choices, blank=True)
    escalated_on = models.DateField(
        null=True, blank=True, help_text="The date the stage 2 request was received"
    )
    stage2_acknowledged_on = models.DateField(null=True, blank=True)
    stage2_extension_days = models.PositiveSmallIntegerField(
        default=0, help_text="Working days of extension notified to the resident (0-20)"
    )
    stage2_responded_on = models.DateField(null=True, blank=True)
    stage2_outcome = models.CharField(max_length=14, choices=Outcome.choices, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    category = models.CharField(
        max_length=40, blank=True, help_text="What it is about: a ComplaintCategory code")
    # The free text recorded before there was a list, where it matched no category.
    category_note = models.CharField(max_length=200, blank=True)
    # A hazard case opened from this complaint (damp, mould or another hazard): the case page
    # reaches the complaint through ``case.complaint``, so the link is held in one place.
    hazard_case = models.OneToOneField(
        "hazards.HazardCase", null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaint",
    )
    description = models.TextField(blank=True)
    compensation_gbp = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # Casework. Blank on complaints that only ever came from an import.
    channel = models.CharField(
        max_length=14, choices=ComplaintChannel.choices, blank=True,
        help_text="How the resident made the complaint",
    )
    # A complaint about how a service request was handled points at that request: a repair
    # in Doorstep, or the reference of a request kept elsewhere.
    service_request_repair = models.ForeignKey(
        Repair, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints",
        verbose_name="repair complained about",
    )
    service_request_ref = models.CharField(
        "service request reference", max_length=64, blank=True,
        help_text="A service request not held in Doorstep (for example an ASB or rent case)",
    )
    team = models.ForeignKey(
        ComplaintTeam, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="complaints",
    )
    stage1_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="stage1_complaints",
    )
    stage1_extension_reason = models.TextField(blank=True)
    stage1_extension_notified_on = models.DateField(null=True, blank=True)
    escalation_reason = models.TextField(blank=True, help_text="Why the resident escalated")
    stage2_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="stage2_complaints",
        help_text="Must be someone other than the stage 1 handler",
    )
    stage2_extension_reason = models.TextField(blank=True)
    stage2_extension_notified_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    remedies = models.TextField(
        blank=True, help_text="What was done to put things right (apology, repair, ...)"
    )
    root_cause = models.ForeignKey(
        RootCause, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    learning = models.TextField(blank=True, help_text="What the landlord learned and changed")
    # What the Code asks the letters to say (complaints/letters.py): the acknowledgement sets
    # out our understanding and the outcomes sought; each response its reasons and by when.
    understanding = models.TextField(blank=True, help_text="Our understanding of the complaint")
    outcomes_sought = models.TextField(blank=True, help_text="What the resident wants to happen")
    stage1_reasons = models.TextField(blank=True, help_text="Why the stage 1 decision was made")
    stage2_reasons = models.TextField(blank=True, help_text="Why the stage 2 decision was made")
    remedy_due_on = models.DateField(null=True, blank=True,
                                     help_text="When what will be done will be done by")

    class Meta:
        indexes = [
            models.Index(fields=["received_on"]),
            models.Index(fields=["escalated_on"]),
        ]

    def __str__(self):
        return self.complaint_ref

    @property
    def category_label(self) -> str:
        """The category's label, or its code where the list no longer has it."""
        if not self.category:
            return ""
        found = ComplaintCategory.objects.filter(code=self.category).first()
        return found.label if found else label(self.category)

    @property
    def stage(self) -> int:
        """The stage the complaint is at: 2 once an escalation has been requested."""
        return 2 if self.escalated_on else 1

    @classmethod
    def import_conflicts(cls, changing: dict[str, dict]):
        """Imported values that would overwrite casework done in Doorstep.

        Called by the import framework with {complaint_ref: {field: imported value}} for the
        complaints a file would change. A field counts as casework when the complaint's
        activity log shows Doorstep changed it; an import may not silently change such a
        field to anything else (a blank included). Yields ``(ref, column, reason)``.
        """
        worked: dict[str, set[str]] = {}
        activity = ComplaintActivity.objects.values_list("complaint__complaint_ref", "changes")
        for ref, changes in activity.iterator(chunk_size=10_000):
            if ref in changing:
                worked.setdefault(ref, set()).update(changes)
        refs = sorted(worked)
        for start in range(0, len(refs), 500):
            chunk = refs[start : start + 500]
            for current in cls.objects.filter(complaint_ref__in=chunk).values():
                ref = current["complaint_ref"]
                for name in sorted(worked[ref] & changing[ref].keys()):
                    imported = changing[ref][name]
                    if name in KEPT_WHEN_BLANK and imported in (None, ""):
                        continue  # an HMS that keeps no learning leaves Doorstep's alone
                    if imported != current[name]:
                        yield _conflict(ref, name, doorstep=current[name], imported=imported)


# Learning is Doorstep's own record more often than the HMS's: a blank (or absent) learning
# or root_cause in an import file keeps what casework recorded (``keep_casework_learning``).
KEPT_WHEN_BLANK = ("learning", "root_cause_id")


def keep_casework_learning(plan) -> None:
    """After an import has written its rows (same transaction): put back the learning and
    root cause recorded in Doorstep on complaints the file left blank."""
    ids = [pk for pk, _ in plan.update]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        logged: dict[int, dict[str, str | None]] = {}
        entries = ComplaintActivity.objects.filter(complaint_id__in=chunk).order_by("at", "pk")
        for complaint_id, changes in entries.values_list("complaint_id", "changes"):
            for name in KEPT_WHEN_BLANK:
                if name in changes:
                    logged.setdefault(complaint_id, {})[name] = changes[name][1]
        if not logged:
            continue
        now = Complaint.objects.filter(pk__in=list(logged)).values_list(
            "pk", "learning", "root_cause_id")
        for pk, learning, root_cause_id in now:
            restore = {}
            if not learning and logged[pk].get("learning"):
                restore["learning"] = logged[pk]["learning"]
            if root_cause_id is None and logged[pk].get("root_cause_id"):
                restore["root_cause_id"] = int(logged[pk]["root_cause_id"])
            if restore:
                Complaint.objects.filter(pk=pk).update(**restore)


def _conflict(ref: str, name: str, *, doorstep, imported) -> tuple[str, str, str]:
    column = {"home_id": "home_ref", "root_cause_id": "root_cause"}.get(name, name)
    return (
        ref,
        column,
        f"complaint {ref} has been worked in Doorstep, where {column} is "
        f"{_shown(doorstep, name)}; this file has {_shown(imported, name)}. Nothing was "
        "overwritten: bring the file up to date with Doorstep, or leave this row out",
    )


def _shown(value, name: str) -> str:
    if value in (None, ""):
        return "blank"
    if name == "home_id":
        return "a different home"
    if name == "root_cause_id":
        cause = RootCause.objects.filter(pk=value).first()
        return repr(cause.label) if cause else "blank"
    if hasattr(value, "isoformat"):
        return f"{value:%d/%m/%Y}"
    return repr(str(value))


class ComplaintActivity(ActivityEntry):
    """One change to a complaint: who made it, when, what, and each field before and after."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="activity")

    subject = "complaint"

    class Meta(ActivityEntry.Meta):
        verbose_name_plural = "complaint activity"

    def __str__(self):
        return f"{self.complaint_id}: {self.summary[:60]}"


def _checked_year(label: str) -> str:
    try:
        return ReportingYear.parse(label).label
    except PeriodError as problem:
        from django.core.exceptions import ValidationError

        raise ValidationError(str(problem)) from None


class CodeSection(models.Model):
    """A section of the Housing Ombudsman's Complaint Handling Code (seeded by a migration)."""

    number = models.PositiveSmallIntegerField(unique=True)
    heading = models.CharField(max_length=200)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"Section {self.number}: {self.heading}"


class Compliance(models.TextChoices):
    YES = "yes", "Compliant"
    PARTLY = "partly", "Partly compliant"
    NO = "no", "Not compliant"


class SelfAssessment(models.Model):
    """The landlord's yearly self-assessment against one section of the Code."""

    year = models.CharField(max_length=7, help_text="The reporting year, e.g. 2025/26")
    section = models.ForeignKey(CodeSection, on_delete=models.PROTECT, related_name="assessments")
    compliant = models.CharField(max_length=6, choices=Compliance.choices)
    evidence = models.TextField(
        help_text="Evidence, and for anything short of compliant the actions and timescales"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "section__number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "section"], name="one_assessment_per_section")
        ]

    def __str__(self):
        return f"{self.year} {self.section}"

    def clean(self):
        self.year = _checked_year(self.year)


class GoverningBodyResponse(models.Model):
    """The governing body's response to a year's complaints report, published beside it."""

    year = models.CharField(max_length=7, unique=True, help_text="The reporting year, e.g. 2025/26")
    text = models.TextField()
    member = models.CharField(
        max_length=200, help_text="The member of the governing body responsible for complaints"
    )
    responded_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["year"]

    def __str__(self):
        return f"Governing body's response {self.year}"

    def clean(self):
        self.year = _checked_year(self.year)


class PublicPages(models.Model):
    """The administrator's switches for the pages anyone can read without signing in.

    One row (``PublicPages.current()``); with no row the documented defaults apply.
    """

    you_said_we_did = models.BooleanField(
        "show \"you said, we did\"", default=True,
        help_text="Off: /you-said-we-did/ answers \"page not found\" to everyone",
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "public pages"
        verbose_name_plural = "public pages"

    def __str__(self):
        return "Public pages"

    @classmethod
    def current(cls) -> "PublicPages":
        return cls.objects.order_by("pk").first() or cls()


class ApprovedQuote(models.Model):
    """A resident's comment staff approved for quoting in public, as redacted.

    Only the redacted text is kept and shown (it is redacted again when shown, in case the
    redaction rules have grown since); the comment's deletion removes the quote.
    """

    coded_comment = models.OneToOneField(
        "voice.CodedComment", on_delete=models.CASCADE, related_name="approved_quote"
    )
    theme_code = models.SlugField(max_length=40, help_text="The theme it is quoted under")
    text = models.TextField(help_text="The words quoted, with personal details removed")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme_code", "approved_at"]

    def __str__(self):
        return f"{self.theme_code}: {self.text[:60]}"
