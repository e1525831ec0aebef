"""API tokens: one person's key for the read API, carrying that person's role.

Only a SHA-256 hash of a token is kept: the token itself is shown once, when it is made, and
cannot be read back (a token is 40 random bytes, so a plain hash is as strong as a slow one
and can be looked up in one query). ``prefix`` (the token's first characters) is kept so a
person can tell their tokens apart in the list. A revoked token stays, marked, so the list
shows when it was last used and when it was stopped.
"""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. Power BI")
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class RateWindow(models.Model):
    """How many requests a token made in one minute: the rate limit counts here, in the
    database, so that every server process shares the count."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    requests = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "started_at"], name="one_rate_window")
        ]

    def __str__(self):
        return f"{self.requests} requests from {self.started_at:%H:%M}"
