from django.contrib import admin

from doorstep.involvement.models import (
    Activity,
    ActivityLog,
    CaseStudy,
    ConsentLog,
    Feedback,
    Participant,
    SocialValue,
    SocialValueLog,
)


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    raw_id_fields = ["home"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["activity_ref", "title", "kind", "held_on", "area"]
    list_filter = ["kind", "channel"]
    search_fields = ["activity_ref", "title"]
    filter_horizontal = ["actions", "recommendations"]
    inlines = [ParticipantInline]


@admin.register(SocialValue)
class SocialValueAdmin(admin.ModelAdmin):
    list_display = ["outcome", "pounds_per_unit", "unit", "source"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["activity", "channel", "listened", "changed", "again", "received_on"]
    list_filter = ["channel"]


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ["title", "activity", "consent_on", "approved"]


@admin.register(ActivityLog, ConsentLog, SocialValueLog)
class LogAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "summary", "by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
