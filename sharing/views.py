"""The person's shares (create, preview, revoke, see who looked, answer the
coach) and the coach's side (Shared with me, the shared page, a private link)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

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

NEW_LINK_SESSION_KEY = "sharing_new_link"


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
    initial = {"kind": request.GET.get("kind", Share.Kind.PIPELINE), "notify_owner": True}
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


@require_POST
def share_revoke(request: HttpRequest, share_pk: int) -> HttpResponse:
    share = _owned_share(request, share_pk)
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
    if comment.suggested_question:
        messages.success(request, "Added to your questions.")
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


def coach_view(request: HttpRequest, share_pk: int) -> HttpResponse:
    share = _coach_share(request, share_pk)
    services.share_visit_record(
        share=share, way=Share.Way.INVITATION, visitor=f"user:{request.user.pk}"
    )
    return _render_shared(request, share, coach=True, **_coach_forms(share))


@require_POST
def coach_rate(request: HttpRequest, share_pk: int) -> HttpResponse:
    share = _coach_share(request, share_pk)
    if share.kind != Share.Kind.REJECTION:
        raise Http404("Only a rejection can be rated")
    forms = _coach_forms(share, request.POST, "rating")
    form = forms["rating_form"]
    if not form.is_valid():
        return _render_shared(request, share, coach=True, **forms)
    services.coach_ratings_save(share=share, values=form.values(), site=_site(request))
    messages.success(request, "Your ratings are saved. They now show beside theirs.")
    return redirect("sharing:coach_view", share_pk=share.pk)


@require_POST
def coach_comment(request: HttpRequest, share_pk: int) -> HttpResponse:
    share = _coach_share(request, share_pk)
    forms = _coach_forms(share, request.POST, "comment")
    form = forms["comment_form"]
    if not form.is_valid():
        return _render_shared(request, share, coach=True, **forms)
    services.coach_comment_add(
        share=share,
        text=form.cleaned_data["text"],
        suggested_question=form.cleaned_data["suggested_question"],
        site=_site(request),
    )
    messages.success(request, "Your comment is saved. They can accept or dismiss it.")
    return redirect("sharing:coach_view", share_pk=share.pk)


def _link_allowed(token: str, visitor: str) -> bool:
    """Counted in the cache; when the cache is down, links stay open."""
    key = f"sharing:link:{token_digest(token)[:32]}:{visitor}"
    try:
        cache.add(key, 0, LINK_WINDOW)
        return cache.incr(key) <= LINK_RATE
    except Exception:  # noqa: BLE001 - a failing cache degrades the limit, not the page
        log.warning("share link rate limit unavailable", exc_info=True)
        return True


@login_not_required
def link_view(request: HttpRequest, token: str) -> HttpResponse:
    """A private link: no session needed; 404 for any link that is not open."""
    visitor = visitor_digest(f"ip:{request.META.get('REMOTE_ADDR', '')}")
    if not _link_allowed(token, visitor):
        response = render(request, "429.html", status=429)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    share = (
        Share.objects.by_link(token)
        .select_related("owner", "rejection__application__company", "plan")
        .first()
    )
    if share is None:
        raise Http404("No such link")
    services.share_visit_record(share=share, way=Share.Way.LINK, visitor=visitor)
    return _render_shared(request, share)
