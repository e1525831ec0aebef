"""The landlord's stock: buildings, homes, their condition and their safety checks."""

from django.db import models
from django.db.models import Q


class Tenure(models.TextChoices):
    LCRA = "LCRA", "Low cost rental accommodation (LCRA)"
    LCHO = "LCHO", "Low cost home ownership (LCHO)"


class NeedsType(models.TextChoices):
    GENERAL_NEEDS = "general_needs", "General needs"
    SUPPORTED = "supported", "Supported housing"
    OLDER_PERSONS = "older_persons", "Housing for older people"


class SafetyCheckType(models.TextChoices):
    # In the order of the building-safety measures BS01 to BS05.
    GAS = "gas", "Gas safety"
    FIRE_RISK = "fire_risk", "Fire risk assessment"
    ASBESTOS = "asbestos", "Asbestos management"
    WATER = "water", "Water safety (legionella)"
    LIFT = "lift", "Communal passenger lift (LOLER)"


class Building(models.Model):
    """A block or other structure holding homes; building-wide safety checks apply to it."""

    building_ref = models.CharField("building reference", max_length=64, unique=True)
    name = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=12, blank=True)
    uprn = models.CharField("UPRN", max_length=12, blank=True)

    def __str__(self):
        return self.name or self.building_ref


class Home(models.Model):
    """A dwelling unit in the stock (the regulator's "unit")."""

    home_ref = models.CharField("home reference", max_length=64, unique=True)
    tenure = models.CharField(max_length=4, choices=Tenure.choices)
    area = models.CharField(max_length=100, help_text="Management area or patch")
    scheme = models.CharField(max_length=200, blank=True, help_text="Estate or scheme")
    building = models.ForeignKey(
        Building, null=True, blank=True, on_delete=models.PROTECT, related_name="homes"
    )
    owned = models.BooleanField(
        default=True, help_text="Owned by the landlord: only owned homes count in TSM bases"
    )
    needs_type = models.CharField(max_length=20, choices=NeedsType.choices, blank=True)
    postcode = models.CharField(max_length=12, blank=True)
    uprn = models.CharField("UPRN", max_length=12, blank=True)
    acquired_on = models.DateField(null=True, blank=True)
    disposed_on = models.DateField(null=True, blank=True)
    decent_homes_applies = models.BooleanField(default=True)

    class Meta:
        indexes = [
            models.Index(fields=["tenure", "area"]),
            models.Index(fields=["area"]),
            models.Index(fields=["scheme"]),
        ]

    def __str__(self):
        return self.home_ref


class StockConditionAssessment(models.Model):
    assessment_ref = models.CharField("assessment reference", max_length=64, unique=True)
    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField()
    meets_decent_homes = models.BooleanField()
    reason = models.TextField(blank=True, help_text="e.g. the failing component")

    class Meta:
        indexes = [models.Index(fields=["home", "assessed_on"])]

    def __str__(self):
        return self.assessment_ref


class _SafetyAsset(models.Model):
    """Checks and requirements belong either to one home or to a whole building."""

    home = models.ForeignKey(Home, null=True, blank=True, on_delete=models.PROTECT)
    building = models.ForeignKey(Building, null=True, blank=True, on_delete=models.PROTECT)
    check_type = models.CharField(max_length=12, choices=SafetyCheckType.choices)

    class Meta:
        abstract = True

    @property
    def asset_ref(self) -> str:
        return self.home.home_ref if self.home_id else self.building.building_ref


def _one_asset(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(home__isnull=False, building__isnull=True)
        | Q(home__isnull=True, building__isnull=False),
        name=name,
    )


class SafetyRequirement(_SafetyAsset):
    """A home or building that must have a given kind of safety check."""

    requirement_ref = models.CharField("requirement reference", max_length=64, unique=True)
    required_from = models.DateField(null=True, blank=True, help_text="Blank: always")
    required_until = models.DateField(null=True, blank=True, help_text="Blank: still required")

    class Meta:
        constraints = [_one_asset("safety_requirement_one_asset")]
        indexes = [
            models.Index(fields=["home", "check_type"]),
            models.Index(fields=["building", "check_type"]),
        ]

    def __str__(self):
        return self.requirement_ref


class SafetyCheck(_SafetyAsset):
    """A safety check carried out and recorded."""

    check_ref = models.CharField("check reference", max_length=64, unique=True)
    completed_on = models.DateField()
    valid_until = models.DateField(help_text="The date the next check falls due")

    class Meta:
        constraints = [_one_asset("safety_check_one_asset")]
        indexes = [
            models.Index(fields=["home", "check_type"]),
            models.Index(fields=["building", "check_type"]),
        ]

    def __str__(self):
        return self.check_ref
