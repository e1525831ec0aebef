from django.contrib import admin

from doorstep.core.models import ClosureDay


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records written by the services only (logs, import runs): no one edits history."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason"]
    date_hierarchy = "date"
    search_fields = ["reason"]


class ActivityInline(admin.TabularInline):
    """A case's activity log, read-only: changes go through the casework services, which
    write the log themselves. Subclasses set ``model``."""

    fields = ["at", "by", "action", "summary"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["at", "pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
