"""Admin screen for repairs: a landlord has hundreds of thousands, so no foreign-key selects."""

from django.contrib import admin

from doorstep.repairs.models import Repair


@admin.register(Repair)
class RepairAdmin(admin.ModelAdmin):
    list_display = [
        "repair_ref", "home", "building", "priority", "status", "repair_type", "category",
        "reported_at", "target_at", "completed_at", "cost_gbp",
    ]
    list_filter = ["priority", "status", "repair_type", "category"]
    search_fields = ["repair_ref", "home__home_ref", "building__building_ref"]
    date_hierarchy = "reported_at"
    raw_id_fields = ["home", "building"]
    list_select_related = ["home", "building"]
    ordering = ["-reported_at", "repair_ref"]
    show_full_result_count = False
