"""The regulator's published TSM figures, kept as peers to benchmark against.

One ``Release`` per reporting year: importing a later release of a year replaces the earlier
one (``doorstep.benchmarks.importing``). Every published number is kept with its marker:
``value`` is None and ``value_missing`` holds "[X]", "[Z]", "[E]", "[S]", "[U]", "blank" or
"unreadable" when the regulator published no number, so a missing figure is never read as 0.
Answer counts and other small sets of figures are JSON objects whose values are numbers or,
where the regulator published none, the marker text.
"""

from django.db import models


class Release(models.Model):
    """One imported "TSM full data" workbook: the published figures of a reporting year."""

    year = models.CharField(max_length=7, unique=True, help_text="Reporting year, e.g. 2024/25")
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField("file SHA-256", max_length=64, blank=True)
    imported_at = models.DateTimeField()
    # 1 when the perception proportions are published to one decimal place (2024/25 on).
    proportions_rounded_to = models.PositiveSmallIntegerField(null=True, blank=True)
    # What was read, what was missing, by sheet; see importing.ImportReport.as_dict.
    report = models.JSONField(default=dict, blank=True)
    # Landlords the regulator left out: [{"code", "name", "part", "reason"}].
    left_out = models.JSONField(default=list, blank=True)
    # Cells the reader did not take at face value: [{"sheet", "landlord_code", ...}].
    fixes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return f"Regulator's TSM data {self.year} ({self.file_name})"


class PeerLandlord(models.Model):
    """A landlord as the regulator described it in one year's release."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="landlords")
    code = models.CharField(max_length=20, help_text="The regulator's code, e.g. L4240")
    name = models.CharField(max_length=255)
    # "PRP" (private registered provider) or "LA" (local authority: 2023/24 wrote "LARP").
    landlord_type = models.CharField(max_length=20, blank=True)
    # "<5,000", "5,000-40,000" or ">40,000": the size of the landlord's group.
    size_band = models.CharField(max_length=40, blank=True)
    region = models.CharField(max_length=40, blank=True)
    # "Yes" when more than 30% of its LCRA homes are supported housing.
    supported_housing = models.CharField(max_length=40, blank=True)
    publication_url = models.CharField(max_length=500, blank=True)
    homes_owned = models.PositiveIntegerField(
        null=True, blank=True, help_text="LCRA and LCHO homes owned at year end (NM01 base)"
    )
    management_notes = models.TextField(blank=True)
    # RP02 target timescales as published, and 2024/25's responsive repair counts.
    repair_targets = models.JSONField(default=dict, blank=True)
    repair_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["release", "name"]
        constraints = [
            models.UniqueConstraint(fields=["release", "code"], name="one_peer_per_code_a_year")
        ]

    def __str__(self):
        return f"{self.name} ({self.code}, {self.release.year})"


class PeerSurvey(models.Model):
    """How a landlord ran its perception survey for one tenure: the context of its TPs."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="surveys")
    landlord = models.ForeignKey(PeerLandlord, on_delete=models.CASCADE, related_name="surveys")
    tenure = models.CharField(max_length=10)  # "LCRA", "LCHO" or "combined"
    relevant_population = models.FloatField(null=True, blank=True)
    relevant_population_missing = models.CharField(max_length=12, blank=True)
    required_sample = models.FloatField(null=True, blank=True)
    sample_achieved = models.FloatField(null=True, blank=True)
    sample_achieved_missing = models.CharField(max_length=12, blank=True)
    # Percent (3.77 for ±3.77%); one 2023/24 landlord stored a fraction, read as a percent.
    margin_of_error = models.FloatField(null=True, blank=True)
    margin_of_error_missing = models.CharField(max_length=12, blank=True)
    margin_of_error_was_fraction = models.BooleanField(default=False)
    excluded = models.FloatField(null=True, blank=True)
    census_or_sample = models.CharField(max_length=60, blank=True)
    # {"telephone": 1009, "online": 303, "postal": 5, ...}: numbers, or markers as text.
    responses_by_method = models.JSONField(default=dict, blank=True)
    other_methods = models.TextField(blank=True)
    # A channel (telephone, online, postal, face_to_face, sms, other) or the published text
    # when there is none, e.g. "No predominant method".
    predominant_method = models.CharField(max_length=100, blank=True)
    weighted = models.BooleanField(null=True)
    method_weighting = models.CharField(max_length=100, blank=True)
    weighting_characteristics = models.JSONField(default=list, blank=True)
    contractor_used = models.CharField(max_length=100, blank=True)
    contractor_name = models.CharField(max_length=255, blank=True)
    interviews_by = models.CharField(max_length=255, blank=True)
    rsh_notes = models.TextField(blank=True)
    # TP01 by collection method ({channel: percent or marker}), and TP01 unweighted.
    tp01_by_method = models.JSONField(default=dict, blank=True)
    tp01_unweighted = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["landlord", "tenure"], name="one_peer_survey_per_tenure"
            )
        ]

    def __str__(self):
        return f"{self.landlord.code} {self.tenure} survey {self.release.year}"


class PublishedFigure(models.Model):
    """One published measure of one landlord: TP01-TP12 or a management measure."""

    class Kind(models.TextChoices):
        PERCEPTION = "perception", "Perception (survey)"
        MANAGEMENT = "management", "Management information"

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="figures")
    landlord = models.ForeignKey(PeerLandlord, on_delete=models.CASCADE, related_name="figures")
    code = models.CharField(max_length=10)  # "TP01", "RP02-1", "CH01-2", ...
    tenure = models.CharField(max_length=10)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    unit = models.CharField(max_length=12)  # "%" or "per 1,000"
    value = models.FloatField(null=True, blank=True, help_text="As published")
    value_missing = models.CharField(max_length=12, blank=True)
    # Perception: very + fairly satisfied over the five scale answers (weighted where the
    # landlord weighted). Management: as published.
    numerator = models.FloatField(null=True, blank=True)
    numerator_missing = models.CharField(max_length=12, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    denominator_missing = models.CharField(max_length=12, blank=True)
    # Perception: {"very_satisfied": 1307, ..., "dont_know": 78}; TP08's agree scale uses
    # the same five names.
    counts = models.JSONField(default=dict, blank=True)
    # TP02/TP03 "had a repair", TP09 "complained", TP10 "communal areas": {"yes", "no"}.
    filter_counts = models.JSONField(default=dict, blank=True)
    # Anything else published with the figure (CH02 extensions, whether BS applies...).
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["landlord", "code", "tenure"], name="one_published_figure"
            )
        ]
        indexes = [models.Index(fields=["release", "code", "tenure"])]

    def __str__(self):
        shown = self.value_missing if self.value is None else f"{self.value:g}"
        return f"{self.landlord.code} {self.code} {self.tenure}: {shown}"


class PeerGroup(models.Model):
    """Peers an analyst has named, as filters applied to each year's release.

    Empty filters mean "any". A group with landlord codes is that hand-picked list (the other
    filters still narrow it). Filters, not fixed lists of landlords, so the same group works
    for every year the regulator publishes.
    """

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    landlord_types = models.JSONField(default=list, blank=True, help_text='e.g. ["PRP"]')
    size_bands = models.JSONField(default=list, blank=True, help_text='e.g. ["5,000-40,000"]')
    regions = models.JSONField(default=list, blank=True, help_text='e.g. ["London", "South"]')
    supported_housing = models.CharField(
        max_length=3,
        blank=True,
        choices=[("", "Any"), ("Yes", "Over 30% supported housing"), ("No", "30% or less")],
    )
    survey_methods = models.JSONField(
        default=list, blank=True, help_text='Predominant survey method, e.g. ["postal"]'
    )
    landlord_codes = models.JSONField(default=list, blank=True, help_text='e.g. ["L4240"]')
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
