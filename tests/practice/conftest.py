import pytest

from tests.factories import (
    ApplicationFactory,
    FeedbackCallFactory,
    InterviewFactory,
    InterviewQuestionFactory,
    ReflectionFactory,
    RejectionFactory,
    RubricRatingFactory,
)


def make_compared_rejection(owner):
    """A rejection after an interview at Acme, with the person's reflection and
    the interviewer's view: evidence is a blind spot (4 against 2), questions
    rated 3 on both sides, fit agreed at 4; the call's takeaways hold two
    suggestions."""
    application = ApplicationFactory(
        owner=owner, status="rejected", company__name="Acme", title="Service designer"
    )
    interview = InterviewFactory(application=application)
    InterviewQuestionFactory(interview=interview, text="How would you cut our onboarding time?")
    rejection = RejectionFactory(owner=owner, application=application)
    reflection = ReflectionFactory(rejection=rejection, status="complete")
    for area, mine, theirs in [("evidence", 4, 2), ("questions", 3, 3), ("fit", 4, 4)]:
        RubricRatingFactory(reflection=reflection, area=area, rating=mine)
        RubricRatingFactory(
            reflection=None,
            rejection=rejection,
            owner=owner,
            source="feedback",
            area=area,
            rating=theirs,
        )
    FeedbackCallFactory(
        rejection=rejection,
        status="done",
        takeaways="Use numbers in your examples.\nAsk sharper questions about the team.",
    )
    return rejection


@pytest.fixture
def compared_rejection(user):
    return make_compared_rejection(user)
