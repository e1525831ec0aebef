"""Admin screens: the survey links (household key only, never the token) and the page where
an administrator confirms translations of the TSM questions."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from doorstep.accounts import access
from doorstep.core.admin import ReadOnlyAdmin
from doorstep.resident.models import Invitation, TranslationConfirmation
from doorstep.resident.translations import confirm_translation, translation_statuses
from doorstep.surveys.services import SurveyError


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read only: links are issued with ``doorstep survey-invite``. Deleting one withdraws it."""

    list_display = ["survey", "household_key", "language", "expires_at", "used_at"]
    list_filter = ["survey", "language"]
    fields = ["survey", "household_key", "language", "expires_at", "used_at", "created_at"]
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TranslationConfirmation)
class TranslationConfirmationAdmin(ReadOnlyAdmin):
    """Not a list of rows: every TSM question in every language, with its state, and a
    button to record that a qualified translator confirmed it (administrators only)."""

    def has_module_permission(self, request):
        return access.can_administer(request.user)

    def has_view_permission(self, request, obj=None):
        return access.can_administer(request.user)

    def changelist_view(self, request, extra_context=None):
        access.require(request.user, access.ADMINISTER)
        if request.method == "POST":
            return self._confirm(request)
        statuses = translation_statuses()
        return TemplateResponse(request, "admin/resident/translation_status.html", {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Translations of the TSM questions",
            "statuses": statuses,
            "unconfirmed": sum(not status.is_confirmed for status in statuses),
        })

    def _confirm(self, request):
        language, code = request.POST.get("language", ""), request.POST.get("question", "")
        try:
            confirm_translation(language=language, code=code, by=request.user)
        except SurveyError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, f"{code} in {language} is confirmed as it now reads.")
        return redirect(request.path)
