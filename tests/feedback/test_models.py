import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from feedback.models import Rejection, RubricRating, SubjectAccessRequest, one_month_after
from tests.factories import (
    ApplicationFactory,
    CallQuestionFactory,
    FeedbackCallFactory,
    FeedbackRequestFactory,
    ReasonTagFactory,
    ReflectionFactory,
    RejectionFactory,
    RubricRatingFactory,
    SubjectAccessRequestFactory,
)

pytestmark = pytest.mark.django_db


def test_factories_build_a_whole_loop():
    reflection = ReflectionFactory()
    rejection = reflection.rejection
    RubricRatingFactory(reflection=reflection, area="fit", rating=4)
    RubricRatingFactory(
        reflection=None, rejection=rejection, source="feedback", area="fit", rating=2
    )
    ReasonTagFactory(rejection=rejection)
    request = FeedbackRequestFactory(rejection=rejection)
    call = FeedbackCallFactory(rejection=rejection, request=request)
    CallQuestionFactory(call=call)
    SubjectAccessRequestFactory(rejection=rejection)
    assert rejection.ratings.count() == 2
    assert reflection.owner == rejection.owner == call.owner
    assert str(rejection).startswith("Rejection: ")


def test_owned_by_scopes_to_the_person_and_hides_the_trash(user, other_user):
    mine = RejectionFactory(owner=user)
    RejectionFactory(owner=other_user)
    trashed = RejectionFactory(owner=user)
    trashed.application.deleted_at = dt.datetime.now(dt.UTC)
    trashed.application.save()
    assert list(Rejection.objects.owned_by(user)) == [mine]


def test_interview_stage_needs_a_round():
    with pytest.raises(IntegrityError), transaction.atomic():
        RejectionFactory(stage="after_interview", interview_round=None)


def test_rating_must_be_1_to_5():
    with pytest.raises(IntegrityError), transaction.atomic():
        RubricRatingFactory(rating=6)


def test_one_rating_per_area_and_source():
    rating = RubricRatingFactory(area="fit")
    with pytest.raises(IntegrityError), transaction.atomic():
        RubricRatingFactory(reflection=rating.reflection, area="fit")


def test_feedback_rating_cannot_hang_off_a_reflection():
    reflection = ReflectionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RubricRating.objects.create(
            owner=reflection.owner,
            rejection=reflection.rejection,
            reflection=reflection,
            source="feedback",
            area="fit",
            rating=3,
        )


def test_final_round_is_an_almost_and_reflection_waits_two_days():
    rejection = RejectionFactory(
        stage="final_round", interview_round=None, received_on=dt.date(2026, 3, 2)
    )
    assert rejection.is_almost
    assert rejection.reflect_from == dt.date(2026, 3, 4)
    assert rejection.stage_label == "After the final round"
    assert RejectionFactory(interview_round=2).stage_label == "After interview round 2"


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        (dt.date(2026, 1, 15), dt.date(2026, 2, 15)),
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),
        (dt.date(2026, 12, 10), dt.date(2027, 1, 10)),
    ],
)
def test_one_month_after(sent, due):
    assert one_month_after(sent) == due


def test_access_request_due_date_cannot_precede_sending():
    with pytest.raises(IntegrityError), transaction.atomic():
        SubjectAccessRequestFactory(sent_on=dt.date(2026, 2, 1), due_on=dt.date(2026, 1, 1))
    assert SubjectAccessRequest.objects.count() == 0


def test_application_has_at_most_one_rejection():
    application = ApplicationFactory()
    RejectionFactory(application=application, owner=application.owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        RejectionFactory(application=application, owner=application.owner)
