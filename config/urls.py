from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from api import urls as api_urls
from capture import webapp
from reminders import views as reminder_views

# Staff log in through allauth too, so its rate limits and two-factor apply.
# https://docs.allauth.org/en/latest/common/admin.html
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", account_views.landing, name="landing"),
    # Home is the person's next actions, with their snoozes and dismissals (reminders).
    path("home/", reminder_views.home, name="home"),
    path("home/actions/", reminder_views.all_actions, name="all_actions"),
    path("settings/", account_views.settings_view, name="settings"),
    path("settings/delete/", account_views.delete_account, name="delete_account"),
    # Export everything / import into an empty account (portability/urls.py).
    path("settings/", include("portability.urls")),
    # Personal access tokens (api/views.py) and the REST API (api/v1.py).
    path("", include(api_urls.settings_urls)),
    path(
        "api/v1/",
        include((api_urls.api_patterns, api_urls.api_app_name), namespace=api_urls.api_namespace),
    ),
    path("floor/", account_views.floor, name="floor"),
    path("applications/", include("applications.urls")),
    path("feedback/", include("feedback.urls")),
    path("practice/", include("practice.urls")),
    path("reminders/", include("reminders.urls")),
    # Ahead of allauth's own, under the same name (accounts/views.py says why).
    path("accounts/logout/", account_views.LogoutView.as_view(), name="account_logout"),
    path("capture/", include("capture.urls")),
    # Sharing with a coach: the person's shares, "Shared with me", private links.
    path("", include("sharing.urls")),
    # Rebound as an installable web app (capture/webapp.py).
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    path("sw.js", webapp.service_worker, name="service_worker"),
    path("offline/", webapp.offline, name="offline"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

# allauth renders this when one of its rate limits is reached.
handler429 = "accounts.views.rate_limited"
