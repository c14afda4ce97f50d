from django.contrib import admin

from .models import Share


@admin.register(Share)
class ShareAdmin(admin.ModelAdmin):
    # Ids and states only: what was shared and the coach's words stay private.
    list_display = ["pk", "kind", "way", "created_at", "expires_at", "revoked_at"]
    fields = ["kind", "way", "created_at", "expires_at", "revoked_at"]
    readonly_fields = fields
