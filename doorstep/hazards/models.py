"""Hazard cases under Awaab's Law: emergency hazards and significant damp and mould.

A case is opened from a report, a repair (for example one in category ``damp_mould``) or a
resident's comment flagged as describing a hazard. Its clocks (``doorstep.hazards.clocks``)
run from the moment the landlord became aware. Every change goes through
``doorstep.hazards.services``, which writes a ``HazardActivity`` row.
"""

from django.conf import settings
from django.db import models

from doorstep.core.activity import ActivityEntry
from doorstep.repairs.models import Repair
from doorstep.stock.models import Home
from doorstep.surveys.models import Comment


class HazardKind(models.TextChoices):
    EMERGENCY = "emergency", "Emergency hazard"
    DAMP_MOULD = "damp_mould", "Significant damp and mould"


class HazardSource(models.TextChoices):
    REPORT = "report", "Reported (by the resident, staff or someone else)"
    REPAIR = "repair", "A repair"
    COMMENT = "comment", "A resident's comment"


class HazardCase(models.Model):
    hazard_ref = models.CharField("hazard reference", max_length=64, unique=True)
    kind = models.CharField(max_length=10, choices=HazardKind.choices)
    source = models.CharField(max_length=7, choices=HazardSource.choices)
    home = models.ForeignKey(
        Home, null=True, blank=True, on_delete=models.PROTECT, related_name="hazard_cases"
    )
    repair = models.ForeignKey(
        Repair, null=True, blank=True, on_delete=models.PROTECT, related_name="hazard_cases"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="hazard_cases"
    )
    description = models.TextField(blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="hazard_cases",
    )
    # Every clock runs from here: the emergency clock in hours, the others in working days
    # from this moment's date in the UK.
    aware_at = models.DateTimeField(help_text="When the landlord became aware of the hazard")
    # Emergency hazards: investigated and made safe.
    made_safe_at = models.DateTimeField(null=True, blank=True)
    # Significant damp and mould.
    investigation_concluded_on = models.DateField(null=True, blank=True)
    findings = models.TextField(blank=True)
    further_works_needed = models.BooleanField(null=True, blank=True)
    summary_sent_on = models.DateField(
        null=True, blank=True, help_text="Written summary of the findings given to the tenant"
    )
    safety_work_done_on = models.DateField(null=True, blank=True)
    further_works_started_on = models.DateField(null=True, blank=True)
    # Set when further works cannot begin within 5 working days: they must then physically
    # start within 12 weeks.
    further_works_deferred_reason = models.TextField(blank=True)
    alternative_accommodation_offered_on = models.DateField(null=True, blank=True)
    alternative_accommodation_note = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closing_note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["closed_on", "aware_at"])]

    def __str__(self):
        return self.hazard_ref


class HazardActivity(ActivityEntry):
    """One change to a hazard case: who made it, when, what, each field before and after."""

    case = models.ForeignKey(HazardCase, on_delete=models.CASCADE, related_name="activity")

    subject = "case"

    class Meta(ActivityEntry.Meta):
        verbose_name_plural = "hazard activity"

    def __str__(self):
        return f"{self.case_id}: {self.summary[:60]}"
