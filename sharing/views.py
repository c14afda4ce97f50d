"""The person's shares (create, preview, revoke, see who looked, answer the
coach) and the coach's side (Shared with me, the shared page, a private link)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from applications.models import Application
from feedback.models import Reflection
from practice.models import Plan

from . import services
from .forms import CoachCommentForm, CoachRatingForm, ShareForm
from .models import CoachComment, Share, token_digest, visitor_digest

log = logging.getLogger(__name__)

# Openings of one link from one visitor allowed per window, then 429.
LINK_RATE = 60
LINK_WINDOW = 600  # seconds

# What one share takes from its coach (by link or by account) per window: the
# ratings form and comments together. Each save may email the person, so a
# leaked link cannot flood their inbox.
COACH_WRITES = 30
COACH_WRITES_WINDOW = 3600  # seconds
TOO_MANY_WRITES = (
    "You have saved a lot here in the last hour, so this was not saved. What you "
    "typed is still below: try again in a little while."
)

NEW_LINK_SESSION_KEY = "sharing_new_link"

# After a save through a private link: said on the page (the link carries no session).
LINK_SAVED = {
    "rating": "Your ratings are saved. They now show beside theirs.",
    "comment": "Your comment is saved. They can accept or dismiss it.",
}


def _site(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _shared_context(share: Share) -> dict:
    """What the shared page shows: exactly the share's item, nothing more."""
    context: dict = {"share": share}
    if share.kind == Share.Kind.PIPELINE:
        context["applications"] = (
            Application.objects.owned_by(share.owner)
            .select_related("company")
            .order_by("-updated_at")
        )
    elif share.kind == Share.Kind.REJECTION:
        rejection = share.rejection
        context["rejection"] = rejection
        context["application"] = rejection.application
        context["reflection"] = Reflection.objects.filter(rejection=rejection).first()
        context["three_way"] = services.share_compare(share=share)
    else:
        plan = Plan.objects.with_progress().get(pk=share.plan_id)
        context["plan"] = plan
        context["items"] = plan.items.select_related("question")
    context["comments"] = share.comments.all()
    return context


def _render_shared(request, share: Share, *, status=200, **extra) -> HttpResponse:
    response = render(
        request, "sharing/shared_page.html", _shared_context(share) | extra, status=status
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# The person's side.


def _owned_share(request: HttpRequest, share_pk: int) -> Share:
    return get_object_or_404(
        Share.objects.owned_by(request.user).select_related(
            "rejection__application__company", "plan"
        ),
        pk=share_pk,
    )


def share_list(request: HttpRequest) -> HttpResponse:
    shares = Share.objects.owned_by(request.user).select_related(
        "rejection__application__company", "plan"
    )
    return render(request, "sharing/share_list.html", {"shares": shares})


def share_create(request: HttpRequest) -> HttpResponse:
    # "Share with your coach" on a rejection's or a plan's page names the item;
    # the form offers only the person's own, so another id selects nothing.
    initial = {
        "kind": request.GET.get("kind", Share.Kind.PIPELINE),
        "rejection": request.GET.get("rejection"),
        "plan": request.GET.get("plan"),
        "notify_owner": True,
    }
    form = ShareForm(request.POST or None, owner=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        share, raw = services.share_create(
            owner=request.user,
            kind=data["kind"],
            way=data["way"],
            rejection=data.get("rejection"),
            plan=data.get("plan"),
            include_salary=data["include_salary"],
            include_notes=data["include_notes"],
            invited_email=data.get("invited_email") or "",
            notify_owner=data["notify_owner"],
            expires_on=data.get("expires_on"),
            site=_site(request),
        )
        if raw:
            # Shown once, on the next page; only its hash is kept.
            request.session[NEW_LINK_SESSION_KEY] = {"share": share.pk, "token": raw}
            messages.success(request, "Your link is ready. Copy it now: it is shown only once.")
        else:
            messages.success(request, f"Invitation sent to {share.invited_email}.")
        return redirect(share)
    return render(request, "sharing/share_form.html", {"form": form})


def share_detail(request: HttpRequest, share_pk: int) -> HttpResponse:
    share = _owned_share(request, share_pk)
    new_link = request.session.get(NEW_LINK_SESSION_KEY)
    link_url = ""
    if new_link and new_link.get("share") == share.pk:
        del request.session[NEW_LINK_SESSION_KEY]
        link_url = request.build_absolute_uri(f"/s/{new_link['token']}/")
    return render(
        request,
        "sharing/share_detail.html",
        {
            "share": share,
            "link_url": link_url,
            "visits": share.visits.all()[:50],
            "comments": share.comments.all(),
            "ratings": share.ratings.all(),
        },
    )


def share_preview(request: HttpRequest, share_pk: int) -> HttpResponse:
    """Exactly the page the other person sees."""
    share = _owned_share(request, share_pk)
    return _render_shared(request, share, preview=True)


@require_http_methods(["GET", "POST"])
def share_revoke(request: HttpRequest, share_pk: int) -> HttpResponse:
    """A page that asks first (a GET changes nothing); its button stops the share."""
    share = _owned_share(request, share_pk)
    if request.method != "POST":
        if share.revoked_at is not None:
            return redirect(share)
        return render(request, "sharing/share_confirm_revoke.html", {"object": share})
    services.share_revoke(share=share)
    messages.success(request, "Stopped. Nobody can open this share any more.")
    return redirect(share)


@require_POST
def share_notify(request: HttpRequest, share_pk: int) -> HttpResponse:
    share = _owned_share(request, share_pk)
    Share.objects.filter(pk=share.pk).update(notify_owner=not share.notify_owner)
    messages.success(request, "Saved.")
    return redirect(share)


def _owned_comment(request: HttpRequest, comment_pk: int) -> CoachComment:
    return get_object_or_404(CoachComment.objects.owned_by(request.user), pk=comment_pk)


@require_POST
def comment_accept(request: HttpRequest, comment_pk: int) -> HttpResponse:
    comment = services.coach_comment_accept(comment=_owned_comment(request, comment_pk))
    if comment.suggested_question and comment.share.plan is not None:
        messages.success(
            request,
            f"Added to your questions in the question bank and to your plan “{comment.share.plan}”.",
        )
    elif comment.suggested_question:
        messages.success(
            request, "Added to your questions in the question bank (Practice, then Question bank)."
        )
    else:
        messages.success(request, "Accepted.")
    return redirect(comment.get_absolute_url())


@require_POST
def comment_dismiss(request: HttpRequest, comment_pk: int) -> HttpResponse:
    comment = services.coach_comment_dismiss(comment=_owned_comment(request, comment_pk))
    messages.success(request, "Dismissed.")
    return redirect(comment.get_absolute_url())


# The coach's side.


def shared_with_me(request: HttpRequest) -> HttpResponse:
    services.invitations_claim(user=request.user)
    shares = Share.objects.for_coach(request.user).select_related(
        "owner", "rejection__application__company", "plan"
    )
    return render(request, "sharing/shared_with_me.html", {"shares": shares})


def _coach_share(request: HttpRequest, share_pk: int) -> Share:
    return get_object_or_404(
        Share.objects.for_coach(request.user).select_related(
            "owner", "rejection__application__company", "plan"
        ),
        pk=share_pk,
    )


def _coach_forms(share: Share, data=None, which: str = "") -> dict:
    ratings = {r.area: r for r in share.ratings.all()} if share.kind == Share.Kind.REJECTION else {}
    forms = {
        "comment_form": CoachCommentForm(data if which == "comment" else None),
    }
    if share.kind == Share.Kind.REJECTION:
        forms["rating_form"] = CoachRatingForm(
            data if which == "rating" else None, initial_ratings=ratings
        )
    return forms


def _coach_urls(share: Share) -> dict:
    return {
        "rate_url": reverse("sharing:coach_rate", args=[share.pk]),
        "comment_url": reverse("sharing:coach_comment", args=[share.pk]),
    }


def coach_view(request: HttpRequest, share_pk: int) -> HttpResponse:
    share = _coach_share(request, share_pk)
    services.share_visit_record(
        share=share, way=Share.Way.INVITATION, visitor=f"user:{request.user.pk}"
    )
    return _render_shared(
        request, share, coach=True, by_account=True, **_coach_urls(share), **_coach_forms(share)
    )


def _coach_save(request: HttpRequest, share: Share, which: str, **page) -> HttpResponse | None:
    """Check and save the coach's ratings or comment, the same for both ways in.
    None once saved; otherwise the page again, with the message and what was typed."""
    if which == "rating" and share.kind != Share.Kind.REJECTION:
        raise Http404("Only a rejection can be rated")
    forms = _coach_forms(share, request.POST, which)
    form = forms["rating_form" if which == "rating" else "comment_form"]
    if not form.is_valid():
        return _render_shared(request, share, coach=True, **page, **forms)
    if not _counted(f"sharing:writes:{share.pk}", COACH_WRITES, COACH_WRITES_WINDOW):
        form.add_error(None, TOO_MANY_WRITES)
        return _render_shared(request, share, status=429, coach=True, **page, **forms)
    if which == "rating":
        services.coach_ratings_save(share=share, values=form.values(), site=_site(request))
    else:
        services.coach_comment_add(
            share=share,
            text=form.cleaned_data["text"],
            suggested_question=form.cleaned_data["suggested_question"],
            site=_site(request),
        )
    return None


@require_POST
def coach_rate(request: HttpRequest, share_pk: int) -> HttpResponse:
    share = _coach_share(request, share_pk)
    page = {"by_account": True, **_coach_urls(share)}
    if refused := _coach_save(request, share, "rating", **page):
        return refused
    messages.success(request, LINK_SAVED["rating"])
    return redirect("sharing:coach_view", share_pk=share.pk)


@require_POST
def coach_comment(request: HttpRequest, share_pk: int) -> HttpResponse:
    share = _coach_share(request, share_pk)
    page = {"by_account": True, **_coach_urls(share)}
    if refused := _coach_save(request, share, "comment", **page):
        return refused
    messages.success(request, LINK_SAVED["comment"])
    return redirect("sharing:coach_view", share_pk=share.pk)


def _counted(key: str, limit: int, window: int) -> bool:
    """One more within the limit? Counted in the cache; when the cache is down,
    the limit is lifted rather than the page failing."""
    try:
        cache.add(key, 0, window)
        return cache.incr(key) <= limit
    except Exception:  # noqa: BLE001 - a failing cache degrades the limit, not the page
        log.warning("sharing rate limit unavailable", exc_info=True)
        return True


def _link_allowed(token: str, visitor: str) -> bool:
    return _counted(f"sharing:link:{token_digest(token)[:32]}:{visitor}", LINK_RATE, LINK_WINDOW)


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "429.html", status=429)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_share(request: HttpRequest, token: str) -> tuple[Share | None, str]:
    """The open share a private link names (404 for any other), and the visitor's
    keyed hash; (None, visitor) when this visitor has opened it too often."""
    visitor = visitor_digest(f"ip:{request.META.get('REMOTE_ADDR', '')}")
    if not _link_allowed(token, visitor):
        return None, visitor
    share = (
        Share.objects.by_link(token)
        .select_related("owner", "rejection__application__company", "plan")
        .first()
    )
    if share is None:
        raise Http404("No such link")
    return share, visitor


def _link_urls(token: str) -> dict:
    return {
        "rate_url": reverse("sharing:link_rate", args=[token]),
        "comment_url": reverse("sharing:link_comment", args=[token]),
    }


@login_not_required
def link_view(request: HttpRequest, token: str) -> HttpResponse:
    """A private link: no session needed; 404 for any link that is not open.
    Whoever has it reads the share and can add their view, as an invited coach can."""
    share, visitor = _link_share(request, token)
    if share is None:
        return _too_many(request)
    services.share_visit_record(share=share, way=Share.Way.LINK, visitor=visitor)
    saved = LINK_SAVED.get(request.GET.get("saved", ""), "")
    return _render_shared(
        request, share, coach=True, saved=saved, **_link_urls(token), **_coach_forms(share)
    )


def _link_write(request: HttpRequest, token: str, which: str) -> HttpResponse:
    share, _ = _link_share(request, token)
    if share is None:
        return _too_many(request)
    back = reverse("sharing:link_view", args=[token])
    if request.method != "POST":
        return redirect(back)
    if refused := _coach_save(request, share, which, **_link_urls(token)):
        return refused
    return redirect(f"{back}?saved={which}")


@login_not_required
def link_rate(request: HttpRequest, token: str) -> HttpResponse:
    return _link_write(request, token, "rating")


@login_not_required
def link_comment(request: HttpRequest, token: str) -> HttpResponse:
    return _link_write(request, token, "comment")
