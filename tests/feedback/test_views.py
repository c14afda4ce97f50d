import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback.models import Reflection, Rejection, RubricRating
from feedback.services import reflection_save, rubric_ratings_save
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    ReasonTagFactory,
    RejectionFactory,
    RubricRatingFactory,
)
from tests.urlwalk import forms_posting_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejection(user):
    return RejectionFactory(owner=user)


def rejection_urls(rejection):
    pk = rejection.pk
    return [
        reverse("feedback:rejection_detail", args=[pk]),
        reverse("feedback:rejection_update", args=[pk]),
        reverse("feedback:rejection_delete", args=[pk]),
        reverse("feedback:reflection_edit", args=[pk]),
        reverse("feedback:comparison", args=[pk]),
        reverse("feedback:rejection_create", args=[rejection.application.pk]),
    ]


def test_another_person_gets_404_on_every_view(other_client, rejection):
    for url in rejection_urls(rejection):
        assert other_client.get(url).status_code == 404, url
        assert other_client.post(url, {"received_on": "2026-01-01"}).status_code == 404, url
    autosave = reverse("feedback:reflection_autosave", args=[rejection.pk])
    assert other_client.post(autosave, {"went_well": "x"}).status_code == 404
    assert Rejection.objects.filter(pk=rejection.pk).exists()
    assert not Reflection.objects.exists()
    assert not RubricRating.objects.exists()


def test_anonymous_is_sent_to_login(client, rejection):
    urls = [
        *rejection_urls(rejection),
        reverse("feedback:rejection_list"),
        reverse("feedback:patterns"),
        reverse("feedback:reflection_autosave", args=[rejection.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url


def test_record_a_rejection(client_logged_in, user):
    application = ApplicationFactory(owner=user, status="interviewing")
    InterviewFactory(application=application, round=2)
    url = reverse("feedback:rejection_create", args=[application.pk])
    form_page = client_logged_in.get(url)
    assert form_page.status_code == 200
    assert form_page.context["form"].initial["interview_round"] == 2
    response = client_logged_in.post(
        url,
        {
            "received_on": timezone.localdate().isoformat(),
            "channel": "email",
            "stage": "final_round",
            "reason": "Another candidate had more experience.",
            "reason_tags": ["experience", "another_candidate"],
            "message": "Thank you for your time.",
        },
    )
    rejection = Rejection.objects.get()
    assert response.status_code == 302
    assert response.url == rejection.get_absolute_url()
    application.refresh_from_db()
    assert application.status == "rejected"
    page = client_logged_in.get(response.url)
    content = page.content.decode()
    assert "serious candidate" in content
    assert "!" not in page.context["almost_note"]
    assert "Write your reflection" in content
    # Recording again goes to the existing rejection.
    again = client_logged_in.get(url)
    assert again.status_code == 302
    assert again.url == rejection.get_absolute_url()


def test_rejection_form_errors_keep_the_text(client_logged_in, user):
    application = ApplicationFactory(owner=user)
    url = reverse("feedback:rejection_create", args=[application.pk])
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client_logged_in.post(
        url,
        {
            "received_on": future,
            "channel": "email",
            "stage": "after_interview",
            "reason": "A long reason I do not want to type again.",
            "message": "Their whole message.",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter a date in the past or today." in content
    assert "Enter which round you reached" in content
    assert "A long reason I do not want to type again." in content
    assert "Their whole message." in content
    assert not Rejection.objects.exists()


def test_update_and_delete(client_logged_in, rejection):
    url = reverse("feedback:rejection_update", args=[rejection.pk])
    response = client_logged_in.post(
        url,
        {
            "received_on": rejection.received_on.isoformat(),
            "channel": "phone",
            "stage": "after_screening",
            "interview_round": "3",
            "reason_tags": ["salary"],
        },
    )
    assert response.status_code == 302
    rejection.refresh_from_db()
    assert rejection.channel == "phone"
    assert rejection.interview_round is None
    assert rejection.tag_keys == ["salary"]
    delete_url = reverse("feedback:rejection_delete", args=[rejection.pk])
    assert client_logged_in.get(delete_url).status_code == 200
    assert Rejection.objects.filter(pk=rejection.pk).exists()
    response = client_logged_in.post(delete_url)
    assert response.status_code == 302
    assert not Rejection.objects.filter(pk=rejection.pk).exists()


def reflection_post(**extra):
    data = {
        "rating_fit": "4",
        "note_fit": "My background matched well.",
        "rating_answers": "2",
        "went_well": "I stayed calm in the technical part.",
        "do_differently": "Shorter answers.",
        "what_else_for_offer": "Asked about the team's plans.",
        "wanted_role": "5",
    }
    return data | extra


def test_reflection_draft_then_finish(client_logged_in, rejection):
    url = reverse("feedback:reflection_edit", args=[rejection.pk])
    page = client_logged_in.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "<legend" in content
    assert 'data-rb-autosave="' in content
    assert "js/autosave.js" in content
    response = client_logged_in.post(url, reflection_post(action="draft"))
    assert response.status_code == 302
    assert response.url == url
    reflection = Reflection.objects.get()
    assert reflection.status == "draft"
    assert reflection.went_well == "I stayed calm in the technical part."
    assert {r.area: r.rating for r in reflection.ratings.all()} == {"fit": 4, "answers": 2}
    page = client_logged_in.get(url)
    assert "My background matched well." in page.content.decode()
    response = client_logged_in.post(url, reflection_post(action="finish"))
    assert response.url == rejection.get_absolute_url()
    reflection.refresh_from_db()
    assert reflection.status == "complete"


def test_a_finished_reflection_stays_finished_when_edited(client_logged_in, rejection):
    url = reverse("feedback:reflection_edit", args=[rejection.pk])
    client_logged_in.post(url, reflection_post(action="finish"))
    page = client_logged_in.get(url).content.decode()
    assert 'value="draft"' not in page  # no "Save draft" to undo the finish by accident
    # A draft save from a tab opened before it was finished keeps it finished.
    form = forms_posting_to(page, url)[0].default_data()
    edited = {k: v[0] if len(v) == 1 else v for k, v in form.items()}
    edited |= {"went_well": "Calmer than I thought.", "action": "draft"}
    assert client_logged_in.post(url, edited).status_code == 302
    reflection = Reflection.objects.get()
    assert reflection.status == "complete"
    assert reflection.went_well == "Calmer than I thought."


def test_reflection_form_error_keeps_everything_typed(client_logged_in, rejection):
    url = reverse("feedback:reflection_edit", args=[rejection.pk])
    response = client_logged_in.post(url, reflection_post(rating_fit="9", action="finish"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "I stayed calm in the technical part." in content
    assert "My background matched well." in content
    assert "Nothing was saved yet" in content
    assert not Reflection.objects.exists()


def test_autosave_answers_json_and_keeps_state(client_logged_in, rejection):
    url = reverse("feedback:reflection_autosave", args=[rejection.pk])
    assert client_logged_in.get(url).status_code == 405
    response = client_logged_in.post(url, reflection_post())
    assert response.status_code == 200
    assert len(response.json()["saved_at"]) == 5
    reflection = Reflection.objects.get()
    assert reflection.status == "draft"
    bad = client_logged_in.post(url, reflection_post(rating_fit="9"))
    assert bad.status_code == 400
    assert "message" in bad.json()


def test_comparison_with_their_view_entered_directly(client_logged_in, rejection):
    reflection_save(
        rejection=rejection, ratings={"fit": (4, ""), "rapport": (5, ""), "answers": (3, "")}
    )
    url = reverse("feedback:comparison", args=[rejection.pk])
    page = client_logged_in.get(url)
    assert page.context["form"] is not None
    response = client_logged_in.post(
        url,
        {
            "rating_fit": "4",
            "rating_rapport": "2",
            "note_rapport": "Seemed distant.",
            "rating_answers": "5",
        },
    )
    assert response.status_code == 302
    page = client_logged_in.get(url)
    content = page.content.decode()
    verdicts = {c.key: c.verdict for c in page.context["comparisons"]}
    assert verdicts["fit"] == "agreed"
    assert verdicts["rapport"] == "blind_spot"
    assert verdicts["answers"] == "hidden_strength"
    assert [c.key for c in page.context["surprises"]] == ["answers", "rapport"]
    assert "Seemed distant." in content
    assert "Blind spot" in content
    assert "Hidden strength" in content


def test_comparison_from_a_call_has_no_direct_form(client_logged_in, rejection):
    from tests.factories import FeedbackCallFactory

    call = FeedbackCallFactory(rejection=rejection, status="done")
    rubric_ratings_save(rejection=rejection, source="feedback", values={"fit": (3, "")}, call=call)
    page = client_logged_in.get(reverse("feedback:comparison", args=[rejection.pk]))
    assert page.context["form"] is None


def make_rejections(user, n):
    for i in range(n):
        rejection = RejectionFactory(
            owner=user, stage="final_round" if i % 3 == 0 else "after_interview"
        )
        ReasonTagFactory(rejection=rejection, tag="experience")
        reflection_save(rejection=rejection, ratings={"fit": (2, ""), "answers": (4, "")})
        RubricRatingFactory(
            reflection=None, rejection=rejection, source="feedback", area="fit", rating=1
        )


@pytest.mark.parametrize("name", ["feedback:rejection_list", "feedback:patterns"])
def test_list_pages_use_a_constant_number_of_queries(client_logged_in, user, name):
    url = reverse(name)
    make_rejections(user, 2)
    with CaptureQueriesContext(connection) as few:
        assert client_logged_in.get(url).status_code == 200
    make_rejections(user, 12)
    with CaptureQueriesContext(connection) as many:
        assert client_logged_in.get(url).status_code == 200
    assert len(few) == len(many)


def test_patterns_show_repeats(client_logged_in, user):
    make_rejections(user, 5)
    page = client_logged_in.get(reverse("feedback:patterns"))
    content = page.content.decode()
    assert "5 of your last 5 rejections mention experience" in content
    assert "Experience keeps coming up" in content
    assert page.context["p"].weakest[0].key == "fit"
    assert len(page.context["p"].almosts) == 2


def test_patterns_are_only_mine(client_logged_in, other_user):
    make_rejections(other_user, 3)
    page = client_logged_in.get(reverse("feedback:patterns"))
    assert page.context["p"].total == 0
    assert "Nothing to see yet" in page.content.decode()


def test_patterns_figures_leave_out_the_trash_and_other_people(client_logged_in, user, other_user):
    make_rejections(user, 4)  # final round, after interview, after interview, final round
    kept = RejectionFactory(
        owner=user, stage="after_applying", reason="Went with someone closer to home"
    )
    rubric_ratings_save(rejection=kept, source="feedback", values={"answers": (5, "")})
    for owner in (other_user, user):  # neither counts: one not mine, one in the trash
        gone = RejectionFactory(owner=owner, stage="final_round", received_on=dt.date.today())
        ReasonTagFactory(rejection=gone, tag="salary")
        rubric_ratings_save(rejection=gone, source="feedback", values={"fit": (5, "")})
        reflection_save(rejection=gone, ratings={"answers": (1, "")})
    gone.application.deleted_at = timezone.now()
    gone.application.save()

    page = client_logged_in.get(reverse("feedback:patterns"))
    p = page.context["p"]
    assert p.total == 5
    assert p.stages == [
        ("After applying", 1),
        ("After an interview round", 2),
        ("After the final round", 2),
    ]
    assert p.tags == [("Experience", 4)]
    areas = {a.key: (a.own, a.theirs, a.combined, a.count) for a in p.areas}
    assert areas == {"fit": (2.0, 1.0, 1.5, 8), "answers": (4.0, 5.0, 4.2, 5)}
    assert [a.key for a in p.weakest] == ["fit"]
    assert len(p.almosts) == 2 and p.recent_count == 5
    content = page.content.decode()
    for rejection in Rejection.objects.owned_by(user).filter(stage="final_round"):
        name = rejection.application.company.name
        link = f'<a href="{rejection.get_absolute_url()}">{name}: {rejection.application.title}</a>'
        assert link in content
    assert f'<a href="{kept.get_absolute_url()}">{kept.application.company.name}</a>' in content
    assert "Went with someone closer to home" in content
    assert "Salary" not in content and gone.application.title not in content


def test_patterns_count_a_reason_as_recent_only_among_the_latest_five(client_logged_in, user):
    today = dt.date.today()
    live = [
        RejectionFactory(owner=user, received_on=today - dt.timedelta(days=d)) for d in range(7)
    ]
    for day, tag in [(0, "experience"), (1, "experience"), (4, "skills"), (5, "skills")]:
        ReasonTagFactory(rejection=live[day], tag=tag)
    ReasonTagFactory(rejection=live[1], tag="salary")
    trashed = RejectionFactory(owner=user, received_on=today)  # newest, but in the trash
    ReasonTagFactory(rejection=trashed, tag="salary")
    trashed.application.deleted_at = timezone.now()
    trashed.application.save()

    p = client_logged_in.get(reverse("feedback:patterns")).context["p"]
    assert p.tags == [("Experience", 2), ("Skills", 2), ("Salary", 1)]
    assert p.recent_mentions == ["2 of your last 5 rejections mention experience"]
    assert [r.pk for r in p.recent] == [r.pk for r in live[:5]]
    assert p.suggestions[0].startswith("Experience keeps coming up")
    assert not any("skills" in s.lower() or "salary" in s.lower() for s in p.suggestions)


def test_rejection_list_only_mine_newest_first(client_logged_in, user, other_user):
    older = RejectionFactory(owner=user, received_on=dt.date(2026, 1, 5))
    newer = RejectionFactory(owner=user, received_on=dt.date(2026, 2, 5))
    RejectionFactory(owner=other_user)
    page = client_logged_in.get(reverse("feedback:rejection_list"))
    assert [r.pk for r, _ in page.context["rows"]] == [newer.pk, older.pk]


def test_detail_shows_the_stepper(client_logged_in, rejection):
    page = client_logged_in.get(rejection.get_absolute_url())
    keys = [s.key for s in page.context["steps"]]
    assert keys == ["rejection", "reflection", "request", "call", "comparison", "practice"]
    assert 'class="rb-stepper' in page.content.decode()


def test_list_offers_to_record_applications_marked_rejected(client_logged_in, user):
    waiting = ApplicationFactory(owner=user, status="rejected")
    recorded = RejectionFactory(owner=user)
    ApplicationFactory(owner=user, status="applied")
    page = client_logged_in.get(reverse("feedback:rejection_list"))
    assert page.context["unrecorded"] == [waiting]
    assert reverse("feedback:rejection_create", args=[waiting.pk]) in page.content.decode()
    assert recorded.application not in page.context["unrecorded"]
