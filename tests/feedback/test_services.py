import datetime as dt
from unittest import mock

import pytest

from applications.models import Application, StatusChange
from feedback.models import ReasonTag, Reflection, Rejection, RubricRating, SubjectAccessRequest
from feedback.services import (
    AreaComparison,
    comparison_summary,
    practice_order,
    reflection_save,
    rejection_compare,
    rejection_focus_areas,
    rejection_record,
    rejection_update,
    rubric_ratings_save,
    subject_access_request_save,
)
from tests.factories import (
    ApplicationFactory,
    FeedbackCallFactory,
    RejectionFactory,
    SubjectAccessRequestFactory,
)

pytestmark = pytest.mark.django_db

FEEDBACK = RubricRating.Source.FEEDBACK


def record(application, **kwargs):
    defaults = {
        "received_on": dt.date(2026, 3, 2),
        "channel": "email",
        "stage": "after_interview",
        "interview_round": 2,
        "reason": "More experience with research.",
        "reason_tags": ["experience", "skills"],
        "message": "Thank you for your time.",
    }
    return rejection_record(application=application, **(defaults | kwargs))


def test_recording_a_rejection_marks_the_application_rejected():
    application = ApplicationFactory(status="interviewing")
    rejection = record(application)
    application.refresh_from_db()
    assert application.status == "rejected"
    assert StatusChange.objects.filter(application=application, to_status="rejected").exists()
    assert rejection.owner == application.owner
    assert sorted(rejection.tag_keys) == ["experience", "skills"]
    assert rejection.interview_round == 2


def test_a_failure_midway_leaves_nothing_half_done():
    application = ApplicationFactory(status="interviewing")
    with (
        mock.patch("feedback.services.application_change_status", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        record(application)
    application.refresh_from_db()
    assert application.status == "interviewing"
    assert Rejection.objects.count() == 0
    assert ReasonTag.objects.count() == 0


def test_round_is_dropped_for_stages_without_one():
    rejection = record(ApplicationFactory(), stage="after_applying", interview_round=3)
    assert rejection.interview_round is None


def test_unknown_tags_are_ignored_and_update_replaces_tags():
    rejection = record(ApplicationFactory(), reason_tags=["experience", "made-up"])
    assert rejection.tag_keys == ["experience"]
    rejection_update(rejection=rejection, reason_tags=["salary"], reason="Budget.")
    rejection.refresh_from_db()
    assert rejection.tag_keys == ["salary"]
    assert rejection.reason == "Budget."


def test_reflection_save_keeps_state_on_autosave():
    rejection = RejectionFactory()
    ratings = {"fit": (4, "Good match."), "answers": (None, "")}
    reflection = reflection_save(
        rejection=rejection, ratings=ratings, went_well="Rapport.", finish=True
    )
    assert reflection.status == Reflection.Status.COMPLETE
    assert reflection.completed_at is not None
    # Only areas with something in them get a row.
    assert [(r.area, r.rating, r.note) for r in reflection.ratings.all()] == [
        ("fit", 4, "Good match.")
    ]
    reflection = reflection_save(rejection=rejection, ratings={"fit": (2, "")}, finish=None)
    assert reflection.status == Reflection.Status.COMPLETE
    assert reflection.ratings.get().rating == 2
    reflection = reflection_save(rejection=rejection, ratings={}, finish=False)
    assert reflection.status == Reflection.Status.DRAFT
    assert Reflection.objects.count() == 1


def test_their_view_from_a_call_and_from_email_share_one_row_per_area():
    rejection = RejectionFactory()
    rubric_ratings_save(rejection=rejection, source=FEEDBACK, values={"fit": (2, "By email.")})
    call = FeedbackCallFactory(rejection=rejection)
    rubric_ratings_save(rejection=rejection, source=FEEDBACK, values={"fit": (3, "")}, call=call)
    row = RubricRating.objects.get()
    assert (row.rating, row.call) == (3, call)


def test_own_ratings_need_a_reflection():
    with pytest.raises(ValueError):
        rubric_ratings_save(
            rejection=RejectionFactory(), source="reflection", values={"fit": (3, "")}
        )


def make_views(mine: dict, theirs: dict):
    rejection = RejectionFactory()
    reflection_save(rejection=rejection, ratings={k: (v, "") for k, v in mine.items()})
    rubric_ratings_save(
        rejection=rejection, source=FEEDBACK, values={k: (v, "") for k, v in theirs.items()}
    )
    return rejection


def test_comparison_verdicts_and_surprises():
    rejection = make_views(
        mine={"fit": 4, "answers": 3, "preparation": 2, "rapport": 5, "enthusiasm": 4},
        theirs={"fit": 4, "answers": 2, "preparation": 4, "rapport": 2, "questions": 3},
    )
    by_key = {c.key: c for c in rejection_compare(rejection=rejection)}
    assert len(by_key) == 9
    assert by_key["fit"].verdict == AreaComparison.AGREED
    assert by_key["answers"].verdict == AreaComparison.BLIND_SPOT
    assert not by_key["answers"].is_surprise
    assert by_key["preparation"].verdict == AreaComparison.HIDDEN_STRENGTH
    assert by_key["preparation"].is_surprise
    assert by_key["rapport"].verdict == AreaComparison.BLIND_SPOT
    assert by_key["rapport"].gap == -3
    assert by_key["rapport"].is_surprise
    assert by_key["enthusiasm"].verdict == ""
    assert by_key["questions"].verdict == ""
    summary = comparison_summary(list(by_key.values()))
    assert "agree on 1 of 4 areas" in summary
    assert "rapport and answers" in summary


def test_focus_areas_put_blind_spots_first_then_own_low_then_their_low():
    rejection = make_views(
        mine={"fit": 4, "answers": 3, "preparation": 2, "rapport": 5, "evidence": 4},
        theirs={"fit": 4, "answers": 2, "preparation": 4, "rapport": 2, "questions": 1},
    )
    assert rejection_focus_areas(rejection=rejection) == [
        "rapport",  # blind spot, widest gap
        "answers",  # blind spot
        "preparation",  # own low (2)
        "questions",  # their low (1)
    ]


def test_focus_areas_without_any_ratings_is_empty():
    assert rejection_focus_areas(rejection=RejectionFactory()) == []


def test_access_request_due_one_month_after_sending():
    sar = SubjectAccessRequestFactory()
    sar.sent_on = dt.date(2026, 1, 31)
    subject_access_request_save(sar=sar)
    sar = SubjectAccessRequest.objects.get(pk=sar.pk)
    assert sar.due_on == dt.date(2026, 2, 28)


def test_recording_for_an_application_keeps_application_owner():
    application = ApplicationFactory()
    rejection = record(application)
    assert Application.objects.get(pk=application.pk).rejection == rejection


def test_a_blind_spot_is_their_lower_rating_below_good():
    """The rubric's 4 is "good": 5 against their 4 is no blind spot; 4 against their 3 is."""
    rejection = make_views(
        mine={"enthusiasm": 5, "fit": 4, "rapport": 5},
        theirs={"enthusiasm": 4, "fit": 3, "rapport": 5},
    )
    by_key = {c.key: c for c in rejection_compare(rejection=rejection)}
    assert by_key["enthusiasm"].verdict == AreaComparison.BOTH_GOOD
    assert by_key["enthusiasm"].verdict_label == "Both good"
    assert not by_key["enthusiasm"].is_blind_spot
    assert by_key["fit"].verdict == AreaComparison.BLIND_SPOT
    assert rejection_focus_areas(rejection=rejection) == ["fit"]
    summary = comparison_summary(list(by_key.values()))
    assert "agree on 2 of 3 areas" in summary
    assert "enthusiasm" not in summary


def test_practice_order_is_blind_spots_then_both_low_and_the_summary_says_so():
    rejection = make_views(
        mine={"evidence": 4, "preparation": 5, "rapport": 2, "answers": 3},
        theirs={"evidence": 2, "preparation": 3, "rapport": 2, "answers": 3},
    )
    comparisons = rejection_compare(rejection=rejection)
    assert [c.key for c in practice_order(comparisons)] == [
        "evidence",  # blind spot, gap 2, their 2
        "preparation",  # blind spot, gap 2, their 3
        "rapport",  # both low, 2 and 2
        "answers",  # both low, 3 and 3
    ]
    summary = comparison_summary(comparisons)
    assert "They saw evidence and preparation less favourably" in summary
    assert "that is where to practise first" in summary
    assert "You both rated rapport and answers low: practise that next." in summary
    assert summary.index("evidence") < summary.index("rapport")
