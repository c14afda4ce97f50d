from django.contrib import admin

from .models import Attempt, MockInterview, MockQuestion, Plan, PlanItem, Question, Story


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "category", "owner", "bank_key", "updated_at"]
    list_filter = ["category", ("owner", admin.EmptyFieldListFilter)]
    search_fields = ["text", "tip", "bank_key", "owner__email"]
    raw_id_fields = ["owner", "interview_question"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "strength", "updated_at"]
    search_fields = ["title", "owner__email"]
    raw_id_fields = ["owner"]
    filter_horizontal = ["questions"]


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    raw_id_fields = ["question"]
    fields = ["position", "kind", "text", "question", "done", "due_on", "interval_days"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "created_at", "updated_at"]
    search_fields = ["title", "owner__email"]
    raw_id_fields = ["owner", "application", "interview", "rejection"]
    inlines = [PlanItemInline]


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "kind", "done", "due_on", "interval_days"]
    list_filter = ["kind", "done"]
    raw_id_fields = ["plan", "question"]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["item", "rating", "seconds_taken", "created_at"]
    list_filter = ["rating"]
    raw_id_fields = ["item", "mock"]


class MockQuestionInline(admin.TabularInline):
    model = MockQuestion
    extra = 0
    raw_id_fields = ["item"]


@admin.register(MockInterview)
class MockInterviewAdmin(admin.ModelAdmin):
    list_display = ["plan", "started_at", "finished_at"]
    raw_id_fields = ["plan"]
    inlines = [MockQuestionInline]
