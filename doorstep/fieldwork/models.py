"""What fieldwork adds to the survey core: a log of every response entered by staff or read
from an SMS replies file, and interviewers' notes.

The answers themselves are ``SurveyResponse`` rows, recorded by the survey core's
``record_response`` like those of every other channel.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from doorstep.surveys.models import Channel, SurveyResponse


class EntrySource(models.TextChoices):
    STAFF = "staff", "Entered by staff"
    SMS_FILE = "sms_file", "Read from the SMS provider's replies file"


class EntryLog(models.Model):
    """Who entered a response, when and by which channel. Kept when the response is deleted
    at the resident's request (it holds no answers), so the trail stays complete."""

    survey = models.CharField(max_length=100)
    response_ref = models.CharField(max_length=64)
    channel = models.CharField(max_length=12, choices=Channel.choices)
    source = models.CharField(max_length=8, choices=EntrySource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_by_name = models.CharField(
        max_length=150, help_text="Kept if the staff account is later removed"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-entered_at", "-pk"]
        indexes = [models.Index(fields=["survey", "entered_at"])]

    def __str__(self):
        return f"{self.response_ref} entered by {self.entered_by_name}"


class InterviewerNote(models.Model):
    """What the interviewer noted, such as a volunteered "don't know". It goes with the
    response when a resident asks for their response to be deleted."""

    response = models.OneToOneField(
        SurveyResponse, on_delete=models.CASCADE, related_name="interviewer_note"
    )
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    written_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Interviewer's note on {self.response}"
