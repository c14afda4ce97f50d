from django.urls import path

from . import views

app_name = "capture"

urlpatterns = [
    path("posting/", views.posting_paste, name="posting_paste"),
    path("share/", views.share, name="share"),
]
