"""Admin screens for hazard cases; the activity log is read-only."""

from django.contrib import admin

from doorstep.core.admin import ActivityInline
from doorstep.hazards.models import HazardActivity, HazardCase


class HazardActivityInline(ActivityInline):
    model = HazardActivity


@admin.register(HazardCase)
class HazardCaseAdmin(admin.ModelAdmin):
    list_display = ["hazard_ref", "kind", "source", "home", "aware_at", "closed_on"]
    list_filter = ["kind", "source"]
    search_fields = ["hazard_ref", "home__home_ref", "repair__repair_ref"]
    date_hierarchy = "aware_at"
    raw_id_fields = ["home", "repair", "comment"]
    list_select_related = ["home"]
    ordering = ["-aware_at"]
    inlines = [HazardActivityInline]
    fieldsets = [
        (None, {"fields": ["hazard_ref", "kind", "source", "home", "repair", "comment",
                           "description", "handler", "aware_at"]}),
        ("Emergency hazard", {"fields": ["made_safe_at"]}),
        ("Damp and mould", {"fields": ["investigation_concluded_on", "findings",
                                       "further_works_needed", "summary_sent_on",
                                       "safety_work_done_on", "further_works_started_on",
                                       "further_works_deferred_reason"]}),
        ("Alternative accommodation", {"fields": ["alternative_accommodation_offered_on",
                                                  "alternative_accommodation_note"]}),
        ("Closing", {"fields": ["closed_on", "closing_note"]}),
    ]
