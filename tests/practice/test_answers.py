"""Typed transcripts, the measures shown beside them, and a question's progress
chart and table (server side; the browser tests drive the same pages)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice.models import Attempt, MockInterview
from tests.factories import AttemptFactory, PlanFactory, PlanItemFactory

pytestmark = pytest.mark.django_db

ANSWER = (
    "At my last job our support team had a backlog. My task was to clear it. "
    "Um, I wrote a triage guide and I automated the resets, you know, for the agents. "
    "As a result we cut the backlog by 60 percent."
)


def _answer(client, item, transcript: str, seconds: str = "40"):
    return client.post(
        reverse("practice:attempt_create", args=[item.pk]),
        {"rating": "4", "transcript": transcript, "seconds_taken": seconds, "note": ""},
    )


def test_a_typed_transcript_is_kept_with_the_rating(client_logged_in, user):
    item = PlanItemFactory(plan__owner=user)
    response = _answer(client_logged_in, item, f"  {ANSWER}  ")
    assert response.status_code == 302
    attempt = Attempt.objects.get(item=item)
    assert attempt.transcript == ANSWER
    assert attempt.seconds_taken == 40


def test_the_transcript_box_is_on_the_page_without_javascript(client_logged_in, user):
    item = PlanItemFactory(plan__owner=user)
    page = client_logged_in.get(reverse("practice:session_question", args=[item.pk])).content
    assert b'<textarea name="transcript"' in page
    # Speaking as text on the device is offered by practice.js, never without it.
    assert b"data-rb-on-device-start hidden>Transcribe on this device<" in page


@pytest.mark.parametrize("where", ["landing", "question"])
def test_measures_are_shown_beside_the_answer(client_logged_in, user, where):
    item = PlanItemFactory(plan__owner=user, plan__application__description="")
    response = _answer(client_logged_in, item, ANSWER)
    attempt = Attempt.objects.get(item=item)
    # Saving lands on the answer's own page, with its measures.
    assert response.url == attempt.get_absolute_url()
    url = response.url if where == "landing" else item.question.get_absolute_url()
    page = client_logged_in.get(url).content.decode()
    words = len(re.findall(r"[A-Za-z0-9]+", ANSWER))
    assert f"{words} words in 40 seconds, about {round(words * 1.5)} words a minute" in page
    assert "“um” 1" in page and "“you know” 1" in page
    assert "backlog (2)" in page
    assert "Situation:</span> there" in page
    assert "Result:</span> there. You gave a result with a number." in page
    assert "None of them predicts what an interviewer will decide." in page
    # No description: no job description measure.
    assert "Terms from the job description" not in page


def test_a_very_short_timed_answer_says_why_there_is_no_pace(client_logged_in, user):
    item = PlanItemFactory(plan__owner=user, plan__application__description="")
    _answer(client_logged_in, item, ANSWER, seconds="4")
    page = client_logged_in.get(item.question.get_absolute_url()).content.decode()
    assert "too short to say much about pace" in page
    assert "Start the timer while you answer" not in page


def test_terms_from_the_applications_job_description(client_logged_in, user):
    item = PlanItemFactory(
        plan__owner=user,
        plan__application__description="Support lead: triage, backlog, automation. "
        "Triage daily; backlog weekly; automation and escalation.",
    )
    _answer(client_logged_in, item, ANSWER)
    page = client_logged_in.get(
        reverse("practice:session_question", args=[item.pk])
    ).content.decode()
    assert "Terms from the job description" in page
    used = re.search(r"You used: ([^.]*)\.", page).group(1)
    assert "triage" in used and "backlog" in used
    assert "escalation" in re.search(r"Not used: ([^.]*)\.", page).group(1)


def test_markup_in_a_transcript_is_shown_as_text(client_logged_in, user):
    item = PlanItemFactory(plan__owner=user)
    hostile = "<script>alert('x')</script><b>bold</b> {{ request.user.email }}"
    assert _answer(client_logged_in, item, hostile).status_code == 302
    assert Attempt.objects.get(item=item).transcript == hostile
    for url in (
        item.question.get_absolute_url(),
        reverse("practice:session_question", args=[item.pk]),
    ):
        page = client_logged_in.get(url).content.decode()
        assert "<script>alert" not in page and "<b>bold</b>" not in page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page
        assert user.email not in page.split("{{ request.user.email }}")[0][-200:]


def test_a_transcript_too_long_is_refused_and_kept(client_logged_in, user):
    item = PlanItemFactory(plan__owner=user)
    text = "word " * 5000  # 25,000 characters
    response = _answer(client_logged_in, item, text)
    assert response.status_code == 200
    page = response.content.decode()
    assert "longer than 20,000 characters" in page
    assert text.strip() in page
    assert not Attempt.objects.filter(item=item).exists()


def test_the_progress_chart_and_its_table_show_each_answer(client_logged_in, user):
    item = PlanItemFactory(plan__owner=user)
    now = timezone.now()
    AttemptFactory(
        item=item,
        rating=2,
        seconds_taken=60,
        transcript="um " * 10 + "word " * 90,
        created_at=now - timedelta(days=3),
    )
    AttemptFactory(item=item, rating=4, seconds_taken=30, transcript="word " * 70, created_at=now)
    AttemptFactory(item=item, rating=3, seconds_taken=None, created_at=now - timedelta(days=1))
    page = client_logged_in.get(item.question.get_absolute_url()).content.decode()
    assert 'role="img" aria-labelledby="progress-chart-title"' in page
    assert "over 3 answers, oldest first" in page
    body = page.split('<table class="table table-sm small rb-progress-table">')[1]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", body.split("</table>")[0])
    cells = [re.findall(r"<td>(.*?)</td>", row) for row in rows]
    assert cells == [
        ["2 out of 5", "100", "100", "10.0"],
        ["3 out of 5", "–", "–", "–"],
        ["4 out of 5", "70", "140", "0.0"],
    ]
    # The chart draws each rating and the line between them.
    assert page.count("<circle") == 3 + 2 + 2 + 2
    assert "Your rating: 4" in page


def test_no_chart_before_the_first_answer(client_logged_in, user):
    item = PlanItemFactory(plan__owner=user)
    page = client_logged_in.get(item.question.get_absolute_url()).content.decode()
    assert "Your answers over time" not in page


def test_settings_let_the_person_turn_server_transcription_off(client_logged_in, user):
    response = client_logged_in.get(reverse("settings"))
    page = response.content.decode().lower()
    assert "turn spoken answers into text on rebound&#x27;s server" in page
    assert 'name="transcribe_on_server"' in page


def test_a_mock_interview_ends_with_a_summary_across_its_answers(client_logged_in, user):
    plan = PlanFactory(owner=user)
    items = [PlanItemFactory(plan=plan, position=i) for i in range(3)]
    client_logged_in.post(reverse("practice:mock_start", args=[plan.pk]), {"count": 3})
    mock = MockInterview.objects.get()
    answers = [
        ("Um I led the rollout and I trained the team. We cut costs by 10 percent.", "30"),
        ("At my last job I wrote the plan, um, and I shipped it.", "30"),
        ("", ""),  # rated without a transcript
    ]
    for item, (text, seconds) in zip(items, answers, strict=True):
        response = client_logged_in.post(
            reverse("practice:attempt_create", args=[item.pk]),
            {"rating": 3, "mock": mock.pk, "transcript": text, "seconds_taken": seconds},
        )
    # The last answer's page leads to the mock's summary.
    answer_page = client_logged_in.get(response.url).content.decode()
    assert f'href="{mock.get_absolute_url()}">See how the mock went</a>' in answer_page
    summary = client_logged_in.get(mock.get_absolute_url()).content.decode()
    words = 16 + 13
    assert (
        f"Across the 2 answers with text: {words} words, about {words} words a minute, "
        f"{round(200 / words, 1)} filler words per 100 words." in summary
    )
    # Neither answer says what had to be done; only the first lacks a situation.
    assert "The STAR part heard least: Task, missing from 2 of them" in summary
    assert summary.count("None of them predicts what an interviewer will decide.") == 2


@pytest.mark.parametrize("view", ["question", "session"])
def test_measured_answers_do_not_add_a_query_each(client_logged_in, user, view):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    item = PlanItemFactory(plan__owner=user, plan__application__description="triage backlog")
    url = (
        item.question.get_absolute_url()
        if view == "question"
        else reverse("practice:session_question", args=[item.pk])
    )
    AttemptFactory(item=item, transcript="I cut the backlog by half.")
    client_logged_in.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        client_logged_in.get(url)
    for _ in range(4):
        AttemptFactory(item=item, transcript="I triaged the backlog, um, every day.")
    with CaptureQueriesContext(connection) as five:
        client_logged_in.get(url)
    assert len(five) == len(one)
