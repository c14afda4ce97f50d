"""The rejection's page shows how far the plan made from it has come, blind
spots first."""

import pytest
from django.urls import reverse

from practice import services
from tests.factories import AttemptFactory
from tests.practice.conftest import make_compared_rejection

pytestmark = pytest.mark.django_db


def test_the_rejection_page_shows_the_plans_progress_on_its_blind_spots(client_logged_in, user):
    rejection = make_compared_rejection(user)
    url = reverse("feedback:rejection_detail", args=[rejection.pk])
    assert "Your practice since" not in client_logged_in.get(url).content.decode()

    plan = services.plan_create_from_rejection(owner=user, rejection=rejection)
    questions = list(plan.items.questions().select_related("question"))
    evidence = [item for item in questions if "evidence" in item.question.areas]
    assert evidence, "the plan practises the blind spot"
    AttemptFactory(item=evidence[0], rating=5)
    AttemptFactory(item=evidence[0], rating=4)

    page = client_logged_in.get(url).content.decode()
    assert (
        f"1 of {len(questions)} question{'s' if len(questions) != 1 else ''} ready "
        "(two good answers), 1 practised at least once." in page
    )
    assert f"Blind spot, Evidence: 1 of {len(evidence)} question" in page


def test_another_persons_rejection_stays_not_found(client_logged_in, other_user):
    rejection = make_compared_rejection(other_user)
    services.plan_create_from_rejection(owner=other_user, rejection=rejection)
    url = reverse("feedback:rejection_detail", args=[rejection.pk])
    assert client_logged_in.get(url).status_code == 404
