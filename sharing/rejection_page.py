""" "Someone in your corner" on a rejection's page (accounts.registry.rejection_sections):
a button to share this rejection's loop, and the shares of it still open. One query."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from accounts.registry import FormHelp

from .models import Share


def section(rejection, user) -> FormHelp:
    shares = list(
        Share.objects.owned_by(user)
        .open()
        .filter(kind=Share.Kind.REJECTION, rejection=rejection)
        .select_related("coach")
    )
    query = urlencode({"kind": Share.Kind.REJECTION, "rejection": rejection.pk})
    return FormHelp(
        template="sharing/includes/rejection_share.html",
        data={"shares": shares, "share_url": f"{reverse('sharing:share_create')}?{query}"},
    )
