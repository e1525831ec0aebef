"""Repairs: the jobs raised on homes and communal parts of buildings."""

from django.db import models
from django.db.models import Q

from doorstep.stock.models import Building, Home


class Priority(models.TextChoices):
    EMERGENCY = "emergency", "Emergency"
    NON_EMERGENCY = "non_emergency", "Non-emergency"


class RepairStatus(models.TextChoices):
    OPEN = "open", "Open"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class RepairType(models.TextChoices):
    # Only responsive repairs count in RP02; planned and void work does not.
    RESPONSIVE = "responsive", "Responsive"
    PLANNED = "planned", "Planned"
    VOID = "void", "Void (empty home)"


class Repair(models.Model):
    repair_ref = models.CharField("repair reference", max_length=64, unique=True)
    home = models.ForeignKey(
        Home, null=True, blank=True, on_delete=models.PROTECT, related_name="repairs"
    )
    building = models.ForeignKey(
        Building,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communal_repairs",
        help_text="For communal repairs with no single home",
    )
    reported_at = models.DateTimeField()
    priority = models.CharField(max_length=14, choices=Priority.choices)
    priority_label = models.CharField(
        max_length=100, blank=True, help_text='The landlord\'s own category, e.g. "Urgent"'
    )
    target_at = models.DateTimeField(help_text="When the landlord's own target says it is due")
    completed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=RepairStatus.choices)
    repair_type = models.CharField(
        max_length=10, choices=RepairType.choices, default=RepairType.RESPONSIVE
    )
    category = models.CharField(max_length=40, blank=True, help_text="Trade or problem")
    description = models.TextField(blank=True)
    cost_gbp = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(home__isnull=False) | Q(building__isnull=False),
                name="repair_has_home_or_building",
            )
        ]
        indexes = [
            models.Index(fields=["repair_type", "completed_at"]),
            models.Index(fields=["reported_at"]),
        ]

    def __str__(self):
        return self.repair_ref
