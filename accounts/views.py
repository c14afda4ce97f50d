from datetime import timedelta

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from reminders.services import actions_for

from .forms import DeleteAccountForm, SettingsForm
from .security import record
from .services import account_delete

# Logging out or deleting the account also clears what this site stored in the
# browser (autosave's drafts in localStorage), so the next person at a shared
# computer finds none of it. https://www.w3.org/TR/clear-site-data/
CLEAR_STORAGE = '"storage"'


@login_not_required  # allauth's view decides what an anonymous visitor sees
def logout_view(request: HttpRequest) -> HttpResponse:
    """allauth's logout, plus the header that clears the browser's stored drafts."""
    response = allauth_views.logout(request)
    if request.method == "POST" and not request.user.is_authenticated:
        response["Clear-Site-Data"] = CLEAR_STORAGE
    return response


@login_not_required
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "landing.html")


def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's yardstick: the cheapest signed-in page (session, user, template)."""
    return render(request, "floor.html")


# The home page shows the top of the list; the rest is one click away.
HOME_DUE_SHOWN = 5
HOME_LATER_SHOWN = 3


def _actions_page(request: HttpRequest, template: str, *, due_shown=None, later_shown=None):
    now = timezone.now()
    user = request.user
    actions = actions_for(user, now)
    due = [a for a in actions if a.is_due(now)]
    later = [a for a in actions if not a.is_due(now)]
    return render(
        request,
        template,
        {
            "due_actions": due[:due_shown],
            "later_actions": later[:later_shown],
            "due_count": len(due),
            "later_count": len(later),
            "hidden_count": len(actions) - len(due[:due_shown]) - len(later[:later_shown]),
            # Worked out once for every action's snooze and dismiss forms.
            "action_update_url": reverse("reminders:action_update"),
            "here": request.get_full_path(),
            # The earliest day a snooze can last until.
            "tomorrow": user.local_today(now) + timedelta(days=1),
        },
    )


def home(request: HttpRequest) -> HttpResponse:
    return _actions_page(
        request, "home.html", due_shown=HOME_DUE_SHOWN, later_shown=HOME_LATER_SHOWN
    )


def all_actions(request: HttpRequest) -> HttpResponse:
    """Every next action, due now and coming up, for when the home page's top few are not enough."""
    return _actions_page(request, "next_actions.html")


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


@login_not_required
def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """allauth answers with this when a rate limit is reached (ROOT_URLCONF.handler429)."""
    record("rate_limited", request=request, path=request.path)
    return render(request, "429.html", status=429)
