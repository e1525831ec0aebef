from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

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

    @admin.display(description="role", ordering="profile__role")
    def role(self, user):
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else "none (cannot see anything)"


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserWithRoleAdmin)
