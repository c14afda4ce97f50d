"""A cache or mail server that is down degrades sharing, never fails it."""

import pytest
from django.test import Client
from django.urls import reverse

from sharing.models import CoachComment, Share
from sharing.services import share_create
from tests.factories import ShareFactory, UserFactory
from tests.test_dead_cache import DEAD_SMTP, dead_cache  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def test_a_link_opens_when_the_cache_is_down(dead_cache, user):  # noqa: F811
    _, token = share_create(owner=user, kind=Share.Kind.PIPELINE, way=Share.Way.LINK)
    assert Client().get(reverse("sharing:link_view", args=[token])).status_code == 200


def test_a_comment_is_saved_when_the_mail_server_is_down(
    settings, user, django_capture_on_commit_callbacks
):
    settings.MAILERS = DEAD_SMTP
    coach = UserFactory()
    share = ShareFactory(rejection__owner=user, coach=coach, notify_owner=True)
    client = Client()
    client.force_login(coach)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sharing:coach_comment", args=[share.pk]), {"text": "Hi"})
    assert response.status_code == 302
    assert CoachComment.objects.get(share=share).text == "Hi"
