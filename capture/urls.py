from django.urls import path

from . import email_views, views

app_name = "capture"

urlpatterns = [
    path("posting/", views.posting_paste, name="posting_paste"),
    path("share/", views.share, name="share"),
    path("email/", email_views.email_paste, name="email_paste"),
    path("email/record/", email_views.email_record_view, name="email_record"),
]
