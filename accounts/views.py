from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from . import next_actions
from .forms import SettingsForm


@login_not_required
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "landing.html")


def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's yardstick: the cheapest signed-in page (session, user, template)."""
    return render(request, "floor.html")


def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    actions = next_actions.collect_for(request.user, now)
    return render(
        request,
        "home.html",
        {
            "due_actions": [a for a in actions if a.is_due(now)],
            "later_actions": [a for a in actions if not a.is_due(now)],
        },
    )


def settings_view(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("settings")
    return render(request, "accounts/settings.html", {"form": form})
