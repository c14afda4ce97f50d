from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import DeleteAccountForm, SettingsForm
from .security import record
from .services import account_delete

# Logging out or deleting the account also clears what this site stored in the
# browser (autosave's drafts in localStorage), so the next person at a shared
# computer finds none of it. Browsers honour this only over HTTPS or on
# localhost; rebound.js clears the drafts too.
# https://www.w3.org/TR/clear-site-data/
CLEAR_STORAGE = '"storage"'


@login_not_required
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "landing.html")


def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's yardstick: the cheapest signed-in page (session, user, template)."""
    return render(request, "floor.html")


def settings_view(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("settings")
    return render(request, "accounts/settings.html", {"form": form})


def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete everything the person keeps in Rebound, after they type their password."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user, request=request)
        auth_logout(request)
        messages.info(
            request,
            "Your account and everything in it have been deleted, and you are logged out "
            "everywhere. Thank you for using Rebound, and good luck with what comes next.",
        )
        response = redirect("landing")
        response["Clear-Site-Data"] = CLEAR_STORAGE
        return response
    return render(request, "accounts/delete_account.html", {"form": form})


class LogoutView(allauth_views.LogoutView):
    """allauth's logout, telling the browser to forget the drafts it keeps."""

    def post(self, *args, **kwargs) -> HttpResponse:
        response = super().post(*args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_STORAGE
        return response


@login_not_required
def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """allauth answers with this when a rate limit is reached (ROOT_URLCONF.handler429)."""
    record("rate_limited", request=request, path=request.path)
    return render(request, "429.html", status=429)
