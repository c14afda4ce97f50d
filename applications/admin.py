from django.contrib import admin

from .models import Application, Company, Contact, Interview, InterviewQuestion, StatusChange


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "website", "created_at"]
    search_fields = ["name", "owner__email"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "company", "owner", "email"]
    list_filter = ["role"]
    search_fields = ["name", "email", "company__name", "owner__email"]
    list_select_related = ["company", "owner"]
    raw_id_fields = ["owner", "company"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["from_status", "to_status", "changed_at", "note"]


class InterviewInline(admin.TabularInline):
    model = Interview
    extra = 0
    fields = ["round", "kind", "starts_at", "duration_minutes", "gut_rating"]
    show_change_link = True


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "owner", "status", "date_applied", "interest", "updated_at"]
    list_filter = ["status", "work_mode", "source", "date_applied"]
    search_fields = ["title", "company__name", "owner__email", "notes"]
    list_select_related = ["company", "owner"]
    raw_id_fields = ["owner", "company"]
    filter_horizontal = ["contacts"]
    date_hierarchy = "date_applied"
    inlines = [StatusChangeInline, InterviewInline]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["application", "from_status", "to_status", "changed_at"]
    list_filter = ["to_status"]
    search_fields = ["application__title", "application__company__name", "note"]
    list_select_related = ["application__company"]
    raw_id_fields = ["application"]


class InterviewQuestionInline(admin.TabularInline):
    model = InterviewQuestion
    extra = 0
    fields = ["position", "text"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["application", "round", "kind", "starts_at", "gut_rating"]
    list_filter = ["kind", "starts_at"]
    search_fields = ["application__title", "application__company__name", "notes"]
    list_select_related = ["application__company"]
    raw_id_fields = ["application"]
    filter_horizontal = ["interviewers"]
    inlines = [InterviewQuestionInline]


@admin.register(InterviewQuestion)
class InterviewQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "interview"]
    search_fields = ["text", "interview__application__title"]
    list_select_related = ["interview__application__company"]
    raw_id_fields = ["interview"]
