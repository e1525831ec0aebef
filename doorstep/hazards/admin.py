"""Admin screens for the hazard list and hazard cases; the activity log is read-only.

The hazard list's dates are where an administrator records the regulations as they are
confirmed; a case keeps the rule it was opened under, so changing a date changes new cases
only."""

from django.contrib import admin

from doorstep.core.admin import ActivityInline
from doorstep.hazards.models import Hazard, HazardActivity, HazardCase


@admin.register(Hazard)
class HazardAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "significant_in_scope_from", "emergency_in_scope_from"]
    list_editable = ["significant_in_scope_from", "emergency_in_scope_from"]
    list_filter = ["group"]
    search_fields = ["name", "code"]
    readonly_fields = ["code"]
    fields = ["code", "name", "group", "position", "significant_in_scope_from",
              "emergency_in_scope_from"]

    def has_add_permission(self, request):
        return False  # the HHSRS has 29 hazards: the flags and repair rules use their codes

    def has_delete_permission(self, request, obj=None):
        return False


class HazardActivityInline(ActivityInline):
    model = HazardActivity


@admin.register(HazardCase)
class HazardCaseAdmin(admin.ModelAdmin):
    list_display = ["hazard_ref", "kind", "hazard", "timescales_apply", "source", "home",
                    "aware_at", "closed_on"]
    list_filter = ["kind", "hazard__group", "timescales_apply", "source"]
    search_fields = ["hazard_ref", "home__home_ref", "repair__repair_ref"]
    date_hierarchy = "aware_at"
    raw_id_fields = ["home", "repair", "comment"]
    list_select_related = ["home", "hazard"]
    readonly_fields = ["timescales_apply", "rule"]
    ordering = ["-aware_at"]
    inlines = [HazardActivityInline]
    fieldsets = [
        (None, {"fields": ["hazard_ref", "kind", "hazard", "timescales_apply", "rule", "source",
                           "home", "repair", "comment", "description", "handler",
                           "aware_at"]}),
        ("Emergency hazard", {"fields": ["made_safe_at"]}),
        ("Significant hazard", {"fields": ["investigation_concluded_on", "findings",
                                       "further_works_needed", "summary_sent_on",
                                       "safety_work_done_on", "further_works_started_on",
                                       "further_works_deferred_reason"]}),
        ("Alternative accommodation", {"fields": ["alternative_accommodation_offered_on",
                                                  "alternative_accommodation_note"]}),
        ("Closing", {"fields": ["closed_on", "closing_note"]}),
    ]
