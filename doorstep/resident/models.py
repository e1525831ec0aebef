"""The resident's side of a survey: single-use links, and which translations are confirmed."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from doorstep.stock.models import Home
from doorstep.surveys.models import Survey


class Invitation(models.Model):
    """A sampled household's link to answer a survey online.

    The link's token is never stored: only its SHA-256, so a copy of the database cannot be
    turned into working links. Answers are kept here as the resident goes, so the same link
    resumes where they stopped; they move to a SurveyResponse when the resident sends them.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    # The home is needed to record the response; staff screens show the household key.
    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="+")
    household_key = models.CharField(max_length=64, help_text="Pseudonymous household key")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True, help_text="When the answers were sent")
    language = models.CharField(
        max_length=8, blank=True, help_text="The language the resident chose (blank: not yet)"
    )
    answers = models.JSONField(
        default=dict, blank=True, help_text="Answers so far, by question code, until sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    trigger_ref = models.CharField(
        max_length=64, blank=True,
        help_text="The repair, complaint or ASB case a transactional survey asks about",
    )

    class Meta:
        indexes = [models.Index(fields=["survey", "household_key"])]

    def __str__(self):
        return f"Link for household {self.household_key[:8]}… in {self.survey}"


class TranslationConfirmation(models.Model):
    """A qualified translator's check of one TSM question in one language, recorded by an
    administrator. It holds the text confirmed: when the catalogue's text changes, the
    question needs confirming again."""

    language = models.CharField(max_length=8)
    question = models.CharField(max_length=20, help_text="TSM question code, e.g. TP01")
    text = models.TextField(help_text="The wording and answers as confirmed")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by_name = models.CharField(
        max_length=150, help_text="Kept if the staff account is later removed"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "question"], name="one_confirmation")
        ]

    def __str__(self):
        return f"{self.question} in {self.language}, confirmed by {self.confirmed_by_name}"
