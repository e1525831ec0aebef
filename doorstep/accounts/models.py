"""Who may sign in to Doorstep and in which role.

Each person has a Django user (their sign-in) and a profile giving their one role. A
service manager may be limited to some areas; every other role sees the whole landlord.
What each role may see and do is decided in one place, ``doorstep.accounts.access``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    ANALYST = "analyst", "Performance analyst"
    SERVICE_MANAGER = "service_manager", "Service manager"
    COMPLAINTS_HANDLER = "complaints_handler", "Complaints handler"
    ENGAGEMENT_OFFICER = "engagement_officer", "Engagement officer"
    BOARD_MEMBER = "board_member", "Board member"
    PANEL_MEMBER = "panel_member", "Scrutiny panel member"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    areas = models.TextField(
        blank=True,
        help_text="Service managers only: the areas they look after, one a line, written "
        "exactly as in the homes' area. Blank: every area.",
    )

    class Meta:
        verbose_name = "role"

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    @property
    def area_list(self) -> list[str]:
        return sorted({line.strip() for line in self.areas.splitlines() if line.strip()})

    def clean(self):
        if self.area_list and self.role != Role.SERVICE_MANAGER:
            raise ValidationError(
                {"areas": "Only a service manager can be limited to some areas: clear the "
                 "areas or choose the service manager role."}
            )
