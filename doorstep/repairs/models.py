"""Repairs: the jobs raised on homes and communal parts of buildings."""

from django.db import models
from django.db.models import F, Q

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


class RepairQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create skips save(): fill the copied home facts of the new repairs after it.
        from doorstep.repairs.grouping import refresh, refresh_ids

        created = super().bulk_create(objs, *args, **kwargs)
        if all(repair.pk is not None for repair in created):
            refresh_ids((repair.pk for repair in created), on="id")
        else:  # a database that does not return new ids: the new rows are the unfilled ones
            refresh(self.model.objects.filter(area_group=""))
        return created


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

    # Copied from the home (or a communal repair's building) by doorstep/repairs/grouping.py,
    # which keeps them up to date, so that RP02 reads a year's repairs without a look-up of
    # each one's home. Never set them by hand.
    counts_as_lcra = models.BooleanField(
        "counts in RP02 (LCRA)",
        default=False,
        editable=False,
        help_text="On an owned LCRA home, or communal in a block holding one",
    )
    area_group = models.CharField(max_length=100, default="", editable=False)
    scheme_group = models.CharField(max_length=200, default="", editable=False)
    needs_type_group = models.CharField(max_length=20, default="", editable=False)
    building_group = models.CharField(max_length=64, default="", editable=False)

    objects = RepairQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(home__isnull=False) | Q(building__isnull=False),
                name="repair_has_home_or_building",
            )
        ]
        indexes = [
            # RP02 reads a year's repairs by report date and by completion date; these two
            # hold every column it counts with (area being the usual breakdown), so the
            # table itself is not read.
            models.Index(
                fields=[
                    "reported_at", "repair_type", "counts_as_lcra", "priority", "status",
                    "completed_at", "target_at", "area_group",
                ],
                name="repair_by_report_date",
            ),
            models.Index(
                fields=[
                    "completed_at", "repair_type", "counts_as_lcra", "priority", "status",
                    "reported_at", "target_at", "area_group",
                ],
                name="repair_by_completion_date",
            ),
            # Data errors are rare: these partial indexes hold only them, so the warnings
            # find them without reading the year's repairs.
            models.Index(
                fields=["reported_at"],
                condition=Q(completed_at__lt=F("reported_at")),
                name="repair_done_before_report",
            ),
            models.Index(
                fields=["reported_at"],
                condition=Q(target_at__lt=F("reported_at")),
                name="repair_due_before_report",
            ),
        ]

    def __str__(self):
        return self.repair_ref

    def save(self, *args, **kwargs):
        from doorstep.repairs.grouping import GROUP_FIELDS, refresh

        super().save(*args, **kwargs)
        refresh(Repair.objects.filter(pk=self.pk))
        self.refresh_from_db(fields=["counts_as_lcra", *GROUP_FIELDS.values()])
