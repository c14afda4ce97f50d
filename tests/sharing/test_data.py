"""Shares, coach ratings and comments in the export, the import and account deletion."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import account_delete
from portability.services import data_export, data_import, parse_export
from sharing.models import CoachComment, CoachRating, Share
from tests.factories import CoachCommentFactory, CoachRatingFactory, ShareFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coached(user):
    coach = UserFactory(email="coach@example.com")
    share = ShareFactory(
        rejection__owner=user, coach=coach, invited_email=coach.email, claimed_at=timezone.now()
    )
    CoachRatingFactory(share=share, area="evidence", rating=2, note="Needs a result")
    CoachCommentFactory(share=share, text="Lead with the outcome")
    return share, coach


def test_the_export_holds_shares_ratings_and_comments_but_not_the_coachs_account(coached, user):
    share, coach = coached
    models = data_export(user=user)["models"]
    [exported] = models["sharing.share"]
    assert exported["invited_email"] == "coach@example.com"
    assert exported["coach"] is None
    assert models["sharing.coachrating"][0]["note"] == "Needs a result"
    assert models["sharing.coachcomment"][0]["text"] == "Lead with the outcome"


def test_an_import_brings_them_back_without_giving_the_share_to_the_importer(coached, user):
    newcomer = UserFactory()
    raw = json.dumps(data_export(user=user)).encode()
    data_import(user=newcomer, data=parse_export(raw))
    share = Share.objects.get(owner=newcomer)
    assert share.coach is None and share.invited_email == "coach@example.com"
    assert CoachRating.objects.get(share=share).note == "Needs a result"
    assert CoachComment.objects.get(share=share).text == "Lead with the outcome"


def test_deleting_the_coachs_account_keeps_the_persons_data_and_ends_the_access(coached, user):
    share, coach = coached
    coach_client = Client()
    coach_client.force_login(coach)
    assert coach_client.get(reverse("sharing:coach_view", args=[share.pk])).status_code == 200
    account_delete(user=coach)
    share.refresh_from_db()
    assert share.coach is None
    assert CoachRating.objects.filter(share=share).count() == 1
    assert CoachComment.objects.filter(share=share).count() == 1
    # Nobody else reaches it by the old id.
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(reverse("sharing:coach_view", args=[share.pk])).status_code == 404
    # Signing up again with the same address does not bring the access back.
    again = UserFactory(email="coach@example.com")
    returning = Client()
    returning.force_login(again)
    returning.get(reverse("sharing:shared_with_me"))
    assert returning.get(reverse("sharing:coach_view", args=[share.pk])).status_code == 404


def test_deleting_the_persons_account_removes_the_share_and_the_coachs_words(coached, user):
    share, coach = coached
    account_delete(user=user)
    assert not Share.objects.filter(pk=share.pk).exists()
    assert not CoachRating.objects.exists() and not CoachComment.objects.exists()
    coach_client = Client()
    coach_client.force_login(coach)
    assert coach_client.get(reverse("sharing:coach_view", args=[share.pk])).status_code == 404


def test_imported_shares_come_in_closed_so_an_old_link_or_invitation_opens_nothing(user):
    from feedback.models import Rejection
    from sharing.services import invitations_claim, share_create
    from tests.factories import RejectionFactory

    rejection = RejectionFactory(owner=user)
    _, raw = share_create(
        owner=user, kind=Share.Kind.REJECTION, way=Share.Way.LINK, rejection=rejection
    )
    share_create(
        owner=user,
        kind=Share.Kind.REJECTION,
        way=Share.Way.INVITATION,
        rejection=rejection,
        invited_email="later@example.com",
    )
    assert Client().get(reverse("sharing:link_view", args=[raw])).status_code == 200
    raw_export = json.dumps(data_export(user=user)).encode()
    account_delete(user=user)

    newcomer = UserFactory()
    data_import(user=newcomer, data=parse_export(raw_export))
    imported = Share.objects.filter(owner=newcomer)
    assert imported.count() == 2
    assert Rejection.objects.filter(owner=newcomer).count() == 1
    # Closed, and the old link's token is gone with them.
    assert not imported.open().exists()
    assert set(imported.values_list("token_hash", flat=True)) == {""}
    assert Client().get(reverse("sharing:link_view", args=[raw])).status_code == 404
    # The invited address signing up later is not handed the new account's data.
    assert invitations_claim(user=UserFactory(email="later@example.com")) == 0
    assert not Share.objects.filter(owner=newcomer, coach__isnull=False).exists()
