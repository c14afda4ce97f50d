"""Practice fixes from the new-user walkthrough."""

import pytest
from django.urls import reverse

from tests.factories import PlanFactory, PlanItemFactory

pytestmark = pytest.mark.django_db


def test_plan_page_add_links_read_well_to_screen_readers(client_logged_in, user):
    plan = PlanFactory(owner=user)
    PlanItemFactory(plan=plan)
    html = client_logged_in.get(plan.get_absolute_url()).content.decode()
    assert 'Add<span class="visually-hidden"> a question to practise</span>' in html
    assert 'Add<span class="visually-hidden"> a story to write</span>' in html
    assert "question to practises" not in html
    assert "story to writes" not in html


def test_rating_choices_look_like_the_other_buttons(client_logged_in, user):
    item = PlanItemFactory(plan__owner=user)
    html = client_logged_in.get(
        reverse("practice:session_question", args=[item.pk])
    ).content.decode()
    assert 'class="btn btn-outline-primary rb-rating-choice"' in html
    # Not the star-rating style (accent colour, wide letter spacing).
    assert 'rb-rating"' not in html and "rb-rating " not in html
    assert 'aria-describedby="rating-help"' in html
