from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .forms import TokenCreateForm
from .models import AccessToken
from .services import token_create, token_revoke

# A new token waits here for the one page that shows it, then is gone.
JUST_MADE_SESSION_KEY = "api_new_token"


def token_list(request: HttpRequest) -> HttpResponse:
    """The person's tokens, and a form to make one; a new token is shown once."""
    form = TokenCreateForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        new = token_create(
            owner=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_at=form.expires_at(),
        )
        # Redirect, so reloading the page neither posts again nor shows it again.
        request.session[JUST_MADE_SESSION_KEY] = new.plain
        return redirect("api_tokens")
    new_plain = request.session.pop(JUST_MADE_SESSION_KEY, None)
    tokens = AccessToken.objects.owned_by(request.user)
    return render(
        request, "api/token_list.html", {"form": form, "tokens": tokens, "new_plain": new_plain}
    )


@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(AccessToken.objects.owned_by(request.user), pk=token_id)
    token_revoke(token=token)
    messages.success(request, f"“{token.name}” no longer works. Anything using it is cut off now.")
    return redirect("api_tokens")
