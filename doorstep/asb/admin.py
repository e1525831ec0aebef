"""Admin screen for anti-social behaviour cases."""

from django.contrib import admin

from doorstep.asb.models import AsbCase


@admin.register(AsbCase)
class AsbCaseAdmin(admin.ModelAdmin):
    list_display = ["case_ref", "home", "opened_on", "closed_on", "hate_related", "category"]
    list_filter = ["hate_related", "category"]
    search_fields = ["case_ref", "home__home_ref"]
    date_hierarchy = "opened_on"
    raw_id_fields = ["home"]
    list_select_related = ["home"]
    ordering = ["-opened_on", "case_ref"]
    show_full_result_count = False
