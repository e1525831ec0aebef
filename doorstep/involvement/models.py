"""Resident involvement: activities, who took part, what they said and what it led to.

The household profile (age band, ethnicity, disability, language, digital access and the
consent it was given with) is ``surveys.HouseholdProfile``: the survey's representativeness
test and the reach of involvement read the same profile.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from doorstep.actions.models import Action
from doorstep.core.activity import ActivityEntry
from doorstep.stock.models import Home


class ActivityKind(models.TextChoices):
    PANEL = "panel", "Panel or committee"
    FOCUS_GROUP = "focus_group", "Focus group"
    CONSULTATION = "consultation", "Consultation"
    WALKABOUT = "walkabout", "Estate walkabout"
    INSPECTION = "inspection", "Resident inspection"
    MYSTERY_SHOPPING = "mystery_shopping", "Mystery shopping"
    COMMUNITY_EVENT = "community_event", "Community event"
    DIGITAL_PANEL = "digital_panel", "Digital panel"
    CO_DESIGN = "co_design", "Co-design session"


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    PHONE = "phone", "By phone"
    POST = "post", "By post"
    MIXED = "mixed", "In person and online"


class Support(models.TextChoices):
    """What was offered to make taking part possible (the barriers taken away)."""

    INTERPRETER = "interpreter", "Interpreter"
    TRANSLATED = "translated", "Translated papers"
    ACCESSIBLE_VENUE = "accessible_venue", "Accessible venue"
    CHILDCARE = "childcare", "Childcare"
    TRAVEL = "travel", "Travel paid or arranged"
    ONLINE_OFFLINE = "online_offline", "Online and offline options"
    VOUCHERS = "vouchers", "Vouchers"


SUPPORT_LABELS = dict(Support.choices)


class SocialValue(models.Model):
    """A value per outcome the landlord has chosen (from a social value bank or its own
    work), entered by an administrator. Doorstep ships none: a value is a landlord's claim."""

    outcome = models.CharField(max_length=200, unique=True,
                               help_text="e.g. Regular volunteering")
    pounds_per_unit = models.DecimalField(max_digits=10, decimal_places=2)
    unit = models.CharField(max_length=60, help_text="e.g. per participant per year")
    source = models.CharField(max_length=300, help_text="Where the value comes from")

    class Meta:
        ordering = ["outcome"]

    def __str__(self):
        return f"{self.outcome}: £{self.pounds_per_unit} {self.unit}"


class Activity(models.Model):
    activity_ref = models.CharField("activity reference", max_length=64, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    place = models.CharField(max_length=200, blank=True, help_text="Venue, estate or platform")
    area = models.CharField(max_length=100, blank=True, help_text="Blank: landlord-wide")
    service = models.CharField(max_length=200, blank=True, help_text="e.g. Repairs")
    measure_codes = models.CharField(
        max_length=200, blank=True, help_text="TSM codes it is about, separated by semicolons"
    )
    staff = models.CharField(max_length=300, blank=True, help_text="Staff who ran it")
    support_offered = models.CharField(
        max_length=200, blank=True,
        help_text="Codes of what was offered to make taking part possible, semicolon-separated",
    )
    cost = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    outcome = models.TextField(blank=True)
    actions = models.ManyToManyField(Action, blank=True, related_name="involvement_activities")
    # The scrutiny panel's recommendations the activity led to (doorstep.scrutiny): owned
    # here, so the scrutiny app knows nothing of involvement.
    recommendations = models.ManyToManyField(
        "scrutiny.Recommendation", blank=True, related_name="involvement_activities"
    )
    social_value = models.ForeignKey(
        SocialValue, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Optional: the outcome it achieved, valued from the landlord's own table",
    )
    social_value_units = models.DecimalField(max_digits=10, decimal_places=2, null=True,
                                             blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "activity_ref"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self):
        return f"{self.activity_ref}: {self.title}"

    @property
    def supports(self) -> list[str]:
        return [code for code in self.support_offered.split(";") if code]

    @property
    def support_labels(self) -> list[str]:
        return [SUPPORT_LABELS.get(code, code) for code in self.supports]

    @property
    def social_value_pounds(self):
        """Units achieved times the landlord's value per unit; None when not recorded."""
        if self.social_value is None or self.social_value_units is None:
            return None
        return self.social_value.pounds_per_unit * self.social_value_units

    @property
    def measures(self) -> list[str]:
        return [code for code in self.measure_codes.split(";") if code]


class Participant(models.Model):
    """A household that took part (linked to its home), or an anonymous resident who is not
    a tenant (no home): counted, never profiled."""

    participant_ref = models.CharField("participant reference", max_length=64, unique=True)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    home = models.ForeignKey(
        Home, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hours = models.DecimalField(max_digits=6, decimal_places=2, default=0)

    # A household listed twice in one activity is counted once (reach counts households).

    def __str__(self):
        return self.participant_ref


class ActivityLog(ActivityEntry):
    subject = "activity"
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="log")


class SocialValueLog(ActivityEntry):
    """Each value added to or changed in the landlord's table, before and after."""

    subject = "social_value"
    social_value = models.ForeignKey(SocialValue, on_delete=models.CASCADE, related_name="log")


class ConsentLog(ActivityEntry):
    """Consent given or withdrawn for a household profile. The profile's values are never
    logged: a withdrawal must not leave a copy behind."""

    subject = "home"
    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="+")


class Listened(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class Changed(models.TextChoices):
    YES = "yes", "Yes"
    NOT_YET = "not_yet", "Not yet"
    NO = "no", "No"
    DONT_KNOW = "dont_know", "I don't know"


class Again(models.TextChoices):
    YES = "yes", "Yes"
    MAYBE = "maybe", "Maybe"
    NO = "no", "No"


class FeedbackChannel(models.TextChoices):
    ONLINE = "online", "Online (single-use link)"
    PAPER = "paper", "Paper form"
    STAFF = "staff", "Told to staff"


class Feedback(models.Model):
    """What a participant said about an activity. Not linked to a household."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="feedback")
    channel = models.CharField(max_length=6, choices=FeedbackChannel.choices)
    listened = models.CharField("felt listened to", max_length=6, choices=Listened.choices)
    changed = models.CharField("something changed", max_length=9, choices=Changed.choices)
    again = models.CharField("would take part again", max_length=5, choices=Again.choices)
    language = models.CharField(max_length=8, blank=True)
    received_on = models.DateField(default=timezone.localdate)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self):
        return f"Feedback on {self.activity.activity_ref}"


class FeedbackLink(models.Model):
    """A single-use link to the feedback form. Only the token's SHA-256 is kept."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Feedback link for {self.activity.activity_ref}"


class CaseStudy(models.Model):
    """A resident's story, told with their consent. Panel and public read only the redacted
    version, and only once staff have approved it."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="case_studies")
    title = models.CharField(max_length=200)
    story = models.TextField(help_text="As the resident told it (staff only)")
    redacted_story = models.TextField(help_text="Names and details removed, for panel and public")
    consent_on = models.DateField(help_text="When the resident agreed to share their story")
    consent_source = models.CharField(max_length=100, help_text="How consent was recorded")
    approved = models.BooleanField(default=False, help_text="Redacted version checked by staff")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "case studies"

    def __str__(self):
        return self.title
