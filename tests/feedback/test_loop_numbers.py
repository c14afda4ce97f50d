"""The loop's own numbers on the stats page."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from feedback.numbers import POINTS_SHOWN, loop_numbers
from tests.factories import (
    FeedbackCallFactory,
    FeedbackRequestFactory,
    ReflectionFactory,
    RejectionFactory,
    RubricRatingFactory,
)

pytestmark = pytest.mark.django_db

SENT = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)


def rate(rejection, area, own, theirs, call=None):
    reflection = getattr(rejection, "reflection", None) or ReflectionFactory(rejection=rejection)
    if own is not None:
        RubricRatingFactory(reflection=reflection, area=area, rating=own)
    if theirs is not None:
        RubricRatingFactory(
            reflection=None,
            rejection=rejection,
            owner=rejection.owner,
            source="feedback",
            call=call,
            area=area,
            rating=theirs,
        )


@pytest.fixture
def loop(user):
    first = RejectionFactory(owner=user, received_on=dt.date(2026, 9, 1))
    second = RejectionFactory(owner=user, received_on=dt.date(2026, 9, 20))
    answered = FeedbackRequestFactory(
        rejection=first,
        sent_at=SENT,
        outcome="call_booked",
        answered_at=SENT + dt.timedelta(days=2, hours=3),
    )
    FeedbackCallFactory(rejection=first, request=answered, scheduled_at=SENT + dt.timedelta(days=6))
    FeedbackCallFactory(
        rejection=first, request=answered, scheduled_at=SENT + dt.timedelta(days=20)
    )
    FeedbackRequestFactory(
        rejection=second,
        sent_at=SENT,
        outcome="feedback_given",
        answered_at=SENT + dt.timedelta(days=9),
    )
    FeedbackRequestFactory(rejection=second, sent_at=SENT, outcome="no_answer")
    FeedbackRequestFactory(rejection=second, sent_at=SENT, outcome="pending")
    FeedbackRequestFactory(rejection=second, sent_at=None)  # a draft: never sent
    rate(first, "evidence", 4, 2)  # blind spot
    rate(first, "rapport", 3, 3)
    rate(second, "evidence", 3, 3)
    rate(second, "rapport", 4, 2)  # blind spot
    rate(second, "fit", 2, None)
    return first, second


def test_requests_answered_calls_and_how_long_the_answers_took(user, loop):
    numbers = loop_numbers(user=user)
    assert (numbers.sent, numbers.answered, numbers.answered_percent) == (4, 2, 50)
    assert (numbers.no_answer, numbers.waiting) == (1, 1)
    assert (numbers.followed_by_call, numbers.call_percent) == (1, 25)
    # From the day each request went to the day its answer came, not to the call.
    assert sorted(numbers.days_to_answer) == [2, 9]
    assert numbers.median_days_to_answer == 5.5


def test_blind_spots_are_counted(user, loop):
    numbers = loop_numbers(user=user)
    assert (numbers.compared, numbers.blind_spots, numbers.rejections_with_blind_spots) == (2, 2, 2)


def test_blind_spots_count_areas_and_rejections_apart(user, loop):
    third = RejectionFactory(owner=user, received_on=dt.date(2026, 9, 25))
    rate(third, "evidence", 5, 1)  # two blind spots in one rejection
    rate(third, "rapport", 4, 3)
    rate(third, "fit", None, 2)  # only their view: nothing to compare
    only_theirs = RejectionFactory(owner=user, received_on=dt.date(2026, 9, 26))
    rate(only_theirs, "evidence", None, 1)
    someone_else = RejectionFactory(received_on=dt.date(2026, 9, 27))
    rate(someone_else, "evidence", 5, 1)
    numbers = loop_numbers(user=user)
    assert (numbers.compared, numbers.blind_spots, numbers.rejections_with_blind_spots) == (3, 4, 3)


def test_each_area_over_time_oldest_first(user, loop):
    areas = {a.key: a for a in loop_numbers(user=user).areas}
    assert [(r.own, r.theirs) for r in areas["evidence"].rows] == [(4, 2), (3, 3)]
    assert [(r.own, r.theirs) for r in areas["fit"].rows] == [(2, None)]
    chart = areas["evidence"].chart
    own = next(line for line in chart.lines if line.key == "own")
    assert [p.value for p in own.points] == [4, 3]
    assert own.points[0].y < own.points[1].y  # a higher rating sits higher


def test_a_rejection_in_the_trash_leaves_the_numbers(user, loop):
    first, _second = loop
    first.application.deleted_at = dt.datetime(2026, 10, 2, tzinfo=dt.UTC)
    first.application.save(update_fields=["deleted_at"])
    numbers = loop_numbers(user=user)
    areas = {a.key: a for a in numbers.areas}
    assert [(r.own, r.theirs) for r in areas["evidence"].rows] == [(3, 3)]
    assert areas["evidence"].total == 1
    assert (numbers.compared, numbers.blind_spots, numbers.rejections_with_blind_spots) == (1, 1, 1)


def test_only_the_latest_points_are_drawn(user):
    for day in range(POINTS_SHOWN + 2):
        rejection = RejectionFactory(
            owner=user, received_on=dt.date(2026, 1, 1) + dt.timedelta(days=day)
        )
        rate(rejection, "fit", 1 + day % 5, None)
    (fit,) = loop_numbers(user=user).areas
    assert fit.total == POINTS_SHOWN + 2 and len(fit.rows) == POINTS_SHOWN
    assert fit.rows[-1].received_on == dt.date(2026, 1, 1) + dt.timedelta(days=POINTS_SHOWN + 1)


def test_the_stats_page_shows_the_loop_with_a_chart_and_table_per_area(
    client_logged_in, user, loop
):
    html = client_logged_in.get(reverse("applications:stats")).content.decode()
    assert "data-loop-numbers" in html
    assert "2 of the 4 feedback requests you sent got an answer (50%)" in html
    assert "An answer took 5.5 days from the day you sent the request" in html
    assert "No public figure exists" in html
    for key in ("evidence", "rapport", "fit"):
        block = re.search(rf'data-area-history="{key}">(.*?)</table>', html, re.S).group(1)
        assert 'role="img"' in block and f'<title id="area-{key}-title">' in block
        assert "<tbody>" in block
    assert "style=" not in html


def test_another_persons_loop_is_not_counted(other_user, loop):
    numbers = loop_numbers(user=other_user)
    assert (numbers.sent, numbers.blind_spots, numbers.areas) == (0, 0, [])


def test_answer_days_are_counted_in_the_persons_time_zone(user):
    """Sent late on the 1st and answered early on the 2nd, in Auckland: one day,
    though both moments fall on the 1st in UTC."""
    user.time_zone = "Pacific/Auckland"
    user.save(update_fields=["time_zone"])
    FeedbackRequestFactory(
        rejection=RejectionFactory(owner=user),
        sent_at=dt.datetime(2026, 10, 1, 0, 30, tzinfo=dt.UTC),  # 13:30 on the 1st there
        outcome="declined",
        answered_at=dt.datetime(2026, 10, 1, 20, 0, tzinfo=dt.UTC),  # 09:00 on the 2nd there
    )
    assert loop_numbers(user=user).days_to_answer == [1]


def test_answers_that_booked_a_call_are_counted_with_what_came_of_the_call(client_logged_in, user):
    """The walk-through: one request answered with a call booked, the call held and the
    interviewer's view written down for all nine areas. The page said "1 of the 1 …
    got an answer (100%): 0 with feedback, 0 declined": the parts did not add up."""
    from feedback.rubric import AREA_KEYS

    rejection = RejectionFactory(owner=user, received_on=dt.date(2026, 9, 1))
    request = FeedbackRequestFactory(
        rejection=rejection,
        sent_at=SENT,
        outcome="call_booked",
        answered_at=SENT + dt.timedelta(days=1),
    )
    call = FeedbackCallFactory(
        rejection=rejection,
        request=request,
        scheduled_at=SENT + dt.timedelta(days=5),
        status="done",
    )
    for area in AREA_KEYS:
        rate(rejection, area, None, 3, call=call)
    now = SENT + dt.timedelta(days=30)
    numbers = loop_numbers(user=user, now=now)
    assert (numbers.sent, numbers.answered) == (1, 1)
    assert (numbers.gave_feedback, numbers.call_booked, numbers.declined) == (0, 1, 0)
    assert numbers.gave_feedback + numbers.call_booked + numbers.declined == numbers.answered
    assert (numbers.call_feedback, numbers.call_held_only, numbers.call_to_come) == (1, 0, 0)

    html = re.sub(r"\s+", " ", client_logged_in.get(reverse("applications:stats")).content.decode())
    assert (
        "1 of the 1 feedback request you sent got an answer (100%): "
        "0 with feedback in the answer itself, 1 with a call booked, 0 declined." in html
    )
    assert (
        "Of the 1 answer with a call booked: 1 with their feedback from the call written "
        "down, 0 with the call held and nothing written down yet, 0 with the call still to "
        "come." in html
    )


def test_a_booked_call_is_held_with_nothing_written_down_or_still_to_come(user):
    held = FeedbackRequestFactory(
        rejection=RejectionFactory(owner=user), sent_at=SENT, outcome="call_booked"
    )
    FeedbackCallFactory(
        rejection=held.rejection, request=held, scheduled_at=SENT + dt.timedelta(days=3)
    )
    coming = FeedbackRequestFactory(
        rejection=RejectionFactory(owner=user), sent_at=SENT, outcome="call_booked"
    )
    FeedbackCallFactory(
        rejection=coming.rejection, request=coming, scheduled_at=SENT + dt.timedelta(days=20)
    )
    noted = FeedbackRequestFactory(
        rejection=RejectionFactory(owner=user), sent_at=SENT, outcome="call_booked"
    )
    FeedbackCallFactory(
        rejection=noted.rejection,
        request=noted,
        scheduled_at=SENT + dt.timedelta(days=4),
        takeaways="More numbers in the examples.",
    )
    numbers = loop_numbers(user=user, now=SENT + dt.timedelta(days=10))
    assert numbers.call_booked == 3
    assert (numbers.call_feedback, numbers.call_held_only, numbers.call_to_come) == (1, 1, 1)


def test_a_lower_rating_that_is_still_good_is_no_blind_spot(user, loop):
    """Counted by the same rule as the comparison page: 5 against their 4 is good."""
    third = RejectionFactory(owner=user, received_on=dt.date(2026, 9, 25))
    rate(third, "enthusiasm", 5, 4)
    numbers = loop_numbers(user=user)
    assert (numbers.compared, numbers.blind_spots, numbers.rejections_with_blind_spots) == (3, 2, 2)
