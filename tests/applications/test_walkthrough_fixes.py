"""Fixes from the new-user walkthrough: home next actions, the board, interviews, stats."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.next_actions import collect_for
from applications.models import Application, Status
from applications.next_actions import collect
from reminders.services import actions_for
from tests.factories import ApplicationFactory, InterviewFactory, PlanFactory, RejectionFactory

pytestmark = pytest.mark.django_db


def _quiet_with_interview_ahead(user, name="Northgate"):
    now = timezone.now()
    application = ApplicationFactory(owner=user, status=Status.INTERVIEWING, company__name=name)
    InterviewFactory(application=application, starts_at=now + dt.timedelta(days=3))
    Application.objects.filter(pk=application.pk).update(last_news_at=now - dt.timedelta(days=60))
    application.refresh_from_db()
    return application


def test_a_booked_interview_ahead_is_news(user):
    now = timezone.now()
    application = _quiet_with_interview_ahead(user)
    assert not application.suggest_no_response(21, now)
    assert not Application.objects.owned_by(user).silent_since(now - dt.timedelta(days=21), now)
    assert not [a for a in collect(user, now) if a.kind == "no_response"]


def test_a_past_interview_does_not_count_as_news_for_ever(user):
    now = timezone.now()
    application = ApplicationFactory(owner=user, status=Status.INTERVIEWING)
    InterviewFactory(application=application, starts_at=now - dt.timedelta(days=50))
    Application.objects.filter(pk=application.pk).update(last_news_at=now - dt.timedelta(days=40))
    application.refresh_from_db()
    assert application.suggest_no_response(21, now)
    assert list(Application.objects.owned_by(user).silent_since(now - dt.timedelta(days=21)))


def test_board_and_list_do_not_say_no_news_with_an_interview_ahead(client_logged_in, user):
    _quiet_with_interview_ahead(user)
    board = client_logged_in.get(reverse("applications:application_board")).content.decode()
    listing = client_logged_in.get(reverse("applications:application_list")).content.decode()
    assert "No news for" not in board
    assert "No news for" not in listing


def test_board_quiet_badge_costs_a_constant_number_of_queries(client_logged_in, user):
    url = reverse("applications:application_board")
    for n in range(3):
        _quiet_with_interview_ahead(user, f"Few {n}")
    with CaptureQueriesContext(connection) as few:
        client_logged_in.get(url)
    for n in range(12):
        _quiet_with_interview_ahead(user, f"Many {n}")
    with CaptureQueriesContext(connection) as many:
        client_logged_in.get(url)
    assert len(few) == len(many)


def test_one_action_per_interview_keeping_the_plan(user):
    interview = InterviewFactory(
        application__owner=user,
        application__company__name="Northgate",
        starts_at=timezone.now() + dt.timedelta(days=1),
    )
    PlanFactory(owner=user, interview=interview, application=interview.application)
    titles = [a.title for a in collect_for(user) if "Northgate" in a.title]
    assert len(titles) == 1
    assert "practise the plan for Northgate" in titles[0]


def test_one_action_per_interview_without_a_plan(user):
    InterviewFactory(
        application__owner=user,
        application__company__name="Northgate",
        starts_at=timezone.now() + dt.timedelta(days=2),
    )
    actions = [a for a in collect_for(user) if "Northgate" in a.title]
    assert len(actions) == 1


def test_home_shows_five_due_actions_and_links_to_all_of_them(client_logged_in, user):
    for n in range(8):
        RejectionFactory(
            owner=user,
            application__company__name=f"Company {n}",
            received_on=timezone.localdate() - dt.timedelta(days=3 + n),
        )
    actions = actions_for(user)  # a reflection and a feedback request for each
    assert len(actions) > 8
    body = client_logged_in.get("/home/").content.decode()
    assert body.count('class="list-group-item rb-action ') == 5
    assert f"See all {len(actions)} next actions" in body
    everything = client_logged_in.get(reverse("all_actions")).content.decode()
    assert everything.count('class="list-group-item rb-action ') == len(actions)
    assert everything.count('fw-semibold">Write your reflection on the Company') == 8
    # A choice made on the full list brings the person back to it.
    assert f'name="next" value="{reverse("all_actions")}"' in everything


def test_home_with_few_actions_has_no_disclosure(client_logged_in, user):
    ApplicationFactory(
        owner=user, status=Status.APPLIED, last_news_at=timezone.now() - dt.timedelta(days=40)
    )
    assert "See all" not in client_logged_in.get("/home/").content.decode()


def _add_interview(client, application, starts_at):
    return client.post(
        reverse("applications:interview_create", args=[application.pk]),
        {
            "round": 1,
            "kind": "video",
            "starts_at": starts_at,
            "duration_minutes": 45,
            "time_zone": "Europe/London",
        },
        follow=True,
    )


def test_saving_a_past_interview_asks_how_it_went(client_logged_in, user):
    # Applied before the interview: an interview before the date applied is refused.
    application = ApplicationFactory(
        owner=user, status=Status.SCREENING, date_applied=dt.date(2020, 3, 1)
    )
    body = _add_interview(client_logged_in, application, "2020-03-05T14:30").content.decode()
    assert "Next: note how it went" in body
    assert "appears on your home page" not in body


def test_saving_a_future_interview_points_to_the_home_page(client_logged_in, user):
    application = ApplicationFactory(owner=user, status=Status.SCREENING)
    body = _add_interview(client_logged_in, application, "2035-03-05T14:30").content.decode()
    assert "appears on your home page" in body
    assert "note how it went" not in body


def test_stats_draw_no_conclusion_from_one_application(client_logged_in, user):
    application = ApplicationFactory(
        owner=user, status=Status.INTERVIEWING, date_applied=timezone.localdate()
    )
    InterviewFactory(application=application)
    html = client_logged_in.get(reverse("applications:stats")).content.decode()
    assert "every 1 applications" not in html
    assert "1 in every 1 application sent reached the interview stage" in html
    assert "is working" not in html
    assert "means more after about ten" in html


def test_stats_compare_once_there_are_ten_applications(client_logged_in, user):
    for n in range(10):
        status = Status.INTERVIEWING if n < 2 else Status.APPLIED
        application = ApplicationFactory(
            owner=user, status=status, date_applied=timezone.localdate()
        )
        if n < 2:
            InterviewFactory(application=application)
    html = client_logged_in.get(reverse("applications:stats")).content.decode()
    assert "1 in every 5 applications sent reached the interview stage" in html
    # Compared with the published ranges (no longer a verdict against the unsourced 1 in 27).
    assert "data-published-per-interview" in html
    assert "means more after about ten" not in html


def test_board_move_menu_offers_the_next_stage_first(client_logged_in, user):
    interested = ApplicationFactory(owner=user, status=Status.INTERESTED)
    offer = ApplicationFactory(owner=user, status=Status.OFFER)
    rejected = ApplicationFactory(owner=user, status=Status.REJECTED)
    html = client_logged_in.get(reverse("applications:application_board")).content.decode()

    def offered(application):
        # Each card's "Move to..." menu: the stages it can move to, in order
        # (its own stage is there but hidden, for the script that moves it).
        url = f"{application.get_absolute_url()}status/"
        return re.findall(rf'formaction="{url}" name="to_status" value="(\w+)">', html)

    assert offered(interested)[0] == Status.APPLIED
    assert offered(offer)[0] == Status.ACCEPTED
    assert Status.REJECTED not in offered(rejected)  # its own stage is not offered
    assert len(offered(rejected)) == len(Status.choices) - 1


def test_the_application_page_offers_the_same_next_stage(user):
    from applications.forms import StatusForm

    application = ApplicationFactory(owner=user, status=Status.SCREENING)
    assert application.natural_next_status == Status.INTERVIEWING
    assert StatusForm(application=application).fields["to_status"].initial == Status.INTERVIEWING


def test_unchecked_radios_and_checkboxes_have_a_visible_border():
    css = (settings.BASE_DIR / "static" / "css" / "rebound.css").read_text()
    assert ".form-check-input {\n  border-color: #6c757d;" in css
    assert '[data-bs-theme="dark"] .form-check-input {\n  border-color: #adb5bd;' in css
    # Declared before the checked state so a ticked box keeps its colour.
    assert css.index("border-color: #adb5bd;") < css.index(".form-check-input:checked")


def test_interview_form_keeps_a_zone_no_longer_in_the_menu(client_logged_in, user):
    interview = InterviewFactory(application__owner=user, time_zone="US/Pacific")
    html = client_logged_in.get(
        reverse("applications:interview_update", args=[interview.pk])
    ).content.decode()
    assert '<option value="US/Pacific" selected>' in html
    assert 'value="GB-Eire"' not in html


def test_interview_time_zone_select_has_no_maxlength(client_logged_in, user):
    application = ApplicationFactory(owner=user)
    html = client_logged_in.get(
        reverse("applications:interview_create", args=[application.pk])
    ).content.decode()
    select = html.split('name="time_zone"', 1)[1].split(">", 1)[0]
    assert "maxlength" not in select
