"""The admin's history names rows by their kind and id, never by their text.

Django's admin writes `str(obj)` into each history entry (`object_repr`): a job
title at a company, a contact's name, an email address. The entry outlives the
row, so a person's words would stay in the admin's history after they deleted
their account. Here every ModelAdmin registered on the site writes "application
12" instead; account deletion then removes the entries about the person's rows
(accounts/services.py), and what is left about rows already deleted names
nobody. https://docs.djangoproject.com/en/6.1/ref/contrib/admin/#overriding-the-default-admin-site
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType


def history_name(obj) -> str:
    return f"{obj._meta.verbose_name} {obj.pk}"


def log_without_text(*, user_id: int, objects, action_flag: int, message="") -> list[LogEntry]:
    if isinstance(message, list):
        message = json.dumps(message)
    return LogEntry.objects.bulk_create(
        [
            LogEntry(
                user_id=user_id,
                content_type_id=ContentType.objects.get_for_model(obj, for_concrete_model=False).id,
                object_id=str(obj.pk),
                object_repr=history_name(obj)[:200],
                action_flag=action_flag,
                change_message=message,
            )
            for obj in objects
        ]
    )


class HistoryWithoutText:
    """ModelAdmin logging (the three methods Django documents) without `str(obj)`."""

    def log_addition(self, request, obj, message):
        return log_without_text(
            user_id=request.user.pk, objects=[obj], action_flag=ADDITION, message=message
        )[0]

    def log_change(self, request, obj, message):
        return log_without_text(
            user_id=request.user.pk, objects=[obj], action_flag=CHANGE, message=message
        )[0]

    def log_deletions(self, request, queryset):
        return log_without_text(user_id=request.user.pk, objects=queryset, action_flag=DELETION)


class ReboundAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        private = type(
            admin_class.__name__,
            (HistoryWithoutText, admin_class),
            {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
        )
        return super().register(model_or_iterable, private, **options)
