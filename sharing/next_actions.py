"""A coach's comments waiting for the person: accept or dismiss. One query."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse

from accounts.next_actions import NextAction

from .models import CoachComment, Share


def collect(user, now: datetime) -> list[NextAction]:
    comments = (
        CoachComment.objects.owned_by(user)
        .waiting()
        .filter(share__in=Share.objects.owned_by(user).open(now))
        .only("pk", "created_at", "share_id", "suggested_question")
    )
    return [
        NextAction(
            key=f"coach_comment:coachcomment:{comment.pk}",
            title=(
                "Your coach suggested a question to practise"
                if comment.suggested_question
                else "Your coach left a comment"
            ),
            url=reverse("sharing:share_detail", args=[comment.share_id]) + f"#comment-{comment.pk}",
            button="Read it",
            due=comment.created_at,
            detail="Accept it or dismiss it; your own words stay as they are.",
            kind="coach",
        )
        for comment in comments
    ]
