"""Admin screens: the imported releases (read-only) and the analysts' peer groups."""

from django.contrib import admin

from doorstep.benchmarks.models import PeerGroup, PeerLandlord, Release


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["year", "file_name", "imported_at", "proportions_rounded_to"]
    readonly_fields = [
        "year", "file_name", "file_sha256", "imported_at", "proportions_rounded_to",
        "report", "left_out", "fixes",
    ]  # fmt: skip

    def has_add_permission(self, request):
        # Releases come only from the regulator's file (doorstep benchmarks import).
        return False


@admin.register(PeerLandlord)
class PeerLandlordAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "release", "landlord_type", "size_band", "region"]
    list_filter = ["release", "landlord_type", "size_band", "region", "supported_housing"]
    search_fields = ["code", "name"]
    list_select_related = ["release"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PeerGroup)
class PeerGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "changed_at"]
    search_fields = ["name", "description"]
