"""Import runs are the audit trail of what came in: they can be read, never edited."""

from django.contrib import admin

from doorstep.core.admin import ReadOnlyAdmin
from doorstep.imports.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = [
        "started_at", "dataset", "file_name", "outcome", "rows", "created", "updated",
        "unchanged", "error_count", "run_by",
    ]
    list_filter = ["outcome", "dataset"]
    search_fields = ["file_name", "file_sha256", "run_by"]
    date_hierarchy = "started_at"
    list_select_related = ["user"]
