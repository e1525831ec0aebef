"""Published reporting years: the figures frozen once final, in versions that never change.

A ``PublishedYear`` is a reporting year the landlord has published, with the licence its
open data carries. Each ``PublishedVersion`` is one frozen copy of the year's figures: every
measure, part and tenure (``PublishedMeasure``) with numerator, denominator and value, and
beside them the conventions they were computed under, the RP02 and CH02 target timescales,
the summary of survey approach, the survey context the regulator's return needs and the
analyst's note of methodological issues. Version 1 is the first publication; a correction is
a new version with a reason. Nothing here is ever updated after it is written, so a later
import cannot change a published figure: the reports read these rows, never live figures.
"""

from django.conf import settings
from django.db import models

from doorstep.core.activity import ActivityEntry


class Licence(models.TextChoices):
    OGL = "OGL-UK-3.0", "Open Government Licence v3.0"
    CC_BY = "CC-BY-4.0", "Creative Commons Attribution 4.0"
    CC0 = "CC0-1.0", "Creative Commons Zero 1.0 (public domain)"


LICENCE_URLS = {
    Licence.OGL: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class PublishedYear(models.Model):
    year = models.CharField(max_length=7, unique=True, help_text="Reporting year, e.g. 2025/26")
    licence = models.CharField(max_length=12, choices=Licence.choices, default=Licence.OGL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return f"Published year {self.year}"

    @property
    def slug(self) -> str:
        return self.year.replace("/", "-")

    def current(self) -> "PublishedVersion | None":
        """The latest version (from prefetched versions when the list prefetched them)."""
        versions = list(self.versions.all())  # ordered by number (Meta)
        return versions[-1] if versions else None


class PublishedVersion(models.Model):
    published_year = models.ForeignKey(
        PublishedYear, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    published_by_name = models.CharField(max_length=150, blank=True)
    # Why this version replaced the one before (blank for the first publication).
    reason = models.TextField(blank=True)
    methodological_note = models.TextField(
        help_text="Methodological issues affecting the comparison with last year, in plain "
        "English: the report shows it beside the figures"
    )
    # RP02: the landlord's target timescales (as it describes them, e.g. "28 calendar days").
    non_emergency_target = models.CharField(max_length=200)
    emergency_target = models.CharField(max_length=200)
    # CH02: the timescales the complaints were measured against.
    complaint_timescales = models.TextField()
    conventions = models.JSONField(default=dict)
    warnings = models.JSONField(default=list, blank=True)
    survey_accuracy = models.JSONField(default=dict, blank=True)
    # [{"survey": name, "sections": [[heading, [lines]]], "missing": [...]}]
    summary_of_approach = models.JSONField(default=list, blank=True)
    # What the regulator's return asks beside the measures: by tenure, the survey (sample,
    # methods, weighting, filter answers, TP01 by method) and the repair counts.
    survey_context = models.JSONField(default=dict, blank=True)
    repair_counts = models.JSONField(default=dict, blank=True)
    homes_owned = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["published_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["published_year", "number"], name="one_published_version_number"
            )
        ]

    def __str__(self):
        return f"{self.published_year.year} version {self.number}"

    @property
    def year(self) -> str:
        return self.published_year.year


class PublishedMeasure(models.Model):
    version = models.ForeignKey(PublishedVersion, on_delete=models.PROTECT, related_name="figures")
    code = models.CharField(max_length=8)  # "TP01", "RP02-1", ...
    tenure = models.CharField(max_length=8)  # "LCRA", "LCHO" or "combined"
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=12)  # "%" or "per 1,000"
    numerator = models.FloatField()
    denominator = models.FloatField()
    # Unrounded; None when the denominator is 0 (the regulator's [U]).
    value = models.FloatField(null=True, blank=True)
    # Everything else the engine gave: answer counts, n, margin of error, CH02 extensions...
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["version", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code", "tenure"], name="one_published_measure"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.tenure}: {self.value}"


class PublishingActivity(ActivityEntry):
    subject = "published_year"
    published_year = models.ForeignKey(
        PublishedYear, on_delete=models.CASCADE, related_name="activity"
    )

    class Meta(ActivityEntry.Meta):
        verbose_name_plural = "publishing activity"
