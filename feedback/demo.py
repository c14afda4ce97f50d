"""The feedback loop part of the demo account (see applications' demo_data
command): rejections for the rejected applications, at different points of the
loop, so every step and page has something to show."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from applications.models import Application, Status

from .models import (
    CallQuestion,
    FeedbackCall,
    FeedbackRequest,
    Rejection,
    RubricRating,
    SubjectAccessRequest,
    one_month_after,
)
from .rubric import AREAS, CLOSING_CALL_QUESTIONS
from .services import reflection_save, rejection_record, rubric_ratings_save

REASONS = [
    ("We went with a candidate with more experience in user research.", ["experience"]),
    (
        "Another candidate was a closer match for what the team needs right now.",
        ["another_candidate"],
    ),
    ("We were looking for more hands-on experience with design systems.", ["experience", "skills"]),
    ("The role has been filled internally.", ["internal_candidate"]),
    ("Your salary expectations were above the budget for this role.", ["salary"]),
    ("", []),
]
CHANNELS = ["email", "email", "email", "phone", "portal"]

OWN_NOTES = {
    "fit": "My agency background matched most of the brief.",
    "answers": "I rambled on the research question.",
    "evidence": "My examples lacked numbers.",
    "questions": "I ran out of questions at the end.",
}
THEIR_NOTES = {
    "answers": "Some answers went wide of the question.",
    "evidence": "They wanted clearer outcomes from the examples.",
    "rapport": "The panel enjoyed the conversation.",
}


def _ratings(rng: random.Random, notes: dict[str, str], low: set[str]) -> dict:
    return {
        area.key: (
            rng.choice([2, 2, 3]) if area.key in low else rng.choice([3, 4, 4, 5]),
            notes.get(area.key, ""),
        )
        for area in AREAS
    }


def clear(user) -> None:
    SubjectAccessRequest.objects.filter(owner=user).delete()
    Rejection.objects.filter(owner=user).delete()


def populate(user, rng: random.Random, today: date) -> None:
    tz = user.zone
    applications = list(
        Application.objects.owned_by(user)
        .filter(status=Status.REJECTED)
        .select_related("company")
        .prefetch_related("status_changes", "interviews", "contacts")
        .order_by("last_news_at")
    )
    made_final = False
    rejections: list[Rejection] = []
    # The latest one is left just marked as rejected, its rejection not yet recorded.
    for application in applications[:-1]:
        changes = list(application.status_changes.all())
        rejected_at = next(
            (c.changed_at for c in reversed(changes) if c.to_status == Status.REJECTED),
            application.last_news_at,
        )
        rounds = [i.round for i in application.interviews.all()]
        if rounds and not made_final:
            stage, round_ = Rejection.Stage.FINAL_ROUND, max(rounds)
            made_final = True
        elif rounds:
            stage, round_ = Rejection.Stage.AFTER_INTERVIEW, max(rounds)
        elif any(c.to_status == Status.SCREENING for c in changes):
            stage, round_ = Rejection.Stage.AFTER_SCREENING, None
        else:
            stage, round_ = Rejection.Stage.AFTER_APPLYING, None
        reason, tags = rng.choice(REASONS)
        if stage == Rejection.Stage.AFTER_APPLYING and rng.random() < 0.3:
            channel, reason, tags = Rejection.Channel.NEVER_HEARD, "", []
        else:
            channel = rng.choice(CHANNELS)
        rejections.append(
            rejection_record(
                application=application,
                received_on=min(timezone.localtime(rejected_at, tz).date(), today),
                channel=channel,
                stage=stage,
                interview_round=round_,
                reason=reason,
                reason_tags=tags,
                message="Thank you for your time and interest in the role. " + reason
                if reason
                else "",
            )
        )

    # Most recent first, so the furthest-along loop is the first one listed.
    interviewed = sorted(
        (r for r in rejections if r.stage in ("after_interview", "final_round")),
        key=lambda r: r.received_on,
        reverse=True,
    )
    screened = [r for r in rejections if r.stage == "after_screening"]

    # The furthest along: reflected, asked, called, compared.
    if interviewed:
        _full_loop(user, interviewed[0], rng, today, tz)
    # Reflected and asked; waiting for an answer.
    if len(interviewed) > 1:
        rejection = interviewed[1]
        reflection_save(
            rejection=rejection,
            ratings=_ratings(rng, OWN_NOTES, {"answers", "questions"}),
            went_well="The portfolio walk-through felt natural.",
            do_differently="Slow down on the research question and give one clear example.",
            what_else_for_offer="Ask more about the team's current projects.",
            wanted_role=4,
            finish=True,
        )
        contact = next(iter(rejection.application.contacts.all()), None)
        FeedbackRequest.objects.create(
            owner=user,
            rejection=rejection,
            contact=contact,
            subject="Thank you, and a request for feedback",
            body="Thank you for the interview. I would value a few pointers on how I could "
            "have been a stronger candidate. My interest in your team remains.",
            areas_to_ask=["answers", "evidence"],
            sent_at=datetime.combine(rejection.received_on, time(10, 0), tzinfo=tz),
            follow_up_due=max(today + timedelta(days=2), rejection.received_on),
        )
        SubjectAccessRequest.objects.create(
            owner=user,
            rejection=rejection,
            application=rejection.application,
            organisation_name=rejection.application.company.name,
            addressed_to="The data protection officer",
            body="I am writing to ask for a copy of the personal data you hold about me.",
            sent_on=today - timedelta(days=10),
            due_on=one_month_after(today - timedelta(days=10)),
        )
    # Feedback by email, typed in on the comparison page.
    if screened:
        rejection = screened[0]
        reflection_save(
            rejection=rejection,
            ratings=_ratings(rng, {}, {"preparation"}),
            went_well="Clear about why I wanted the role.",
            wanted_role=3,
            finish=True,
        )
        FeedbackRequest.objects.create(
            owner=user,
            rejection=rejection,
            subject="A request for feedback",
            body="Thank you for the call. Could you share what would have made me a stronger "
            "candidate?",
            sent_at=datetime.combine(rejection.received_on, time(9, 30), tzinfo=tz),
            outcome=FeedbackRequest.Outcome.FEEDBACK_GIVEN,
            answered_at=min(
                datetime.combine(rejection.received_on + timedelta(days=4), time(15, 0), tzinfo=tz),
                timezone.now(),
            ),
        )
        rubric_ratings_save(
            rejection=rejection,
            source=RubricRating.Source.FEEDBACK,
            values={"preparation": (2, "Knew little about their products."), "fit": (4, "")},
        )
    # A draft reflection, started and not finished.
    if len(screened) > 1:
        reflection_save(
            rejection=screened[1],
            ratings={"fit": (3, "Not sure my experience came across.")},
            went_well="Good energy on the call.",
        )


def _full_loop(user, rejection: Rejection, rng, today: date, tz) -> None:
    reflection_save(
        rejection=rejection,
        ratings=_ratings(rng, OWN_NOTES, {"questions"}),
        went_well="I connected well with the panel and the case study went smoothly.",
        do_differently="Bring numbers to every example, and prepare three questions for them.",
        what_else_for_offer="Show more evidence of leading research, not only taking part.",
        wanted_role=5,
        finish=True,
    )
    contact = next(iter(rejection.application.contacts.all()), None)
    sent = datetime.combine(rejection.received_on, time(11, 0), tzinfo=tz)
    request = FeedbackRequest.objects.create(
        owner=user,
        rejection=rejection,
        contact=contact,
        subject="Thank you, and a request for feedback",
        body="Thank you for the final interview. I would be grateful for ten minutes of your "
        "time to hear what would have made me a stronger candidate.",
        areas_to_ask=["evidence", "answers"],
        sent_at=sent,
        outcome=FeedbackRequest.Outcome.CALL_BOOKED,
        answered_at=max(sent, min(sent + timedelta(days=1), timezone.now())),
    )
    when = min(sent + timedelta(days=3), timezone.now() - timedelta(hours=2))
    call = FeedbackCall.objects.create(
        owner=user,
        rejection=rejection,
        request=request,
        scheduled_at=when,
        notes="Friendly call, about fifteen minutes. They were open about the decision.",
        takeaways="Lead with outcomes. Prepare sharper questions for the panel.",
        future_opportunity_mentioned=True,
        future_opportunity_note="A similar role may open in the spring; they will let me know.",
        thank_you_body="Thank you for taking the time to talk me through the decision.",
        thank_you_sent_at=when + timedelta(hours=3),
        status=FeedbackCall.Status.DONE,
    )
    questions = [a.ask_them for a in AREAS if a.key in ("answers", "evidence", "questions")]
    questions += list(CLOSING_CALL_QUESTIONS)
    CallQuestion.objects.bulk_create(
        [
            CallQuestion(call=call, text=text, position=i, answer="Noted during the call.")
            for i, text in enumerate(questions)
        ]
    )
    theirs = _ratings(rng, THEIR_NOTES, {"answers", "evidence"})
    theirs["rapport"] = (5, THEIR_NOTES["rapport"])
    rubric_ratings_save(
        rejection=rejection, source=RubricRating.Source.FEEDBACK, values=theirs, call=call
    )
