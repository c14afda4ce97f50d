from django.contrib import admin

from .models import ActionState, DigestSend, ReminderPreference


@admin.register(ActionState)
class ActionStateAdmin(admin.ModelAdmin):
    list_display = ["owner", "key", "state", "snoozed_until", "updated_at"]
    list_filter = ["state"]
    search_fields = ["owner__email", "key"]


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["owner", "email_enabled", "send_at"]
    list_filter = ["email_enabled"]
    search_fields = ["owner__email"]


@admin.register(DigestSend)
class DigestSendAdmin(admin.ModelAdmin):
    list_display = ["owner", "local_date", "action_count", "sent_at"]
    search_fields = ["owner__email"]
    date_hierarchy = "local_date"
