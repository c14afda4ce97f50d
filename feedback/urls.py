from django.urls import path

from . import views_outreach

app_name = "feedback"

urlpatterns: list = []

# Feedback request, feedback call and subject access request (views_outreach).
urlpatterns += [
    path("rejections/<int:pk>/request/new/", views_outreach.request_create, name="request_create"),
    path("requests/<int:pk>/", views_outreach.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", views_outreach.request_update, name="request_update"),
    path("requests/<int:pk>/sent/", views_outreach.request_mark_sent, name="request_mark_sent"),
    path(
        "requests/<int:pk>/follow-up/", views_outreach.request_follow_up, name="request_follow_up"
    ),
    path("requests/<int:pk>/outcome/", views_outreach.request_outcome, name="request_outcome"),
    path("rejections/<int:pk>/call/new/", views_outreach.call_create, name="call_create"),
    path("calls/<int:pk>/", views_outreach.call_detail, name="call_detail"),
    path("calls/<int:pk>/prepare/", views_outreach.call_prepare, name="call_prepare"),
    path("calls/<int:pk>/notes/", views_outreach.call_notes, name="call_notes"),
    path("calls/<int:pk>/autosave/", views_outreach.call_autosave, name="call_autosave"),
    path("calls/<int:pk>/thank-you/", views_outreach.call_thank_you, name="call_thank_you"),
    path("rejections/<int:pk>/access-request/new/", views_outreach.sar_create, name="sar_create"),
    path("access-requests/<int:pk>/", views_outreach.sar_detail, name="sar_detail"),
    path("access-requests/<int:pk>/edit/", views_outreach.sar_update, name="sar_update"),
]
