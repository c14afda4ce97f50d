"""Personal access tokens: how an assistant or a script reaches the person's data.

A token reads `rbt_<id>_<secret>`. Only an HMAC of the id and the secret is
kept, so the database (or an export of it) never holds a working token, and a
row copied into another account by an import gets a new id and matches nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class Scope(models.TextChoices):
    READ = "read", "Read only"
    WRITE = "write", "Read and write"
    APPLICATIONS = "applications", "Read, and write applications only"


class AccessTokenQuerySet(models.QuerySet):
    def owned_by(self, user) -> AccessTokenQuerySet:
        return self.filter(owner=user)

    def usable(self, now=None) -> AccessTokenQuerySet:
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class AccessToken(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(max_length=100)
    # What the person sees in the list to tell tokens apart ("rbt_12_Ab3x").
    key_prefix = models.CharField(max_length=20)
    key_digest = models.CharField(max_length=64)
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    def get_absolute_url(self) -> str:
        return reverse("api_tokens")

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def can_write(self) -> bool:
        return self.scope in (Scope.WRITE, Scope.APPLICATIONS)

    def can_write_to(self, area: str) -> bool:
        """`area` is "applications" or anything else the API writes."""
        if self.scope == Scope.WRITE:
            return True
        return self.scope == Scope.APPLICATIONS and area == "applications"
