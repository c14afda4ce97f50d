"""The comparison page and the practice plan read one rule for what to practise
first (feedback.services.practice_order): blind spots, then areas both rated low."""

import pytest
from django.urls import reverse

from practice.models import Plan
from tests.factories import ApplicationFactory, RejectionFactory, RubricRatingFactory

pytestmark = pytest.mark.django_db


def _rejection(owner):
    application = ApplicationFactory(owner=owner, status="rejected")
    rejection = RejectionFactory(owner=owner, application=application)
    for area, mine, theirs in [
        ("enthusiasm", 5, 4),  # good on both sides: no blind spot
        ("rapport", 2, 2),  # both low
        ("evidence", 4, 2),  # blind spot
        ("preparation", 5, 3),  # blind spot
        ("answers", 3, 3),  # both low, fourth: for a later plan
    ]:
        for source, rating in (("reflection", mine), ("feedback", theirs)):
            RubricRatingFactory(
                reflection=None,
                rejection=rejection,
                owner=owner,
                source=source,
                area=area,
                rating=rating,
            )
    return rejection


def test_the_comparison_page_and_the_plan_put_the_same_areas_first(client_logged_in, user):
    rejection = _rejection(user)
    comparison = client_logged_in.get(reverse("feedback:comparison", args=[rejection.pk]))
    summary = comparison.context["summary"]
    assert "They saw evidence and preparation less favourably" in summary
    assert "that is where to practise first" in summary
    assert "You both rated rapport and answers low: practise that next." in summary
    verdicts = {c.key: c.verdict_label for c in comparison.context["comparisons"]}
    assert verdicts["enthusiasm"] == "Both good"

    url = reverse("practice:plan_create_from_rejection", args=[rejection.pk])
    preview = client_logged_in.get(url)
    assert [a.key for a in preview.context["focus_areas"]] == ["evidence", "preparation", "rapport"]
    # The fourth is named, not dropped silently.
    assert "Also worth practising, in a later plan: answers." in preview.content.decode()
    client_logged_in.post(url)
    plan = Plan.objects.get(rejection=rejection)
    assert plan.focus_areas == ["evidence", "preparation", "rapport"]
    # The same order as the comparison's words.
    named = [summary.index(word) for word in ("evidence", "preparation", "rapport", "answers")]
    assert named == sorted(named)
