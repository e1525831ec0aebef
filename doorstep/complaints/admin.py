"""Admin screen for complaints, both stages on one page."""

from django.contrib import admin

from doorstep.complaints.models import Complaint


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = [
        "complaint_ref", "home", "tenure", "category", "received_on", "stage1_responded_on",
        "escalated_on", "stage2_responded_on", "withdrawn_on",
    ]
    list_filter = ["tenure", "stage1_outcome", "stage2_outcome", "category"]
    search_fields = ["complaint_ref", "home__home_ref"]
    date_hierarchy = "received_on"
    raw_id_fields = ["home"]
    list_select_related = ["home"]
    ordering = ["-received_on", "complaint_ref"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["complaint_ref", "home", "tenure", "category", "description",
                           "compensation_gbp", "withdrawn_on"]}),
        ("Stage 1", {"fields": ["received_on", "stage1_acknowledged_on",
                                "stage1_extension_days", "stage1_responded_on",
                                "stage1_outcome"]}),
        ("Stage 2", {"fields": ["escalated_on", "stage2_acknowledged_on",
                                "stage2_extension_days", "stage2_responded_on",
                                "stage2_outcome"]}),
    ]
