"""Complaints: one record per complaint, carrying both stages of the Complaint Handling Code."""

from django.db import models

from doorstep.stock.models import Home, Tenure


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


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
    category = models.CharField(max_length=40, blank=True, help_text="What it is about")
    description = models.TextField(blank=True)
    compensation_gbp = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["received_on"]),
            models.Index(fields=["escalated_on"]),
        ]

    def __str__(self):
        return self.complaint_ref
