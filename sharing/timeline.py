"""What a coach added, on the application's page: ratings of a shared
rejection and comments on shares of its rejection or plans. Two queries."""

from __future__ import annotations

from django.db.models import Count, Max, Q

from applications.timeline import TimelineEntry

from .models import CoachComment, Share


def entries_for(application) -> list[TimelineEntry]:
    about = Q(rejection__application=application) | Q(plan__application=application)
    entries = []
    rated = (
        Share.objects.filter(about, kind=Share.Kind.REJECTION)
        .annotate(rated=Count("ratings"), last=Max("ratings__updated_at"))
        .filter(rated__gt=0)
    )
    for share in rated:
        entries.append(
            TimelineEntry(
                when=share.last,
                kind="coach",
                title="Your coach rated the interview",
                detail=f"{share.rated} area{'s' if share.rated != 1 else ''} rated",
                url=share.get_absolute_url(),
            )
        )
    comments = CoachComment.objects.filter(
        share__rejection__application=application
    ) | CoachComment.objects.filter(share__plan__application=application)
    for comment in comments:
        entries.append(
            TimelineEntry(
                when=comment.created_at,
                kind="coach",
                title="Your coach left a comment",
                detail=comment.get_state_display(),
                url=comment.get_absolute_url(),
            )
        )
    return entries
