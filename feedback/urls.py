from django.urls import path

from . import views

app_name = "feedback"

# Rejections, reflection, comparison and patterns (views).
urlpatterns: list = [
    path("rejections/", views.rejection_list, name="rejection_list"),
    path("rejections/patterns/", views.patterns, name="patterns"),
    path(
        "applications/<int:application_pk>/rejection/new/",
        views.rejection_create,
        name="rejection_create",
    ),
    path("rejections/<int:pk>/", views.rejection_detail, name="rejection_detail"),
    path("rejections/<int:pk>/edit/", views.rejection_update_view, name="rejection_update"),
    path("rejections/<int:pk>/delete/", views.rejection_delete, name="rejection_delete"),
    path(
        "rejections/<int:rejection_pk>/reflection/",
        views.reflection_edit,
        name="reflection_edit",
    ),
    path(
        "rejections/<int:rejection_pk>/reflection/autosave/",
        views.reflection_autosave,
        name="reflection_autosave",
    ),
    path("rejections/<int:rejection_pk>/comparison/", views.comparison, name="comparison"),
]

# Feedback request, feedback call and subject access request.
urlpatterns += [
    path("rejections/<int:pk>/request/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", views.request_update, name="request_update"),
    path("requests/<int:pk>/sent/", views.request_mark_sent, name="request_mark_sent"),
    path("requests/<int:pk>/follow-up/", views.request_follow_up, name="request_follow_up"),
    path("requests/<int:pk>/outcome/", views.request_outcome, name="request_outcome"),
    path("rejections/<int:pk>/call/new/", views.call_create, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/prepare/", views.call_prepare, name="call_prepare"),
    path("calls/<int:pk>/notes/", views.call_notes, name="call_notes"),
    path("calls/<int:pk>/autosave/", views.call_autosave, name="call_autosave"),
    path("calls/<int:pk>/thank-you/", views.call_thank_you, name="call_thank_you"),
    path("rejections/<int:pk>/access-request/new/", views.sar_create, name="sar_create"),
    path("access-requests/<int:pk>/", views.sar_detail, name="sar_detail"),
    path("access-requests/<int:pk>/edit/", views.sar_update, name="sar_update"),
]
