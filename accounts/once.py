"""Every create form takes effect once (an idempotency key in the form).

A double click, Enter pressed twice, Back and send again, or a retry after the
answer was lost all send the same form twice. Each create form carries a hidden
one-time token (`OnceOnlyFormMixin`), and `OnceOnlyMiddleware` runs a view sent
one inside a single transaction that, before the view saves anything, looks for
an earlier submission of the same content (a digest of what was posted) by the
same person, either with the same token or within the last few minutes:

- the first submission is recorded, saved, and keeps where it led (the page of
  what was created);
- the same submission sent again is led to that page with a calm message, and
  nothing is saved. Back reloads the form (private pages are never cached) with
  a fresh token while the browser puts back what was typed, hence the few minutes
  in which identical content counts as a resend whatever its token. Two sent at
  the same moment are handled one after the other (the person's row is locked),
  so both answers lead to the one thing created, and never to a server error;
- a submission refused with a message beside a field (or one that fails) keeps
  no record, so correcting it and sending it again saves as usual;
- the same form sent back *changed* (Back, edit, send) is a new request and saves.

Records older than a day are dropped as new ones are made.

Usage: add `OnceOnlyFormMixin` to the form; a template that lays the form out
field by field adds `{{ form.once_token }}` next to `{% csrf_token %}`
(`{{ form|crispy }}` renders it on its own); a create form with no Django form
behind it uses `{% load once %}{% once_token %}`. static/js/rebound.js shows the
submit button as working and ignores a second press.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from .models import FormSubmission

ONCE_FIELD = "once_token"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
KEEP_FOR = timedelta(days=1)
# The same content sent again this soon is the same request, even from a fresh copy
# of the form: Back reloads the page (it is never cached) with a new token, and the
# browser puts back what was typed.
SAME_CONTENT_WINDOW = timedelta(minutes=10)
# Fields that change between two sendings of the same form without the person doing anything.
NOT_CONTENT = frozenset({"csrfmiddlewaretoken", ONCE_FIELD})

ALREADY_SAVED_MESSAGE = (
    "That was already saved when you first sent it, so it was not added a second time. Here it is."
)


def new_token() -> str:
    return secrets.token_urlsafe(18)


class OnceTokenField(forms.CharField):
    """The hidden token; anything that is not a token is simply ignored, never an error."""

    def __init__(self, **kwargs):
        super().__init__(required=False, widget=forms.HiddenInput, **kwargs)
        self.validators = []

    def to_python(self, value):
        value = value if isinstance(value, str) else ""
        return value if TOKEN_RE.match(value) else ""


class OnceOnlyFormMixin:
    """Gives a form that creates something a one-time token (see the module doc).

    A ModelForm editing an existing row gets no token: saving an edit twice is harmless.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            self.fields[ONCE_FIELD] = OnceTokenField(initial=new_token)


def _digest(request: HttpRequest) -> str:
    parts = [
        f"{key}={value}"
        for key in sorted(request.POST)
        if key not in NOT_CONTENT
        for value in request.POST.getlist(key)
    ]
    parts += [
        f"{key}:{upload.name}:{upload.size}"
        for key in sorted(request.FILES)
        for upload in request.FILES.getlist(key)
    ]
    parts.append(request.path)
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _posted_token(request: HttpRequest) -> str:
    if request.method != "POST" or not request.user.is_authenticated:
        return ""
    content_type = request.content_type or ""
    if content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return ""
    token = request.POST.get(ONCE_FIELD, "")
    return token if TOKEN_RE.match(token) else ""


class OnceOnlyMiddleware:
    """Runs a view that was sent a one-time token once per token (see the module doc).

    Placed last, so the login and CSRF checks have already passed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        token = _posted_token(request)
        if not token:
            return None
        digest = _digest(request)
        with transaction.atomic():
            # One person's create forms are handled one at a time: the second of two
            # sent at the same moment waits here until the first is saved, then finds it.
            get_user_model().objects.select_for_update().filter(pk=request.user.pk).exists()
            now = timezone.now()
            earlier = (
                FormSubmission.objects.filter(owner=request.user, digest=digest)
                .filter(Q(token=token) | Q(created_at__gte=now - SAME_CONTENT_WINDOW))
                .order_by("-created_at")
                .values_list("redirect_to", flat=True)
                .first()
            )
            if earlier is not None:
                messages.info(request, ALREADY_SAVED_MESSAGE)
                return HttpResponseRedirect(earlier or reverse("home"))
            record = FormSubmission.objects.create(
                owner=request.user, token=token, digest=digest, created_at=now
            )
            response = view_func(request, *view_args, **view_kwargs)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            elif 300 <= response.status_code < 400 and response.has_header("Location"):
                record.redirect_to = response["Location"][:2000]
                record.save(update_fields=["redirect_to"])
                FormSubmission.objects.filter(
                    owner=request.user, created_at__lt=now - KEEP_FOR
                ).delete()
            else:
                # Refused with a message beside a field: nothing was saved, so the
                # corrected form is sent with the same token.
                record.delete()
        return response
