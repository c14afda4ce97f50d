from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("action/", views.action_update, name="action_update"),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
