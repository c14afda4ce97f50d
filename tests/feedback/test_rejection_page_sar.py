import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import RejectionFactory, SubjectAccessRequestFactory

pytestmark = pytest.mark.django_db


def test_rejection_page_offers_and_lists_data_requests(client_logged_in, user):
    rejection = RejectionFactory(owner=user)
    page = client_logged_in.get(rejection.get_absolute_url()).text
    assert reverse("feedback:sar_create", args=[rejection.pk]) in page

    sar = SubjectAccessRequestFactory(
        rejection=rejection,
        owner=user,
        organisation_name="Lantern Analytics",
        sent_on=dt.date(2026, 1, 31),
        due_on=dt.date(2026, 2, 28),
    )
    page = client_logged_in.get(rejection.get_absolute_url()).text
    assert reverse("feedback:sar_detail", args=[sar.pk]) in page
    assert "is due on 28 February" in page


def test_the_feedback_request_reminder_names_the_three_day_window(user):
    from django.utils import timezone
    from django.utils.formats import date_format

    from feedback.next_actions import collect
    from tests.factories import ReflectionFactory

    received = timezone.localdate() - dt.timedelta(days=1)
    rejection = RejectionFactory(owner=user, received_on=received, stage="final_round")
    ReflectionFactory(rejection=rejection, owner=user, status="complete")
    (action,) = [
        a for a in collect(user, timezone.now()) if a.key == f"request:rejection:{rejection.pk}"
    ]
    assert f"by {date_format(received + dt.timedelta(days=3), 'l j F')}" in action.detail
