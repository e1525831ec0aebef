"""Admin screens for improvement actions (read-only: changes go through the action's own
pages, which log them) and the re-measurement windows an administrator may change."""

from django.contrib import admin

from doorstep.actions.models import (
    Action,
    ActionActivity,
    Measurement,
    Milestone,
    RemeasureWindows,
)
from doorstep.core.admin import ActivityInline, ReadOnlyAdmin


class ActionActivityInline(ActivityInline):
    model = ActionActivity


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    can_delete = False
    readonly_fields = ["title", "due_on", "done_on"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["action_ref", "title", "status", "measure_code", "area", "due_on", "done_on"]
    list_filter = ["status", "involvement"]
    search_fields = ["action_ref", "title"]
    inlines = [MilestoneInline, ActionActivityInline]


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyAdmin):
    list_display = ["action", "kind", "measure_code", "tenure", "period_start", "period_end",
                    "value", "verdict"]
    list_filter = ["kind", "verdict"]


@admin.register(RemeasureWindows)
class RemeasureWindowsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "changed_at"]

    def has_add_permission(self, request):
        # One row at most: change it rather than add a second.
        return not RemeasureWindows.objects.exists()
