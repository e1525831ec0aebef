"""Admin screens for survey responses and the residents' comments that came with them."""

from django.contrib import admin

from doorstep.core.admin import ReadOnlyAdmin
from doorstep.surveys.models import (
    QUESTIONS,
    ApproachNotes,
    Comment,
    HouseholdProfile,
    LandlordQuestion,
    ResponseDeletion,
    SampleExclusion,
    Survey,
    SurveyResponse,
    WeightingRun,
)
from doorstep.surveys.services import delete_response

IDENTITY_PERMISSION = "surveys.see_respondent_identity"


def sees_identities(request) -> bool:
    return request.user.has_perm(IDENTITY_PERMISSION)


class CommentInline(admin.TabularInline):
    model = Comment
    fields = ["question", "text"]
    extra = 0


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["response_ref", "survey", "home", "tenure", "completed_on", "channel", "tp01"]
    list_filter = ["survey", "tenure", "channel", "tp01"]
    search_fields = ["response_ref", "home__home_ref"]
    date_hierarchy = "completed_on"
    raw_id_fields = ["home"]
    list_select_related = ["home"]
    ordering = ["-completed_on", "response_ref"]
    show_full_result_count = False
    inlines = [CommentInline]
    fieldsets = [
        (None, {"fields": ["response_ref", "survey", "home", "tenure", "completed_on",
                           "channel", "weight"]}),
        ("Answers", {"fields": [q.lower() for q in QUESTIONS]}),
        ("Filter questions", {"fields": ["had_repair", "made_complaint", "has_communal_areas"]}),
        ("Other", {"fields": ["household_key", "other_answers", "trigger_ref"]}),
    ]

    # Staff who do not need to know who answered see the pseudonymous household key only.
    def get_list_display(self, request):
        if sees_identities(request):
            return self.list_display
        return [name if name != "home" else "household_key" for name in self.list_display]

    def get_search_fields(self, request):
        return self.search_fields if sees_identities(request) else ["response_ref"]

    def get_fieldsets(self, request, obj=None):
        if sees_identities(request):
            return self.fieldsets
        return [
            (title, {"fields": [f for f in options["fields"] if f != "home"]})
            for title, options in self.fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        return ["household_key"]

    # Deleting here is a resident's deletion request too: it must be logged.
    def delete_model(self, request, obj):
        delete_response(response=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for response in queryset:
            delete_response(response=response, by=request.user)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["text_start", "question", "response", "home"]
    list_filter = ["question"]
    search_fields = ["response__response_ref", "text"]
    raw_id_fields = ["response"]
    list_select_related = ["response__home"]
    show_full_result_count = False

    @admin.display(description="comment")
    def text_start(self, comment):
        return str(comment)

    @admin.display(description="home")
    def home(self, comment):
        return comment.response.home

    def get_list_display(self, request):
        if sees_identities(request):
            return self.list_display
        return [name for name in self.list_display if name != "home"]


class LandlordQuestionInline(admin.TabularInline):
    model = LandlordQuestion
    fields = ["code", "kind", "wording", "choices", "placed_after", "position"]
    extra = 0


class ApproachNotesInline(admin.StackedInline):
    model = ApproachNotes
    fields = ["contractor", "incentives", "missed_sample_reasons", "representativeness",
              "other_issues"]
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "tenure_scope", "year", "fieldwork_starts", "fieldwork_ends",
                    "sample_method"]
    list_filter = ["kind", "tenure_scope", "year"]
    search_fields = ["name"]
    readonly_fields = ["sample_method", "sample_seed", "sample_drawn_at"]
    inlines = [LandlordQuestionInline, ApproachNotesInline]


@admin.register(SampleExclusion)
class SampleExclusionAdmin(admin.ModelAdmin):
    list_display = ["survey", "home", "reason", "excluded_at"]
    list_filter = ["survey", "reason"]
    raw_id_fields = ["home"]
    list_select_related = ["survey", "home"]


@admin.register(HouseholdProfile)
class HouseholdProfileAdmin(admin.ModelAdmin):
    list_display = ["home", "age_band", "ethnicity", "disability", "preferred_language"]
    list_filter = ["age_band", "disability"]
    search_fields = ["home__home_ref"]
    raw_id_fields = ["home"]
    list_select_related = ["home"]


@admin.register(WeightingRun)
class WeightingRunAdmin(ReadOnlyAdmin):
    list_display = ["survey", "applied_at", "responses", "design_effect", "effective_sample",
                    "margins_met", "cleared_at"]
    list_filter = ["survey"]


@admin.register(ResponseDeletion)
class ResponseDeletionAdmin(ReadOnlyAdmin):
    list_display = ["response_ref", "survey", "deleted_by_name", "deleted_at", "reason"]
    list_filter = ["survey"]
