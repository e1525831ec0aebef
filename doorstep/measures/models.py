"""The conventions an administrator has chosen (see ``doorstep.measures.conventions``)."""

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
