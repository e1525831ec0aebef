"""Hazard cases under Awaab's Law: the 29 HHSRS hazards, emergency or significant.

``Hazard`` is the hazard list (loaded from ``data/hhsrs_hazards.csv``; an administrator
changes the dates each hazard comes within Awaab's Law as the regulations are confirmed). A
case names its hazard (an emergency case may not know it yet), whether it is an emergency or
a significant hazard, and the rule that applied when it was opened (kept on the case, so a
later change of dates does not rewrite its history).

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


class HazardGroup(models.TextChoices):
    PHYSIOLOGICAL = "physiological", "Physiological requirements"
    PSYCHOLOGICAL = "psychological", "Psychological requirements"
    INFECTION = "infection", "Protection against infection"
    ACCIDENTS = "accidents", "Protection against accidents"


class Hazard(models.Model):
    """One of the 29 hazards of the Housing Health and Safety Rating System."""

    code = models.CharField(max_length=40, primary_key=True)
    name = models.CharField(max_length=100)
    group = models.CharField(max_length=13, choices=HazardGroup.choices)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in lists")
    significant_in_scope_from = models.DateField(
        null=True, blank=True,
        help_text="From this date a significant hazard of this kind is on Awaab's Law's "
        "timescales (blank: never, as for crowding and space)",
    )
    emergency_in_scope_from = models.DateField(
        null=True, blank=True,
        help_text="From this date an emergency hazard of this kind is on the 24-hour clock "
        "(blank: it cannot be an emergency hazard)",
    )

    class Meta:
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class HazardKind(models.TextChoices):
    EMERGENCY = "emergency", "Emergency hazard"
    SIGNIFICANT = "significant", "Significant hazard"


# Before the hazard list, a case was "emergency" or "damp_mould": the old code still opens a
# significant damp and mould case (see services.open_hazard_case).
DAMP_MOULD = "damp_mould"


class HazardSource(models.TextChoices):
    REPORT = "report", "Reported (by the resident, staff or someone else)"
    REPAIR = "repair", "A repair"
    COMMENT = "comment", "A resident's comment"


class HazardCase(models.Model):
    hazard_ref = models.CharField("hazard reference", max_length=64, unique=True)
    kind = models.CharField(max_length=12, choices=HazardKind.choices)
    hazard = models.ForeignKey(
        Hazard, null=True, blank=True, on_delete=models.PROTECT, related_name="cases",
        help_text="Blank: an emergency hazard whose HHSRS hazard is not recorded yet",
    )
    # The rule that applied when the case was opened, as it was then.
    timescales_apply = models.BooleanField(
        default=True, help_text="Whether Awaab's Law's timescales applied when it was opened"
    )
    rule = models.CharField(max_length=300, blank=True,
                            help_text="The rule that applied when it was opened, in words")
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
    # Significant hazards.
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

    @property
    def title(self) -> str:
        """What the case is about, e.g. "Significant hazard: excess cold"."""
        if self.hazard_id is None:
            return f"{self.get_kind_display()}: hazard not recorded"
        return f"{self.get_kind_display()}: {self.hazard.name.lower()}"


class HazardActivity(ActivityEntry):
    """One change to a hazard case: who made it, when, what, each field before and after."""

    case = models.ForeignKey(HazardCase, on_delete=models.CASCADE, related_name="activity")

    subject = "case"

    class Meta(ActivityEntry.Meta):
        verbose_name_plural = "hazard activity"

    def __str__(self):
        return f"{self.case_id}: {self.summary[:60]}"
