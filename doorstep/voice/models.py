"""Residents' voice: the theme framework, coded comments, hazard flags and staff corrections.

Comments themselves stay where they were written (survey comments, complaint, repair and
ASB descriptions); a ``CodedComment`` points at its source and keeps what the coder and
staff made of it. Comments are qualitative: they are counted and shown beside measures,
never blended into a TSM figure.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from doorstep.asb.models import AsbCase
from doorstep.complaints.models import Complaint
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment
from doorstep.voice.framework import (
    HHSRS_HAZARDS,
    SAFEGUARDING,
    SAFEGUARDING_KINDS,
    flag_label,
    group_of,
)


class Sentiment(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"


class Source(models.TextChoices):
    SURVEY = "survey", "Survey comment"
    COMPLAINT = "complaint", "Complaint description"
    REPAIR = "repair", "Repair job description (written by staff or a contractor)"
    ASB = "asb", "ASB case description"


# Words residents wrote or said: what "what residents said" counts and lists. A repair job's
# description is written by the call handler or the contractor, so it is not residents' voice;
# it is still coded, for the safeguarding flags and hazard checks it may raise.
RESIDENTS_VOICE = (Source.SURVEY, Source.COMPLAINT, Source.ASB)


# A flag's kind: one of the 29 HHSRS hazards (the shared list the hazards app reads too) or
# safeguarding, with a sub-kind saying what the concern is.
HAZARD_KIND_CHOICES = [
    *((hazard.code, hazard.name) for hazard in HHSRS_HAZARDS),
    (SAFEGUARDING, "Safeguarding: a resident at risk"),
]
SAFEGUARDING_KIND_CHOICES = list(SAFEGUARDING_KINDS.items())


class ThemeFramework(models.Model):
    """One version of the theme framework. Exactly one version is active at a time."""

    name = models.CharField(max_length=100)
    version = models.PositiveIntegerField(unique=True)
    is_active = models.BooleanField(default=False)
    notes = models.TextField(blank=True, help_text="What changed in this version and why")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_framework"
            )
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"


class Theme(models.Model):
    framework = models.ForeignKey(ThemeFramework, on_delete=models.CASCADE, related_name="themes")
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=100)
    description = models.TextField()
    example_phrases = models.TextField(blank=True, help_text="One example per line")
    related_measures = models.CharField(
        max_length=200, blank=True, help_text="Measure codes, comma separated (e.g. TP02, TP03)"
    )
    phrases = models.TextField(
        blank=True,
        help_text="Coder phrases, one per line. word* matches the start of a word, _ any one "
        "word; ~phrase is cancelled by a 'not' before it; -phrase stops the theme matching "
        "there.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="theme_code_per_framework")
        ]

    def __str__(self):
        return self.label

    @property
    def measure_codes(self) -> list[str]:
        return [code.strip() for code in self.related_measures.split(",") if code.strip()]


class CodedComment(models.Model):
    """A resident's comment as coded: themes, sentiment, hazards and the redacted text."""

    source = models.CharField(max_length=10, choices=Source.choices)
    survey_comment = models.OneToOneField(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="coding"
    )
    complaint = models.OneToOneField(
        Complaint, null=True, blank=True, on_delete=models.CASCADE, related_name="coding"
    )
    repair = models.OneToOneField(
        Repair, null=True, blank=True, on_delete=models.CASCADE, related_name="coding"
    )
    asb_case = models.OneToOneField(
        AsbCase, null=True, blank=True, on_delete=models.CASCADE, related_name="coding"
    )
    home = models.ForeignKey(
        Home, null=True, blank=True, on_delete=models.SET_NULL, related_name="coded_comments"
    )
    question = models.CharField(max_length=4, blank=True, help_text="Survey question, if any")
    received_on = models.DateField(null=True, blank=True)
    text = models.TextField(help_text="As written: staff only")
    redacted_text = models.TextField(help_text="Personal data removed: safe outside staff")
    sentiment = models.CharField(max_length=8, choices=Sentiment.choices)
    sentiment_score = models.FloatField(default=0)
    sentiment_corrected = models.BooleanField(default=False)
    themes_corrected = models.BooleanField(default=False)
    framework = models.ForeignKey(ThemeFramework, null=True, blank=True, on_delete=models.SET_NULL)
    coder = models.CharField(max_length=20, default="rules")
    coded_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["source", "received_on"])]

    def __str__(self):
        return self.redacted_text[:60]


class ThemeMention(models.Model):
    coded_comment = models.ForeignKey(
        CodedComment, on_delete=models.CASCADE, related_name="mentions"
    )
    theme_code = models.SlugField(max_length=40)
    sentiment = models.CharField(max_length=8, choices=Sentiment.choices)
    matched_words = models.CharField(
        max_length=500, blank=True, help_text="The words that made the coder choose this theme"
    )
    by_staff = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["theme_code", "sentiment"])]
        constraints = [
            models.UniqueConstraint(
                fields=["coded_comment", "theme_code"], name="one_mention_per_theme"
            )
        ]

    def __str__(self):
        return f"{self.theme_code} ({self.sentiment})"


class HazardFlag(models.Model):
    """A comment that suggests a hazard or a resident at risk: staff follow up in one working
    day. Never shown to panels or the public.

    ``kind`` is an HHSRS hazard code (``doorstep/hazards/data/hhsrs_hazards.csv``) or
    ``safeguarding``; a safeguarding flag says what the concern is in ``sub_kind``.
    ``matched_words`` are the resident's words that raised it: the flag's "why"."""

    coded_comment = models.ForeignKey(
        CodedComment, on_delete=models.CASCADE, related_name="hazard_flags"
    )
    kind = models.CharField(max_length=40, choices=HAZARD_KIND_CHOICES)
    sub_kind = models.CharField(
        max_length=30,
        blank=True,
        choices=SAFEGUARDING_KIND_CHOICES,
        help_text="Safeguarding flags only: what the concern is",
    )
    matched_words = models.CharField(max_length=500, blank=True)
    flagged_on = models.DateField(help_text="The day the comment reached the landlord")
    follow_up_by = models.DateField(help_text="One working day after the comment reached the "
                                    "landlord")
    historical = models.BooleanField(
        default=False,
        help_text="The comment reached the landlord before the flag rules looked at it (older "
        "than the look-back window when first coded): listed for review, not in today's queue",
    )
    joined_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="joined",
        help_text="The open flag for the same home and hazard this comment was added to: one "
        "flag per household per hazard, not one per comment",
    )
    followed_up_at = models.DateTimeField(null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    follow_up_note = models.TextField(blank=True, help_text="What was done")
    hazard_case_ref = models.CharField(
        max_length=64, blank=True, help_text="The hazard case opened for it, if any"
    )

    class Meta:
        indexes = [models.Index(fields=["follow_up_by"]),
                   models.Index(fields=["historical", "followed_up_at", "follow_up_by"])]
        constraints = [
            models.UniqueConstraint(
                fields=["coded_comment", "kind", "sub_kind"], name="one_flag_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.label} – follow up by {self.follow_up_by}"

    @property
    def label(self) -> str:
        """The hazard's name, or "Safeguarding: " and what the concern is."""
        return flag_label(self.kind, self.sub_kind)

    @property
    def group(self) -> str:
        """physiological, psychological, infection, accidents or safeguarding."""
        return group_of(self.kind) if self.kind in dict(HAZARD_KIND_CHOICES) else ""

    @property
    def is_safeguarding(self) -> bool:
        return self.kind == SAFEGUARDING


class Correction(models.Model):
    """A member of staff changing what the coder said. Never overwritten by re-coding."""

    class Field(models.TextChoices):
        THEMES = "themes", "Themes"
        SENTIMENT = "sentiment", "Sentiment"

    coded_comment = models.ForeignKey(
        CodedComment, on_delete=models.CASCADE, related_name="corrections"
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    corrected_at = models.DateTimeField(auto_now_add=True)
    field = models.CharField(max_length=10, choices=Field.choices)
    before = models.CharField(max_length=500, blank=True)
    after = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-corrected_at"]

    def __str__(self):
        return f"{self.field}: {self.before} → {self.after}"


class LearnedPhrase(models.Model):
    """A phrase the coder now uses for a theme, learned from staff corrections."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="learned_phrases")
    phrase = models.CharField(max_length=200)
    correction = models.ForeignKey(
        Correction,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="The correction it came from, when staff gave the phrase themselves",
    )
    comments_seen = models.PositiveIntegerField(default=1)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["theme", "phrase"], name="learned_phrase_once")
        ]

    def __str__(self):
        return f"{self.theme.code}: {self.phrase}"
