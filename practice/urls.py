from django.urls import path

from . import views

app_name = "practice"

urlpatterns = [
    path("questions/", views.QuestionListView.as_view(), name="question_list"),
    path("questions/new/", views.QuestionCreateView.as_view(), name="question_create"),
    path("questions/<int:pk>/", views.QuestionDetailView.as_view(), name="question_detail"),
    path("questions/<int:pk>/edit/", views.QuestionUpdateView.as_view(), name="question_update"),
    path("questions/<int:pk>/delete/", views.QuestionDeleteView.as_view(), name="question_delete"),
    path("stories/", views.StoryListView.as_view(), name="story_list"),
    path("stories/new/", views.StoryCreateView.as_view(), name="story_create"),
    path("stories/<int:pk>/", views.StoryDetailView.as_view(), name="story_detail"),
    path("stories/<int:pk>/edit/", views.StoryUpdateView.as_view(), name="story_update"),
    path("stories/<int:pk>/delete/", views.StoryDeleteView.as_view(), name="story_delete"),
    path("", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path(
        "plans/from-rejection/<int:rejection_pk>/",
        views.plan_create_from_rejection,
        name="plan_create_from_rejection",
    ),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/more/", views.plan_add_more, name="plan_add_more"),
    path("plans/<int:pk>/delete/", views.PlanDeleteView.as_view(), name="plan_delete"),
    path("plans/<int:pk>/items/new/", views.plan_item_add, name="plan_item_add"),
    path("items/<int:pk>/toggle/", views.plan_item_toggle, name="plan_item_toggle"),
    path("items/<int:pk>/delete/", views.plan_item_delete, name="plan_item_delete"),
    path("plans/<int:pk>/practise/", views.session_start, name="session_start"),
    path("items/<int:pk>/practise/", views.session_question, name="session_question"),
    path("items/<int:pk>/attempts/", views.attempt_create, name="attempt_create"),
    path("answers/<int:pk>/", views.attempt_detail, name="attempt_detail"),
    path("answers/<int:pk>/text/", views.attempt_transcript, name="attempt_transcript"),
    path("answers/<int:pk>/status/", views.attempt_status, name="attempt_status"),
    path("plans/<int:pk>/mock/", views.mock_start, name="mock_start"),
    path("mock/<int:pk>/", views.mock_summary, name="mock_summary"),
]
