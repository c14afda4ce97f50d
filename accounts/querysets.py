from __future__ import annotations

from django.db import models


class OwnedQuerySet(models.QuerySet):
    """For models with a direct `owner` foreign key to the person."""

    def owned_by(self, user) -> OwnedQuerySet:
        return self.filter(owner=user)
