"""Admin screens for survey responses and the residents' comments that came with them."""

from django.contrib import admin

from doorstep.surveys.models import QUESTIONS, Comment, SurveyResponse


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
    ]


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
