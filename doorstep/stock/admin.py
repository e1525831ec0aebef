"""Admin screens for the stock. With 130,000 homes, foreign keys to homes and buildings are
raw ids (a select box would load every home) and filters are on short coded fields only."""

from django.contrib import admin

from doorstep.stock.models import (
    Building,
    Home,
    SafetyCheck,
    SafetyRequirement,
    StockConditionAssessment,
)


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["building_ref", "name", "postcode", "uprn"]
    search_fields = ["building_ref", "name", "postcode", "uprn"]
    ordering = ["building_ref"]


@admin.register(Home)
class HomeAdmin(admin.ModelAdmin):
    list_display = [
        "home_ref", "tenure", "area", "scheme", "building", "owned", "needs_type", "postcode",
        "acquired_on", "disposed_on",
    ]
    list_filter = ["tenure", "owned", "needs_type", "decent_homes_applies", "area"]
    search_fields = ["home_ref", "postcode", "uprn", "scheme"]
    raw_id_fields = ["building"]
    list_select_related = ["building"]
    ordering = ["home_ref"]
    # Counting every home again for the "of N" figure costs a second full scan on each page.
    show_full_result_count = False


@admin.register(StockConditionAssessment)
class StockConditionAssessmentAdmin(admin.ModelAdmin):
    list_display = ["assessment_ref", "home", "assessed_on", "meets_decent_homes", "reason"]
    list_filter = ["meets_decent_homes"]
    search_fields = ["assessment_ref", "home__home_ref"]
    date_hierarchy = "assessed_on"
    raw_id_fields = ["home"]
    list_select_related = ["home"]
    ordering = ["-assessed_on", "assessment_ref"]
    show_full_result_count = False


class SafetyAssetAdmin(admin.ModelAdmin):
    """Requirements and checks belong to a home or to a whole building."""

    list_filter = ["check_type"]
    raw_id_fields = ["home", "building"]
    list_select_related = ["home", "building"]
    show_full_result_count = False

    @admin.display(description="home or building")
    def asset(self, obj):
        return obj.asset_ref


@admin.register(SafetyRequirement)
class SafetyRequirementAdmin(SafetyAssetAdmin):
    list_display = ["requirement_ref", "asset", "check_type", "required_from", "required_until"]
    search_fields = ["requirement_ref", "home__home_ref", "building__building_ref"]
    ordering = ["requirement_ref"]


@admin.register(SafetyCheck)
class SafetyCheckAdmin(SafetyAssetAdmin):
    list_display = ["check_ref", "asset", "check_type", "completed_on", "valid_until"]
    search_fields = ["check_ref", "home__home_ref", "building__building_ref"]
    date_hierarchy = "completed_on"
    ordering = ["-completed_on", "check_ref"]
