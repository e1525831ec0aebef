"""Admin screens for complaints (both stages on one page), teams, root causes, the yearly
self-assessment against the Code and the governing body's response; and the switches and
approved quotes of the public "you said, we did" page.

Casework itself goes through the casework screens (``doorstep.complaints.services``), which
log every change; the activity log is shown here read-only.
"""

from django import forms
from django.contrib import admin

from doorstep.complaints.models import (
    ApprovedQuote,
    CodeSection,
    Complaint,
    ComplaintActivity,
    ComplaintCategory,
    ComplaintTeam,
    GoverningBodyResponse,
    PublicPages,
    RootCause,
    SelfAssessment,
)
from doorstep.core.admin import ActivityInline


class ComplaintActivityInline(ActivityInline):
    model = ComplaintActivity


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = [
        "complaint_ref", "home", "tenure", "category", "received_on", "stage1_responded_on",
        "escalated_on", "stage2_responded_on", "withdrawn_on",
    ]
    list_filter = ["tenure", "stage1_outcome", "stage2_outcome", "category", "channel", "team"]
    search_fields = ["complaint_ref", "home__home_ref", "service_request_ref"]
    date_hierarchy = "received_on"
    raw_id_fields = ["home", "service_request_repair"]
    list_select_related = ["home"]
    ordering = ["-received_on", "complaint_ref"]
    show_full_result_count = False
    inlines = [ComplaintActivityInline]
    fieldsets = [
        (None, {"fields": ["complaint_ref", "home", "tenure", "channel", "category",
                           "category_note", "description", "team"]}),
        ("Service request complained about", {"fields": ["service_request_repair",
                                                         "service_request_ref"]}),
        ("Stage 1", {"fields": ["received_on", "stage1_handler", "stage1_acknowledged_on",
                                "stage1_extension_days", "stage1_extension_reason",
                                "stage1_extension_notified_on", "stage1_responded_on",
                                "stage1_outcome"]}),
        ("Stage 2", {"fields": ["escalated_on", "escalation_reason", "stage2_handler",
                                "stage2_acknowledged_on", "stage2_extension_days",
                                "stage2_extension_reason", "stage2_extension_notified_on",
                                "stage2_responded_on", "stage2_outcome"]}),
        ("Closing", {"fields": ["withdrawn_on", "withdrawal_reason", "remedies",
                                "compensation_gbp", "root_cause", "learning"]}),
    ]


@admin.register(ComplaintTeam)
class ComplaintTeamAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(CodeSection)
class CodeSectionAdmin(admin.ModelAdmin):
    list_display = ["number", "heading"]
    ordering = ["number"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ["year", "section", "compliant", "updated_at", "updated_by"]
    list_filter = ["year", "compliant"]
    list_select_related = ["section", "updated_by"]
    fields = ["year", "section", "compliant", "evidence"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(GoverningBodyResponse)
class GoverningBodyResponseAdmin(admin.ModelAdmin):
    list_display = ["year", "member", "responded_on"]
    fields = ["year", "member", "responded_on", "text"]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(RootCause)
class RootCauseAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "theme_code", "position", "in_use"]
    list_editable = ["position", "in_use"]
    search_fields = ["label", "code"]
    fields = ["label", "code", "description", "theme_code", "position", "in_use"]
    prepopulated_fields = {"code": ["label"]}


@admin.register(ComplaintCategory)
class ComplaintCategoryAdmin(admin.ModelAdmin):
    """A category is retired (``in_use`` off) rather than deleted: complaints keep its code."""

    list_display = ["label", "code", "position", "in_use"]
    list_editable = ["position", "in_use"]
    search_fields = ["label", "code"]
    fields = ["label", "code", "position", "in_use"]
    prepopulated_fields = {"code": ["label"]}

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PublicPages)
class PublicPagesAdmin(admin.ModelAdmin):
    list_display = ["__str__", "you_said_we_did", "changed_at"]
    fields = ["you_said_we_did"]

    def has_add_permission(self, request):
        # One row holds the switches.
        return not PublicPages.objects.exists() and super().has_add_permission(request)


class ApprovedQuoteForm(forms.ModelForm):
    class Meta:
        model = ApprovedQuote
        fields = ["coded_comment", "theme_code"]

    def clean(self):
        cleaned = super().clean()
        from doorstep.complaints.quotes import quote_refusal

        if cleaned.get("coded_comment") and cleaned.get("theme_code"):
            refusal = quote_refusal(coded_comment=cleaned["coded_comment"],
                                    theme_code=cleaned["theme_code"])
            if refusal:
                raise forms.ValidationError(refusal)
        return cleaned


@admin.register(ApprovedQuote)
class ApprovedQuoteAdmin(admin.ModelAdmin):
    """A quote is approved from a coded comment: the text kept is always the redacted one."""

    form = ApprovedQuoteForm
    list_display = ["theme_code", "text", "approved_by", "approved_at"]
    list_filter = ["theme_code"]
    raw_id_fields = ["coded_comment"]
    fields = ["coded_comment", "theme_code", "text"]
    readonly_fields = ["text"]

    def save_model(self, request, obj, form, change):
        from doorstep.complaints.quotes import approve_quote

        if change:  # the comment or theme changed: approve afresh
            ApprovedQuote.objects.filter(pk=obj.pk).delete()
        saved = approve_quote(coded_comment=obj.coded_comment, theme_code=obj.theme_code,
                              by=request.user)
        obj.pk, obj.text, obj.approved_by = saved.pk, saved.text, saved.approved_by
        obj.approved_at = saved.approved_at
