from django.contrib import admin

from .models import (
    CallQuestion,
    FeedbackCall,
    FeedbackRequest,
    ReasonTag,
    Reflection,
    Rejection,
    RubricRating,
    SubjectAccessRequest,
)


class ReasonTagInline(admin.TabularInline):
    model = ReasonTag
    extra = 0


@admin.register(Rejection)
class RejectionAdmin(admin.ModelAdmin):
    list_display = ["application", "owner", "received_on", "stage", "channel"]
    list_filter = ["stage", "channel"]
    search_fields = ["application__title", "application__company__name", "owner__email"]
    date_hierarchy = "received_on"
    raw_id_fields = ["owner", "application"]
    list_select_related = ["application__company", "owner"]
    inlines = [ReasonTagInline]


class RubricRatingInline(admin.TabularInline):
    model = RubricRating
    extra = 0
    fields = ["area", "rating", "note"]


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    list_display = ["rejection", "owner", "status", "wanted_role", "updated_at"]
    list_filter = ["status"]
    raw_id_fields = ["owner", "rejection"]
    list_select_related = ["rejection__application__company", "owner"]
    inlines = [RubricRatingInline]


@admin.register(RubricRating)
class RubricRatingAdmin(admin.ModelAdmin):
    list_display = ["rejection", "source", "area", "rating"]
    list_filter = ["source", "area"]
    raw_id_fields = ["owner", "rejection", "reflection", "call"]
    list_select_related = ["rejection__application__company"]


@admin.register(FeedbackRequest)
class FeedbackRequestAdmin(admin.ModelAdmin):
    list_display = ["rejection", "owner", "channel", "style", "sent_at", "outcome"]
    list_filter = ["outcome", "channel", "style"]
    raw_id_fields = ["owner", "rejection", "contact"]
    list_select_related = ["rejection__application__company", "owner"]


class CallQuestionInline(admin.TabularInline):
    model = CallQuestion
    extra = 0


@admin.register(FeedbackCall)
class FeedbackCallAdmin(admin.ModelAdmin):
    list_display = ["rejection", "owner", "scheduled_at", "status"]
    list_filter = ["status"]
    raw_id_fields = ["owner", "rejection", "request"]
    list_select_related = ["rejection__application__company", "owner"]
    inlines = [CallQuestionInline]


@admin.register(SubjectAccessRequest)
class SubjectAccessRequestAdmin(admin.ModelAdmin):
    list_display = ["organisation_name", "owner", "sent_on", "due_on", "received_on"]
    raw_id_fields = ["owner", "rejection", "application"]
    list_select_related = ["owner"]
