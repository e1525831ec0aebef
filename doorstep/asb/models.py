"""Anti-social behaviour cases (NM01)."""

from django.db import models

from doorstep.stock.models import Home


class AsbCase(models.Model):
    case_ref = models.CharField("case reference", max_length=64, unique=True)
    home = models.ForeignKey(
        Home, null=True, blank=True, on_delete=models.PROTECT, related_name="asb_cases"
    )
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    hate_related = models.BooleanField(
        default=False,
        help_text="Involves a hate incident (counted in NM01 part 2 as well as part 1)",
    )
    category = models.CharField(max_length=40, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        verbose_name = "ASB case"
        indexes = [models.Index(fields=["opened_on"])]

    def __str__(self):
        return self.case_ref
