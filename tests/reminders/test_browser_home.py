import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from tests.crawl import axe_both_themes, log_in, new_context
from tests.factories import (
    ApplicationFactory,
    FeedbackCallFactory,
    InterviewFactory,
    PlanFactory,
    PlanItemFactory,
    RejectionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_home(browser, live_server, user, password):
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    context = new_context(browser, live_server.url)
    log_in(context, live_server.url, user.email, password)
    page = context.new_page()
    page.goto("/home/")
    return context, page


def test_a_new_person_s_home_passes_axe_in_both_themes(browser, live_server, user, password):
    context, page = _open_home(browser, live_server, user, password)
    assert page.get_by_text("Three steps to start:").is_visible()
    assert axe_both_themes(page) == []
    context.close()


def test_home_at_a_glance_passes_axe_in_both_themes(browser, live_server, user, password):
    now = timezone.now()
    application = ApplicationFactory(owner=user, status="interviewing", title="Pilot")
    InterviewFactory(application=application, starts_at=now + dt.timedelta(days=1))
    rejection = RejectionFactory(owner=user)
    FeedbackCallFactory(rejection=rejection, scheduled_at=now + dt.timedelta(days=2))
    PlanItemFactory(plan=PlanFactory(owner=user))
    context, page = _open_home(browser, live_server, user, password)
    assert page.get_by_role("complementary", name="At a glance").is_visible()
    assert axe_both_themes(page) == []
    context.close()
