from django.contrib import admin

from doorstep.ops.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["label", "status", "started_by", "created_at", "finished_at", "message"]
    list_filter = ["status"]
    search_fields = ["label", "message"]
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request):
        return False
