from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from doorstep.accounts import sign_in
from doorstep.accounts.models import Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    verbose_name_plural = "role in Doorstep"


class UserWithRoleAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ("username", "email", "role", "is_active", "is_staff")
    list_filter = ("profile__role", "is_active", "is_staff")
    list_select_related = ("profile",)
    actions = ["unlock_sign_in"]

    @admin.display(description="role", ordering="profile__role")
    def role(self, user):
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else "none (cannot see anything)"


    @admin.action(description="Unlock sign-in (clear failed attempts from every address)")
    def unlock_sign_in(self, request, queryset):
        cleared = sum(sign_in.unlock(username=user.get_username()) for user in queryset)
        self.message_user(request, f"Unlocked {queryset.count()} sign-in(s); cleared {cleared} "
                          "record(s) of failed attempts.", messages.SUCCESS)


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserWithRoleAdmin)
