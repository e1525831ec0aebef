"""The conventions an administrator has chosen (see ``doorstep.measures.conventions``)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from doorstep.measures.conventions import ALLOWED, DEFAULTS, Conventions

KEY_CHOICES = [(key, key.replace("_", " ").capitalize()) for key in ALLOWED]


class ConventionChoice(models.Model):
    """One convention set away from its default. No row: the documented default applies."""

    key = models.CharField(max_length=40, unique=True, choices=KEY_CHOICES)
    value = models.CharField(
        max_length=40,
        help_text="One of the values allowed for this convention: "
        + "; ".join(f"{key}: {', '.join(values)}" for key, values in ALLOWED.items()),
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = "convention"

    def __str__(self):
        return f"{self.key} = {self.value}"

    def clean(self):
        allowed = ALLOWED.get(self.key)
        if allowed is None:
            raise ValidationError({"key": f"{self.key!r} is not a convention Doorstep has."})
        if self.value not in allowed:
            raise ValidationError(
                {"value": f"Choose one of: {', '.join(allowed)} (you entered {self.value!r})."}
            )


def current_conventions() -> Conventions:
    """The defaults, with every valid choice an administrator has made laid over them.

    A stored value that is no longer allowed (after an upgrade, say) is ignored rather than
    stopping every report: the default applies and the figures name it.
    """
    chosen = {
        key: value
        for key, value in ConventionChoice.objects.values_list("key", "value")
        if value in ALLOWED.get(key, ())
    }
    return Conventions(**{**DEFAULTS.as_dict(), **chosen})


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


# Fewer failing homes, fewer complaints and fewer ASB cases are better; for every other
# measure a higher figure is better.
LOWER_IS_BETTER = ("RP01", "CH01-1", "CH01-2", "NM01-1", "NM01-2")


def usual_direction(code: str) -> str:
    return Direction.LOWER if code in LOWER_IS_BETTER else Direction.HIGHER


class Target(models.Model):
    """What the landlord aims for on one measure, in one reporting year, for one tenure."""

    code = models.CharField("measure", max_length=6)
    first_year = models.PositiveSmallIntegerField(
        help_text="The reporting year by its first calendar year: 2025 for 2025/26"
    )
    tenure = models.CharField(max_length=8)  # "LCRA", "LCHO" or "combined", as the results
    value = models.DecimalField(max_digits=7, decimal_places=1)
    direction = models.CharField(max_length=6, choices=Direction.choices)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["first_year", "code", "tenure"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "first_year", "tenure"], name="one_target_per_measure_year_tenure"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.tenure} {self.first_year}: {self.value} ({self.direction})"
