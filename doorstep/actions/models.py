"""Improvement actions: what the landlord will change, why, who owns it, by when, and
whether the measure it was meant to move moved.

An action's state changes only through ``doorstep.actions.services`` (one function per
transition), which writes an ``ActionActivity`` row for every change. When an action is
agreed its baseline is recorded (a ``Measurement`` of kind "baseline"); when it is done it
is re-measured (kind "after"), see ``doorstep.actions.remeasure``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from doorstep.core.activity import ActivityEntry


class ActionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


# Open: still to be done. An open action past its due date is overdue.
OPEN_STATUSES = (ActionStatus.PROPOSED, ActionStatus.AGREED, ActionStatus.IN_PROGRESS)


class Involvement(models.TextChoices):
    CO_PRODUCED = "co_produced", "Co-produced with residents"
    CONSULTED = "consulted", "Residents were consulted"
    INFORMED = "informed", "Residents were informed"
    NONE = "none", "Residents were not involved"


class GroupKind(models.TextChoices):
    AREA = "area", "Area"
    SCHEME = "scheme", "Scheme"
    NEEDS_TYPE = "needs_type", "Needs type"
    BUILDING = "building", "Building"


class Action(models.Model):
    action_ref = models.CharField("action reference", max_length=32, unique=True)
    title = models.CharField(max_length=200)
    what_will_change = models.TextField(blank=True)
    why = models.TextField(blank=True, help_text="The evidence the action answers")
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.PROPOSED
    )
    dropped_reason = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    # An owner named in an imported plan who has no account in Doorstep.
    owner_name = models.CharField(max_length=200, blank=True)
    team = models.CharField(max_length=200, blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    # The first deadline agreed, kept when the deadline moves (null until one is set).
    original_due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    involvement = models.CharField(
        "how residents were involved", max_length=12, choices=Involvement.choices,
        default=Involvement.NONE,
    )
    involvement_note = models.TextField(blank=True)
    summary_for_residents = models.TextField(
        blank=True,
        help_text="Plain English: the only text about the action residents and panels see",
    )
    source = models.CharField(
        max_length=300, blank=True,
        help_text="Where the action came from: a board decision, an Ombudsman finding, ...",
    )
    # The measure the action is meant to move: a TSM code ("RP02-1"), blank for none, with
    # the tenure as the measures engine names it ("LCRA", "LCHO", "combined") and an
    # optional breakdown group ("area" / "North"; blank for the whole landlord).
    measure_code = models.CharField("measure", max_length=8, blank=True)
    tenure = models.CharField(max_length=8, blank=True)
    group_kind = models.CharField(
        max_length=12, choices=GroupKind.choices, blank=True
    )
    group_value = models.CharField(max_length=100, blank=True)
    target_value = models.DecimalField(
        "the figure it aims for", max_digits=7, decimal_places=1, null=True, blank=True
    )
    themes = models.ManyToManyField("voice.Theme", blank=True, related_name="actions")
    comments = models.ManyToManyField("surveys.Comment", blank=True, related_name="actions")
    complaints = models.ManyToManyField(
        "complaints.Complaint", blank=True, related_name="actions"
    )
    # The service manager's scope: the group's area when group_kind is area, otherwise the
    # area the action belongs to (blank: landlord-wide).
    area = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["action_ref"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["measure_code"]),
            models.Index(fields=["area"]),
        ]

    def __str__(self):
        return f"{self.action_ref}: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, *, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_on is not None and self.due_on < today

    @property
    def owner_shown(self) -> str:
        if self.owner_id:
            return self.owner.get_full_name() or self.owner.get_username()
        return self.owner_name


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title


class ActionActivity(ActivityEntry):
    """One change to an action: who made it, when, what, and each field before and after."""

    action_record = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="activity")

    subject = "action_record"

    class Meta(ActivityEntry.Meta):
        verbose_name_plural = "action activity"

    def __str__(self):
        return f"{self.action_record_id}: {self.summary[:60]}"


class MeasurementKind(models.TextChoices):
    BASELINE = "baseline", "Baseline (when agreed)"
    AFTER = "after", "Re-measured (after done)"


class Verdict(models.TextChoices):
    IMPROVED = "improved", "Improved"
    WORSENED = "worsened", "Worsened"
    NO_CLEAR_CHANGE = "no clear change", "No clear change"
    TOO_EARLY = "too early to tell", "Too early to tell"


class Measurement(models.Model):
    """The action's measure over one window: the baseline recorded when it was agreed, or
    the re-measurement after it was done (with the test and verdict against the baseline)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="measurements")
    kind = models.CharField(max_length=8, choices=MeasurementKind.choices)
    measure_code = models.CharField("measure", max_length=8)
    tenure = models.CharField(max_length=8)
    group_kind = models.CharField(max_length=12, blank=True)
    group_value = models.CharField(max_length=100, blank=True)
    period_start = models.DateField()
    period_end = models.DateField()
    numerator = models.FloatField()
    denominator = models.FloatField()
    value = models.FloatField(null=True, blank=True)
    # What "too early to tell" counts (records, respondents or homes), and for a perception
    # measure its margin of error in percentage points.
    base = models.FloatField(default=0)
    margin = models.FloatField(null=True, blank=True)
    # For the "after" record: the comparison with the baseline.
    test = models.CharField(max_length=60, blank=True)
    p_value = models.FloatField(null=True, blank=True)
    verdict = models.CharField(max_length=20, choices=Verdict.choices, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["action", "recorded_at", "pk"]

    def __str__(self):
        return f"{self.action_id} {self.kind} {self.period_start}–{self.period_end}"


class RemeasureWindows(models.Model):
    """The re-measurement windows an administrator has chosen (one row at most; no row:
    the documented defaults below apply). See docs/actions.md."""

    baseline_days = models.PositiveSmallIntegerField(
        default=365, help_text="Days of the baseline, ending the day before the action was agreed"
    )
    after_days = models.PositiveSmallIntegerField(
        default=365, help_text="Most days of the later window, starting the day after done"
    )
    min_after_days = models.PositiveSmallIntegerField(
        default=91, help_text="A later window shorter than this is too early to tell"
    )
    min_base = models.PositiveSmallIntegerField(
        default=30, help_text="A later base smaller than this is too early to tell"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "re-measurement windows"
        verbose_name_plural = "re-measurement windows"

    def __str__(self):
        return (
            f"baseline {self.baseline_days} days, after up to {self.after_days} days "
            f"(at least {self.min_after_days} days and a base of {self.min_base})"
        )


def current_windows() -> RemeasureWindows:
    return RemeasureWindows.objects.order_by("pk").first() or RemeasureWindows()
