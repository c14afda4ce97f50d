from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.signing import SignatureExpired
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.next_actions import reading_once
from accounts.redirects import safe_next

from .forms import ActionChoiceForm, ReminderPreferenceForm
from .glance import glance_for
from .models import ReminderPreference
from .services import (
    SNOOZE_CHOICES,
    action_set_state,
    actions_for,
    reminders_unsubscribe,
    unsubscribe_link_is_current,
    user_from_unsubscribe_token,
)

# The home page shows the top of the list; the rest is one click away.
HOME_DUE_SHOWN = 5
HOME_LATER_SHOWN = 3


def _actions_page(
    request: HttpRequest, template: str, *, due_shown=None, later_shown=None, glance=False
):
    now = timezone.now()
    user = request.user
    with reading_once():  # the glance reads what the next actions read, once
        actions = actions_for(user, now)
        glance_figures = glance_for(user, now) if glance else None
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
            "glance": glance_figures,
        },
    )


def home(request: HttpRequest) -> HttpResponse:
    return _actions_page(
        request,
        "reminders/home.html",
        due_shown=HOME_DUE_SHOWN,
        later_shown=HOME_LATER_SHOWN,
        glance=True,
    )


def all_actions(request: HttpRequest) -> HttpResponse:
    """Every next action, due now and coming up, for when the home page's top few are not enough."""
    return _actions_page(request, "reminders/next_actions.html")


CONFIRMATIONS = {
    "done": "Marked as done.",
    "dismiss": "Dismissed. It will not come back.",
}


@require_POST
def action_update(request: HttpRequest) -> HttpResponse:
    today = request.user.local_today()
    form = ActionChoiceForm(
        request.POST, valid_keys={a.key for a in actions_for(request.user)}, today=today
    )
    next_url = safe_next(request) or reverse("home")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return HttpResponseRedirect(next_url)
    data = form.cleaned_data
    days = SNOOZE_CHOICES.get(data.get("days") or "")
    state = action_set_state(
        user=request.user, key=data["key"], op=data["op"], until=data.get("until"), days=days
    )
    if data["op"] == "snooze":
        messages.success(request, f"Snoozed. It comes back on {state.snoozed_until:%A %-d %B}.")
    else:
        messages.success(request, CONFIRMATIONS[data["op"]])
    return HttpResponseRedirect(next_url)


def preferences(request: HttpRequest) -> HttpResponse:
    pref, _ = ReminderPreference.objects.get_or_create(owner=request.user)
    form = ReminderPreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.instance.email_enabled:
            messages.success(
                request,
                f"Saved. Your digest will arrive after {form.instance.send_at:%H:%M} ({request.user.time_zone.replace('_', ' ')}) on days with something due.",
            )
        else:
            messages.success(request, "Saved. Rebound will not email you reminders.")
        return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {"form": form})


@login_not_required
@csrf_exempt  # The signed token is the authority; mail clients' one-click unsubscribe posts without a CSRF token.
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stops the digest from the link in one. The page never shows the address:
    anyone the email was forwarded to could open it."""
    try:
        user = user_from_unsubscribe_token(token)
    except SignatureExpired:
        return render(request, "reminders/unsubscribe_expired.html", status=410)
    if user is None:
        raise Http404("Unknown unsubscribe link")
    if not unsubscribe_link_is_current(user):
        return render(request, "reminders/unsubscribe_expired.html", status=410)
    if request.method == "POST":
        reminders_unsubscribe(user=user)
        return render(request, "reminders/unsubscribed.html")
    return render(request, "reminders/unsubscribe_confirm.html", {"token": token})
