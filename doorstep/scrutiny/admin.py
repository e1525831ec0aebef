from django.contrib import admin

from doorstep.scrutiny.models import (
    Membership,
    Panel,
    ResidentRequest,
    Review,
    ScrutinySettings,
)


@admin.register(ScrutinySettings)
class ScrutinySettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "response_working_days", "supporters_needed")


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ("name",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "joined_on", "left_on")


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("review_ref", "title", "stage")
    readonly_fields = ("stage",)


@admin.register(ResidentRequest)
class ResidentRequestAdmin(admin.ModelAdmin):
    """Who asked and who supported: for the landlord to reply and check, never the panel."""

    list_display = ("received_at", "name", "supporters_found", "meets_threshold", "review")
    readonly_fields = ("client_key", "supporters_found", "meets_threshold", "received_at")
