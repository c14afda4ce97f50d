from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views

urlpatterns = [
    path("", account_views.landing, name="landing"),
    path("home/", account_views.home, name="home"),
    path("settings/", account_views.settings_view, name="settings"),
    path("settings/delete/", account_views.delete_account, name="delete_account"),
    # Export everything / import into an empty account (portability/urls.py).
    path("settings/", include("portability.urls")),
    path("floor/", account_views.floor, name="floor"),
    path("applications/", include("applications.urls")),
    path("feedback/", include("feedback.urls")),
    path("practice/", include("practice.urls")),
    path("reminders/", include("reminders.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

# allauth renders this when one of its rate limits is reached.
handler429 = "accounts.views.rate_limited"
