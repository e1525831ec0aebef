from django.contrib import admin

from doorstep.measures.models import ConventionChoice


@admin.register(ConventionChoice)
class ConventionChoiceAdmin(admin.ModelAdmin):
    list_display = ["key", "value", "changed_at"]
    readonly_fields = ["changed_at"]
