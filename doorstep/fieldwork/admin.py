"""The fieldwork log in the admin: read only, since it is the record of who entered what."""

from django.contrib import admin

from doorstep.core.admin import ReadOnlyAdmin
from doorstep.fieldwork.models import EntryLog, InterviewerNote


@admin.register(EntryLog)
class EntryLogAdmin(ReadOnlyAdmin):
    list_display = ["entered_at", "survey", "response_ref", "channel", "source", "entered_by_name"]
    list_filter = ["survey", "channel", "source"]
    search_fields = ["response_ref", "entered_by_name"]
    date_hierarchy = "entered_at"


@admin.register(InterviewerNote)
class InterviewerNoteAdmin(ReadOnlyAdmin):
    list_display = ["response", "written_at"]
    raw_id_fields = ["response"]

    def has_delete_permission(self, request, obj=None):
        # A note goes with its response when a resident asks for that to be deleted; the
        # admin must allow that cascade.
        return super(ReadOnlyAdmin, self).has_delete_permission(request, obj)
