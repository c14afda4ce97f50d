"""Sharing: what the person chooses, the two ways in, the coach's additions,
the access log, and 404 for anything not open."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.trash import application_trash
from feedback.models import RubricRating
from practice.models import PlanItem, Question
from sharing import services
from sharing.models import CoachComment, CoachRating, Share, ShareVisit
from tests.factories import (
    ApplicationFactory,
    PlanFactory,
    PlanItemFactory,
    ReflectionFactory,
    RejectionFactory,
    RubricRatingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _link_from(response) -> str:
    match = re.search(r'value="(https?://[^"]+/s/[^"]+/)"', response.content.decode())
    assert match, "the new link is shown on the share's page"
    return "/" + match.group(1).split("/", 3)[3]


def _share_link(client, **fields) -> tuple[Share, str]:
    data = {"kind": "pipeline", "way": "link", "notify_owner": "on"} | fields
    response = client.post(reverse("sharing:share_create"), data, follow=True)
    assert response.status_code == 200
    share = Share.objects.latest("pk")
    return share, _link_from(response)


def test_a_pipeline_link_shows_companies_and_stages_but_never_salary_or_notes(
    client_logged_in, user
):
    ApplicationFactory(
        owner=user, title="Data analyst", salary_min=41234, notes="Recruiter was rude"
    )
    share, link = _share_link(client_logged_in)
    assert len(link) > 40
    assert share.token_hash and link.split("/")[2] not in share.token_hash
    page = Client().get(link)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Data analyst" in text
    assert "41234" not in text and "Recruiter was rude" not in text
    assert page["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex' in text
    # The link is shown once only.
    again = client_logged_in.get(share.get_absolute_url()).content.decode()
    assert link not in again


def test_ticked_salary_and_notes_are_shown_and_said_so(client_logged_in, user):
    ApplicationFactory(owner=user, salary_min=41234, notes="Recruiter was rude")
    share, link = _share_link(client_logged_in, include_salary="on", include_notes="on")
    text = Client().get(link).content.decode()
    assert "41234" in text and "Recruiter was rude" in text
    detail = client_logged_in.get(share.get_absolute_url()).content.decode()
    assert "The salary of each application" in detail


def test_the_preview_is_the_page_the_coach_sees(client_logged_in, user):
    ApplicationFactory(owner=user, title="Data analyst")
    share, link = _share_link(client_logged_in)
    preview = client_logged_in.get(reverse("sharing:share_preview", args=[share.pk]))
    assert preview.templates[0].name == Client().get(link).templates[0].name
    assert "Data analyst" in preview.content.decode()
    assert "exactly what they see" in preview.content.decode()
    # Previewing is not a visit.
    assert ShareVisit.objects.filter(share=share).count() == 1


def test_stop_sharing_asks_first_and_only_the_confirm_button_stops_it(client_logged_in, user):
    share, link = _share_link(client_logged_in)
    detail = client_logged_in.get(share.get_absolute_url()).content.decode()
    revoke_url = reverse("sharing:share_revoke", args=[share.pk])
    # The share's page links to a page that asks; it holds no form that stops at once.
    assert f'href="{revoke_url}"' in detail
    assert f'action="{revoke_url}"' not in detail
    confirm = client_logged_in.get(revoke_url)
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "Stop sharing “Your pipeline”?" in text
    assert "The private link stops working at once" in text
    assert 'href="' + share.get_absolute_url() + '">Keep sharing</a>' in text
    share.refresh_from_db()
    assert share.revoked_at is None and Client().get(link).status_code == 200
    response = client_logged_in.post(revoke_url, follow=True)
    assert "Nobody can open this share any more" in response.content.decode()
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert Client().get(link).status_code == 404
    # Once stopped, the asking page has nothing to ask.
    assert client_logged_in.get(revoke_url).status_code == 302


def test_revoked_expired_trashed_and_made_up_links_answer_404(client_logged_in, user):
    rejection = RejectionFactory(owner=user)
    share, link = _share_link(client_logged_in, kind="rejection", rejection=rejection.pk)
    visitor = Client()
    assert visitor.get(link).status_code == 200
    client_logged_in.post(reverse("sharing:share_revoke", args=[share.pk]))
    assert visitor.get(link).status_code == 404
    assert visitor.get("/s/" + "x" * 43 + "/").status_code == 404

    share2, link2 = _share_link(client_logged_in, kind="rejection", rejection=rejection.pk)
    Share.objects.filter(pk=share2.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert visitor.get(link2).status_code == 404

    share3, link3 = _share_link(client_logged_in, kind="rejection", rejection=rejection.pk)
    application_trash(application=rejection.application)
    assert visitor.get(link3).status_code == 404


def test_a_link_is_limited_by_rate(client_logged_in, settings):
    _, link = _share_link(client_logged_in)
    visitor = Client()
    from sharing import views

    answers = [visitor.get(link).status_code for _ in range(views.LINK_RATE + 1)]
    assert answers[:-1] == [200] * views.LINK_RATE
    assert answers[-1] == 429


def test_another_persons_share_answers_404(client_logged_in, other_client, user):
    share, _ = _share_link(client_logged_in)
    for name in ("share_detail", "share_preview", "share_revoke"):
        url = reverse(f"sharing:{name}", args=[share.pk])
        assert other_client.get(url).status_code in (404, 405)
        assert other_client.post(url).status_code == 404
    assert other_client.get(reverse("sharing:coach_view", args=[share.pk])).status_code == 404
    share.refresh_from_db()
    assert share.revoked_at is None


def _invite(client, coach_email: str, **fields) -> Share:
    data = {
        "kind": "pipeline",
        "way": "invitation",
        "invited_email": coach_email,
        "notify_owner": "on",
    } | fields
    response = client.post(reverse("sharing:share_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Share.objects.latest("pk")


def test_an_invitation_sends_an_email_and_appears_in_shared_with_me(
    client_logged_in, user, django_capture_on_commit_callbacks
):
    coach = UserFactory(email="coach@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        share = _invite(client_logged_in, "Coach@Example.com")
    assert mail.outbox[-1].to == ["Coach@Example.com"]
    assert reverse("sharing:shared_with_me") in mail.outbox[-1].body
    coach_client = Client()
    coach_client.force_login(coach)
    listing = coach_client.get(reverse("sharing:shared_with_me")).content.decode()
    assert reverse("sharing:coach_view", args=[share.pk]) in listing
    assert coach_client.get(reverse("sharing:coach_view", args=[share.pk])).status_code == 200
    visit = ShareVisit.objects.get(share=share)
    # A keyed hash of the account, not its id or address (a hex digest may
    # contain the id's digits by chance, so compare with the hash itself).
    from sharing.models import visitor_digest

    assert visit.way == "invitation"
    assert visit.visitor == visitor_digest(f"user:{coach.pk}")
    assert visit.visitor != str(coach.pk) and "@" not in visit.visitor
    # Revoking stops access on the next request.
    client_logged_in.post(reverse("sharing:share_revoke", args=[share.pk]))
    assert coach_client.get(reverse("sharing:coach_view", args=[share.pk])).status_code == 404


def test_an_invitation_is_refused_without_an_address_keeping_the_choices(client_logged_in):
    response = client_logged_in.post(
        reverse("sharing:share_create"),
        {"kind": "pipeline", "way": "invitation", "include_notes": "on"},
    )
    assert response.status_code == 200
    assert "Type the email address" in response.content.decode()
    assert re.search(r'<input[^>]*name="include_notes"[^>]*checked', response.content.decode())
    assert not Share.objects.exists()


def test_a_rejection_can_only_be_shared_from_your_own(client_logged_in, other_user):
    theirs = RejectionFactory(owner=other_user)
    response = client_logged_in.post(
        reverse("sharing:share_create"),
        {"kind": "rejection", "rejection": theirs.pk, "way": "link"},
    )
    assert response.status_code == 200
    assert not Share.objects.exists()


@pytest.fixture
def shared_rejection(user, client_logged_in):
    rejection = RejectionFactory(owner=user)
    reflection = ReflectionFactory(rejection=rejection, owner=user)
    RubricRatingFactory(reflection=reflection, area="fit", rating=4, note="My own words")
    RubricRatingFactory(
        reflection=None, rejection=rejection, source="feedback", area="fit", rating=2
    )
    coach = UserFactory(email="coach@example.com")
    share = _invite(client_logged_in, "coach@example.com", kind="rejection", rejection=rejection.pk)
    coach_client = Client()
    coach_client.force_login(coach)
    coach_client.get(reverse("sharing:shared_with_me"))
    return share, coach, coach_client


def test_the_coach_rates_and_the_comparison_shows_three_columns(
    shared_rejection, client_logged_in, django_capture_on_commit_callbacks
):
    share, coach, coach_client = shared_rejection
    with django_capture_on_commit_callbacks(execute=True):
        response = coach_client.post(
            reverse("sharing:coach_rate", args=[share.pk]),
            {"fit_rating": "2", "fit_note": "They undersold the migration work"},
        )
    assert response.status_code == 302
    assert CoachRating.objects.get(share=share, area="fit").rating == 2
    # The person's own words are untouched.
    assert RubricRating.objects.get(source="reflection", area="fit").note == "My own words"
    preview = client_logged_in.get(reverse("sharing:share_preview", args=[share.pk]))
    text = preview.content.decode()
    assert "Your coach" in text and "They undersold the migration work" in text
    fit = next(r for r in preview.context["three_way"] if r.key == "fit")
    assert (fit.mine, fit.theirs, fit.coach, fit.agrees_with) == (4, 2, 2, "the interviewer")
    assert mail.outbox[-1].to == [share.owner.email]
    assert "rated" in mail.outbox[-1].body


def test_the_coach_page_explains_whom_they_agree_with(shared_rejection):
    share, _, coach_client = shared_rejection
    coach_client.post(reverse("sharing:coach_rate", args=[share.pk]), {"fit_rating": "3"})
    text = coach_client.get(reverse("sharing:coach_view", args=[share.pk])).content.decode()
    assert "Both" in text
    assert '"You agree with" says whose rating yours is closest to, within one point' in text


def test_a_bad_rating_is_an_error_beside_the_field_and_keeps_what_was_typed(shared_rejection):
    share, _, coach_client = shared_rejection
    response = coach_client.post(
        reverse("sharing:coach_rate", args=[share.pk]),
        {"fit_rating": "9", "fit_note": "Kept as typed"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "is-invalid" in text and "Kept as typed" in text
    assert not CoachRating.objects.exists()


def test_no_email_when_the_person_chose_none(shared_rejection, django_capture_on_commit_callbacks):
    share, _, coach_client = shared_rejection
    Share.objects.filter(pk=share.pk).update(notify_owner=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coach_client.post(reverse("sharing:coach_comment", args=[share.pk]), {"text": "Good"})
    assert CoachComment.objects.count() == 1
    assert mail.outbox == []


def test_a_suggested_question_accepted_joins_the_plan(client_logged_in, user):
    plan = PlanFactory(owner=user)
    PlanItemFactory(plan=plan, question__owner=user, done=True)
    coach = UserFactory(email="coach@example.com")
    share = _invite(client_logged_in, "coach@example.com", kind="plan", plan=plan.pk)
    coach_client = Client()
    coach_client.force_login(coach)
    coach_client.get(reverse("sharing:shared_with_me"))
    page = coach_client.get(reverse("sharing:coach_view", args=[share.pk])).content.decode()
    assert "1 of 1 items done" in page
    coach_client.post(
        reverse("sharing:coach_comment", args=[share.pk]),
        {"text": "Practise this", "suggested_question": "Why this company?"},
    )
    comment = CoachComment.objects.get()
    home = client_logged_in.get(reverse("home")).content.decode()
    assert "Your coach suggested a question to practise" in home
    response = client_logged_in.post(
        reverse("sharing:comment_accept", args=[comment.pk]), follow=True
    )
    assert f"Added to your questions in the question bank and to your plan “{plan.title}”" in (
        response.content.decode()
    )
    item = PlanItem.objects.filter(plan=plan, question__text="Why this company?").get()
    assert item.question.owner == user
    comment.refresh_from_db()
    assert comment.state == "accepted"
    home = client_logged_in.get(reverse("home")).content.decode()
    assert "Your coach suggested a question to practise" not in home


def test_a_question_suggested_on_a_rejection_is_saved_to_the_persons_questions(
    shared_rejection, client_logged_in, user
):
    share, _, coach_client = shared_rejection
    coach_client.post(
        reverse("sharing:coach_comment", args=[share.pk]),
        {"text": "Try this one", "suggested_question": "Tell me about a migration you led."},
    )
    comment = CoachComment.objects.get()
    page = client_logged_in.get(reverse("sharing:share_detail", args=[share.pk])).content.decode()
    assert "Add the question to your questions</button>" in page
    response = client_logged_in.post(
        reverse("sharing:comment_accept", args=[comment.pk]), follow=True
    )
    question = Question.objects.get(text="Tell me about a migration you led.")
    assert question.owner == user
    assert not PlanItem.objects.exists()
    text = response.content.decode()
    assert "Added to your questions in the question bank" in text
    assert "plan" not in text.split("Added to your questions", 1)[1].split("<", 1)[0]
    bank = client_logged_in.get(reverse("practice:question_list")).content.decode()
    assert "Tell me about a migration you led." in bank
    comment.refresh_from_db()
    assert comment.state == "accepted"


def test_accepting_twice_saves_the_question_once(shared_rejection, client_logged_in, user):
    share, _, coach_client = shared_rejection
    coach_client.post(
        reverse("sharing:coach_comment", args=[share.pk]), {"suggested_question": "Why us?"}
    )
    comment = CoachComment.objects.get()
    services.coach_comment_accept(comment=comment)
    services.coach_comment_accept(comment=comment)
    assert list(Question.objects.owned_by(user).values_list("text", flat=True)) == ["Why us?"]


def test_a_comment_dismissed_adds_nothing(client_logged_in, user):
    plan = PlanFactory(owner=user)
    coach = UserFactory(email="coach@example.com")
    share = _invite(client_logged_in, "coach@example.com", kind="plan", plan=plan.pk)
    coach_client = Client()
    coach_client.force_login(coach)
    coach_client.get(reverse("sharing:shared_with_me"))
    coach_client.post(
        reverse("sharing:coach_comment", args=[share.pk]), {"suggested_question": "Why us?"}
    )
    comment = CoachComment.objects.get()
    client_logged_in.post(reverse("sharing:comment_dismiss", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.state == "dismissed"
    assert not PlanItem.objects.filter(plan=plan).exists()


def test_the_coachs_additions_are_on_the_applications_timeline(shared_rejection, client_logged_in):
    share, _, coach_client = shared_rejection
    coach_client.post(reverse("sharing:coach_rate", args=[share.pk]), {"fit_rating": "3"})
    page = client_logged_in.get(share.rejection.application.get_absolute_url()).content.decode()
    assert "Your coach rated the interview" in page


@pytest.fixture
def rejection_link(client_logged_in, user):
    rejection = RejectionFactory(owner=user)
    reflection = ReflectionFactory(rejection=rejection, owner=user)
    RubricRatingFactory(reflection=reflection, area="fit", rating=4, note="My own words")
    RubricRatingFactory(
        reflection=None, rejection=rejection, source="feedback", area="fit", rating=2
    )
    share, link = _share_link(client_logged_in, kind="rejection", rejection=rejection.pk)
    return share, link


def test_a_link_visitor_rates_and_comments_as_an_invited_coach_does(
    rejection_link, django_capture_on_commit_callbacks
):
    share, link = rejection_link
    visitor = Client()
    assert "Save your ratings" in visitor.get(link).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(link + "rate/", {"fit_rating": "2", "fit_note": "Seen it myself"})
    assert response.status_code == 302 and response["Location"] == link + "?saved=rating"
    rating = CoachRating.objects.get(share=share)
    assert (rating.area, rating.rating, rating.note) == ("fit", 2, "Seen it myself")
    assert mail.outbox[-1].to == [share.owner.email]
    page = visitor.get(response["Location"]).content.decode()
    assert "Your ratings are saved" in page and "Seen it myself" in page
    # The person's own words are untouched.
    assert RubricRating.objects.get(source="reflection", area="fit").note == "My own words"

    response = visitor.post(link + "comment/", {"text": "Lead with the numbers"})
    assert response["Location"] == link + "?saved=comment"
    assert CoachComment.objects.get(share=share).text == "Lead with the numbers"
    # Worded for the coach, who reads it: the comment waits for the person.
    page = visitor.get(link).content.decode()
    assert "Waiting for their answer" in page and "Waiting for you" not in page
    # Nothing of this needed a session.
    assert "sessionid" not in visitor.cookies
    # The account routes still want an account.
    assert Client().post(reverse("sharing:coach_rate", args=[share.pk])).status_code == 302


def test_a_link_visitors_bad_rating_is_refused_beside_the_field_keeping_the_text(
    rejection_link,
):
    share, link = rejection_link
    response = Client().post(link + "rate/", {"fit_rating": "9", "fit_note": "Kept as typed"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "is-invalid" in text and "Kept as typed" in text
    assert response["X-Robots-Tag"].startswith("noindex")
    response = Client().post(link + "comment/", {"text": "  ", "suggested_question": ""})
    assert "Write a comment or suggest a question." in response.content.decode()
    response = Client().post(link + "comment/", {"text": "y" * 5001})
    assert "Keep the comment under 5,000 characters." in response.content.decode()
    assert "y" * 5001 in response.content.decode()
    assert not CoachRating.objects.exists() and not CoachComment.objects.exists()


def test_a_shares_saves_are_limited_the_same_by_link_and_by_account(
    rejection_link, shared_rejection, monkeypatch
):
    from sharing import views

    monkeypatch.setattr(views, "COACH_WRITES", 2)
    share, link = rejection_link
    visitor = Client()
    for n in range(2):
        assert visitor.post(link + "comment/", {"text": f"Comment {n}"}).status_code == 302
    refused = visitor.post(link + "comment/", {"text": "One too many"})
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "saved a lot here in the last hour" in text and "One too many" in text
    assert CoachComment.objects.filter(share=share).count() == 2

    invited, _, coach_client = shared_rejection
    url = reverse("sharing:coach_rate", args=[invited.pk])
    for n in (3, 4):
        assert coach_client.post(url, {"fit_rating": str(n)}).status_code == 302
    refused = coach_client.post(url, {"fit_rating": "5", "fit_note": "Kept"})
    assert refused.status_code == 429 and "Kept" in refused.content.decode()
    assert CoachRating.objects.get(share=invited).rating == 4


def test_a_revoked_or_made_up_link_takes_nothing(rejection_link, client_logged_in):
    share, link = rejection_link
    visitor = Client()
    # Opened by hand, the form's address leads back to the page.
    assert visitor.get(link + "rate/")["Location"] == link
    client_logged_in.post(reverse("sharing:share_revoke", args=[share.pk]))
    for url in (link, link + "rate/", link + "comment/"):
        assert visitor.get(url).status_code == 404
        assert visitor.post(url, {"fit_rating": "3", "text": "Hello"}).status_code == 404
    made_up = "/s/" + "x" * 43 + "/"
    for url in (made_up + "rate/", made_up + "comment/"):
        assert visitor.post(url, {"fit_rating": "3", "text": "Hello"}).status_code == 404
    assert not CoachRating.objects.exists() and not CoachComment.objects.exists()


def test_the_persons_own_comparison_shows_the_coachs_column(
    shared_rejection, rejection_link, client_logged_in, other_client
):
    share, coach, coach_client = shared_rejection
    url = reverse("feedback:comparison", args=[share.rejection_id])
    assert "Your coach" not in client_logged_in.get(url).content.decode()
    coach_client.post(
        reverse("sharing:coach_rate", args=[share.pk]),
        {"fit_rating": "2", "fit_note": "They undersold the migration work"},
    )
    response = client_logged_in.get(url)
    text = response.content.decode()
    (column,) = response.context["columns"]
    assert column.heading == f"Your coach, {coach.display_name}"
    assert column.cell("fit").agrees == "Agrees with them"
    assert column.cell("answers").rating is None
    assert f'<th scope="col">Your coach, {coach.display_name}</th>' in text
    assert "They undersold the migration work" in text
    # A second coach, by link, gets a column of their own on their rejection's page.
    link_share, link = rejection_link
    Client().post(link + "rate/", {"fit_rating": "4"})
    page = client_logged_in.get(reverse("feedback:comparison", args=[link_share.rejection_id]))
    (column,) = page.context["columns"]
    assert column.heading == "Your coach" and column.cell("fit").agrees == "Agrees with you"
    # Another person's comparison page is still a 404.
    assert other_client.get(url).status_code == 404


def test_shared_pages_say_who_the_notes_belong_to(rejection_link, client_logged_in):
    share, link = rejection_link
    for page in (
        Client().get(link),
        client_logged_in.get(reverse("sharing:share_preview", args=[share.pk])),
    ):
        text = page.content.decode()
        assert "Your notes are private to you" not in text
        assert "Shared with you to read and to help" in text
    home = client_logged_in.get(reverse("home")).content.decode()
    assert "Your notes are private to you" in home


def test_a_rejections_page_offers_to_share_its_loop(client_logged_in, user, other_user):
    rejection = RejectionFactory(owner=user)
    page = client_logged_in.get(rejection.get_absolute_url()).content.decode()
    match = re.search(r'href="([^"]+)">Share with your coach<', page)
    assert match
    form = client_logged_in.get(match.group(1).replace("&amp;", "&"))
    assert form.context["form"]["kind"].value() == "rejection"
    assert str(form.context["form"]["rejection"].value()) == str(rejection.pk)
    assert re.search(rf'<option value="{rejection.pk}" selected>', form.content.decode())
    # Another person's rejection named in the address selects nothing.
    theirs = RejectionFactory(owner=other_user)
    form = client_logged_in.get(
        reverse("sharing:share_create") + f"?kind=rejection&rejection={theirs.pk}"
    )
    assert "selected>" + theirs.application.title not in form.content.decode()
    assert not re.search(rf'<option value="{theirs.pk}"', form.content.decode())
    # Once shared, the page lists the share.
    share, _ = _share_link(client_logged_in, kind="rejection", rejection=rejection.pk)
    page = client_logged_in.get(rejection.get_absolute_url()).content.decode()
    assert share.get_absolute_url() in page


def test_deleting_the_coachs_account_keeps_the_persons_data(shared_rejection):
    share, coach, coach_client = shared_rejection
    coach_client.post(reverse("sharing:coach_rate", args=[share.pk]), {"fit_rating": "3"})
    coach.delete()
    share.refresh_from_db()
    assert share.coach is None
    assert CoachRating.objects.filter(share=share).count() == 1


def test_an_address_typed_for_a_private_link_is_an_error_not_dropped(client_logged_in):
    response = client_logged_in.post(
        reverse("sharing:share_create"),
        {"kind": "pipeline", "way": "link", "invited_email": "coach@example.com"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "A private link goes to nobody by email" in text and "coach@example.com" in text
    assert not Share.objects.exists()


def test_a_link_is_open_until_the_day_the_person_chooses(client_logged_in, user):
    today = user.local_today()
    share, link = _share_link(client_logged_in)
    assert share.expires_at.astimezone(user.zone).date() == today + timedelta(days=30)
    chosen = today + timedelta(days=3)
    share, link = _share_link(client_logged_in, expires_on=chosen.isoformat())
    local_end = share.expires_at.astimezone(user.zone)
    assert local_end.date() == chosen and local_end.hour == 23
    detail = client_logged_in.get(share.get_absolute_url()).content.decode()
    assert f"open until {chosen:%-d %B %Y}" in detail
    with time_machine.travel(share.expires_at + timedelta(seconds=1)):
        assert Client().get(link).status_code == 404


def test_a_link_day_in_the_past_or_too_far_is_refused_beside_the_field(client_logged_in, user):
    today = user.local_today()
    for day, message in (
        (today - timedelta(days=1), "Choose today or a day after today."),
        (today + timedelta(days=400), "Choose a day within a year from today."),
    ):
        response = client_logged_in.post(
            reverse("sharing:share_create"),
            {
                "kind": "pipeline",
                "way": "link",
                "expires_on": day.isoformat(),
                "include_notes": "on",
            },
        )
        text = response.content.decode()
        assert response.status_code == 200 and message in text
        assert f'value="{day.isoformat()}"' in text
    assert not Share.objects.exists()


def test_the_comparison_makes_the_same_queries_for_one_coach_and_three(client_logged_in, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rejection = RejectionFactory(owner=user)
    url = reverse("feedback:comparison", args=[rejection.pk])
    counts = []
    for coaches in (1, 3):
        while Share.objects.filter(rejection=rejection).count() < coaches:
            share, link = _share_link(client_logged_in, kind="rejection", rejection=rejection.pk)
            Client().post(link + "rate/", {"fit_rating": "3", "answers_rating": "4"})
        client_logged_in.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client_logged_in.get(url)
        assert len(response.context["columns"]) == coaches
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    # Links made the same day are told apart.
    headings = [c.heading for c in response.context["columns"]]
    assert len(set(headings)) == 3 and headings[0].startswith("Your coach (link of ")


def test_a_coach_reloading_the_page_is_one_visit_until_half_an_hour_has_passed(
    client_logged_in, user
):
    share, link = _share_link(client_logged_in)
    before = ShareVisit.objects.filter(share=share).count()
    coach = Client()
    for _ in range(3):
        assert coach.get(link).status_code == 200
    assert ShareVisit.objects.filter(share=share).count() == before + 1
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert coach.get(link).status_code == 200
    assert ShareVisit.objects.filter(share=share).count() == before + 2
