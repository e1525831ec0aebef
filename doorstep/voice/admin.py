"""Admin screens: analysts edit the theme framework here; staff see coding and corrections."""

from django.contrib import admin

from doorstep.voice.models import (
    CodedComment,
    Correction,
    HazardFlag,
    LearnedPhrase,
    Theme,
    ThemeFramework,
    ThemeMention,
)


class ThemeInline(admin.StackedInline):
    model = Theme
    extra = 0
    fields = (
        "position",
        "code",
        "label",
        "description",
        "example_phrases",
        "related_measures",
        "phrases",
    )


@admin.register(ThemeFramework)
class ThemeFrameworkAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "is_active", "created_at")
    inlines = [ThemeInline]


@admin.register(LearnedPhrase)
class LearnedPhraseAdmin(admin.ModelAdmin):
    list_display = ("theme", "phrase", "comments_seen", "is_active", "created_at")
    list_filter = ("is_active", "theme__code")
    list_editable = ("is_active",)


class ThemeMentionInline(admin.TabularInline):
    model = ThemeMention
    extra = 0
    readonly_fields = ("theme_code", "sentiment", "matched_words", "by_staff")


class HazardFlagInline(admin.TabularInline):
    model = HazardFlag
    extra = 0
    readonly_fields = ("kind", "sub_kind", "matched_words", "flagged_on", "follow_up_by")


@admin.register(CodedComment)
class CodedCommentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "source", "sentiment", "received_on", "themes_corrected")
    list_filter = ("source", "sentiment", "themes_corrected", "mentions__theme_code")
    search_fields = ("redacted_text",)
    readonly_fields = (
        "source",
        "survey_comment",
        "complaint",
        "repair",
        "asb_case",
        "home",
        "text",
        "redacted_text",
        "sentiment_score",
        "framework",
        "coder",
    )
    inlines = [ThemeMentionInline, HazardFlagInline]


@admin.register(HazardFlag)
class HazardFlagAdmin(admin.ModelAdmin):
    list_display = (
        "coded_comment",
        "kind",
        "sub_kind",
        "follow_up_by",
        "followed_up_at",
        "hazard_case_ref",
    )
    list_filter = ("kind", "sub_kind")
    date_hierarchy = "follow_up_by"


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("coded_comment", "field", "before", "after", "corrected_by", "corrected_at")
    list_filter = ("field",)
    readonly_fields = ("coded_comment", "corrected_by", "corrected_at", "field", "before", "after")
