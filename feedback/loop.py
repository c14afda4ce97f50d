"""Where a rejection stands in the loop: Rejection → Reflection → Feedback
request → Call → Comparison → Practice plan.

Nothing forces the order: every step always has a button. The state only says
what is sensible now (done, ready, waiting until a date, skipped).

`loop_state` reads the facts once (from `Rejection.objects.for_loop()`, so a
list of rejections costs a fixed number of queries); `loop_steps` turns them
into the six steps the rejection pages show, and feedback.next_actions into
the one next action the home page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.formats import date_format

from .models import FeedbackCall, FeedbackRequest, Reflection, Rejection

DONE = "done"
READY = "ready"
WAITING = "waiting"
SKIPPED = "skipped"

STATE_LABELS = {DONE: "Done", READY: "Ready", WAITING: "Waiting", SKIPPED: "Skipped"}


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    state: str
    detail: str
    button: str
    url: str
    until: date | None = None  # for WAITING: the date it becomes ready

    @property
    def state_label(self) -> str:
        if self.state == WAITING and self.until:
            return f"Waiting until {date_format(self.until, 'D j M')}"
        return STATE_LABELS[self.state]


def with_loop(queryset):
    """Rejections ready for loop_state and their pages (reason tags included)."""
    return queryset.for_loop().prefetch_related("reason_tags")


def _reflection(rejection: Rejection) -> Reflection | None:
    try:
        return rejection.reflection
    except Rejection.reflection.RelatedObjectDoesNotExist:
        return None


def _day(d: date) -> str:
    return date_format(d, "l j F")


def key_request(
    rejection: Rejection, requests: list[FeedbackRequest] | None = None
) -> FeedbackRequest | None:
    """The request that says where the loop stands: the latest one answered or
    sent, so a second unsent draft does not undo a request already sent; else
    the latest draft. `requests` are the rejection's, oldest first, when they
    were read apart from it."""
    if requests is None:
        requests = list(rejection.feedback_requests.all())
    sent = [r for r in requests if r.is_sent or r.outcome != FeedbackRequest.Outcome.PENDING]
    answered = [
        r
        for r in sent
        if r.outcome
        in (FeedbackRequest.Outcome.FEEDBACK_GIVEN, FeedbackRequest.Outcome.CALL_BOOKED)
    ]
    for group in (answered, sent, requests):
        if group:
            return group[-1]
    return None


@dataclass(frozen=True)
class LoopState:
    """Where a rejection's loop stands, as facts: the one reading of a rejection
    that the rejection pages (loop_steps), the home page's next actions and the
    digest all share."""

    reflection: Reflection | None
    request: FeedbackRequest | None  # the key request (see key_request)
    upcoming_call: FeedbackCall | None
    done_call: FeedbackCall | None
    has_own_ratings: bool
    has_their_ratings: bool
    plan_id: int | None  # the newest practice plan made from it
    # An interview took place, so there is a conversation to reflect on and rate.
    talked: bool

    @property
    def reflected(self) -> bool:
        return self.reflection is not None and self.reflection.is_complete

    @property
    def outcome(self) -> str | None:
        return self.request.outcome if self.request else None

    @property
    def answered(self) -> bool:
        return self.outcome in (
            FeedbackRequest.Outcome.FEEDBACK_GIVEN,
            FeedbackRequest.Outcome.CALL_BOOKED,
        )

    @property
    def gave_up(self) -> bool:
        return self.outcome in (FeedbackRequest.Outcome.DECLINED, FeedbackRequest.Outcome.NO_ANSWER)

    @property
    def heard_back(self) -> bool:
        """They gave feedback, in writing or on a call: time to compare the views."""
        return self.outcome == FeedbackRequest.Outcome.FEEDBACK_GIVEN or self.done_call is not None


def loop_state(
    rejection: Rejection,
    requests: list[FeedbackRequest] | None = None,
    calls: list[FeedbackCall] | None = None,
) -> LoopState:
    """Read from a rejection of `Rejection.objects.for_loop()` (no further
    queries); or, for many rejections read at once without the prefetches, from
    each one's `requests` and `calls` (oldest first) passed in."""
    if calls is None:
        calls = list(rejection.calls.all())
    return LoopState(
        reflection=_reflection(rejection),
        request=key_request(rejection, requests),
        upcoming_call=next((c for c in calls if not c.is_done), None),
        done_call=next((c for c in calls if c.is_done), None),
        has_own_ratings=rejection.has_own_ratings,
        has_their_ratings=rejection.has_their_ratings,
        plan_id=rejection.plan_id,
        talked=rejection.stage != Rejection.Stage.AFTER_APPLYING,
    )


def loop_steps(rejection: Rejection, today: date, state: LoopState | None = None) -> list[Step]:
    """The six steps, from `state` when it was read already (home's steppers),
    else from a rejection of `Rejection.objects.for_loop()`."""
    if state is None:
        state = loop_state(rejection)
    reflection, request = state.reflection, state.request
    has_own, has_theirs, talked = state.has_own_ratings, state.has_their_ratings, state.talked
    done_call, upcoming_call = state.done_call, state.upcoming_call
    outcome, gave_up = state.outcome, state.gave_up
    pk = rejection.pk
    steps: list[Step] = []

    steps.append(
        Step(
            "rejection",
            "Rejection",
            DONE,
            f"{rejection.stage_label}, heard on {_day(rejection.received_on)}.",
            "Edit the details",
            reverse("feedback:rejection_update", args=[pk]),
        )
    )

    reflect_url = reverse("feedback:reflection_edit", args=[pk])
    # The rubric looks back on a conversation: nothing to rate without one.
    if state.reflected:
        steps.append(
            Step("reflection", "Reflection", DONE, "Finished.", "Read or edit it", reflect_url)
        )
    elif not talked:
        steps.append(
            Step(
                "reflection",
                "Reflection",
                SKIPPED,
                "There was no interview to reflect on. Your patterns may still help.",
                "Open the reflection page",
                reflect_url,
            )
        )
    elif reflection:
        steps.append(
            Step(
                "reflection",
                "Reflection",
                READY,
                "A draft is saved. Finish it when you are ready.",
                "Continue your reflection",
                reflect_url,
            )
        )
    elif today < rejection.reflect_from:
        steps.append(
            Step(
                "reflection",
                "Reflection",
                WAITING,
                f"Give it a couple of days. Ready from {_day(rejection.reflect_from)}, "
                "or now if you feel like writing.",
                "Write your reflection",
                reflect_url,
                until=rejection.reflect_from,
            )
        )
    else:
        steps.append(
            Step(
                "reflection",
                "Reflection",
                READY,
                "Go area by area while the interview is still fresh.",
                "Write your reflection",
                reflect_url,
            )
        )

    if request is None:
        steps.append(
            Step(
                "request",
                "Feedback request",
                READY,
                "Thank them, and ask for a few specific pointers.",
                "Ask for feedback",
                reverse("feedback:request_create", args=[pk]),
            )
        )
    else:
        request_url = reverse("feedback:request_detail", args=[request.pk])
        if state.answered:
            steps.append(
                Step(
                    "request",
                    "Feedback request",
                    DONE,
                    request.get_outcome_display() + ".",
                    "See the request",
                    request_url,
                )
            )
        elif gave_up:
            steps.append(
                Step(
                    "request",
                    "Feedback request",
                    SKIPPED,
                    "No feedback this time. Your own reflection is enough to go on.",
                    "See the request",
                    request_url,
                )
            )
        elif not request.is_sent:
            steps.append(
                Step(
                    "request",
                    "Feedback request",
                    READY,
                    "Your draft is ready to finish and send.",
                    "Finish your request",
                    request_url,
                )
            )
        else:
            # Sending it was the step: waiting for the answer is not undone later.
            detail = "Sent. Waiting for their answer."
            if done_call or upcoming_call:
                detail = "Sent, and a call followed."
            elif request.follow_up_is_due(today):
                detail = "Sent. It is time for one short follow-up."
            steps.append(
                Step("request", "Feedback request", DONE, detail, "See the request", request_url)
            )

    if done_call:
        steps.append(
            Step(
                "call",
                "Call",
                DONE,
                "Notes taken.",
                "Read your call notes",
                reverse("feedback:call_notes", args=[done_call.pk]),
            )
        )
    elif upcoming_call:
        call_day = upcoming_call.scheduled_at.date()
        steps.append(
            Step(
                "call",
                "Call",
                WAITING if call_day > today else READY,
                "Prepare your questions; take notes on the page during the call.",
                "Prepare for the call",
                reverse("feedback:call_notes", args=[upcoming_call.pk]),
                until=call_day if call_day > today else None,
            )
        )
    elif gave_up or outcome == FeedbackRequest.Outcome.FEEDBACK_GIVEN or not talked:
        steps.append(
            Step(
                "call",
                "Call",
                SKIPPED,
                "No call this time." if gave_up else "No call needed.",
                "Add a call anyway",
                reverse("feedback:call_create", args=[pk]),
            )
        )
    else:
        steps.append(
            Step(
                "call",
                "Call",
                READY,
                "When they agree to talk, note the time here and prepare your questions.",
                "Add a feedback call",
                reverse("feedback:call_create", args=[pk]),
            )
        )

    compare_url = reverse("feedback:comparison", args=[pk])
    if has_own and has_theirs:
        steps.append(
            Step(
                "comparison",
                "Comparison",
                DONE,
                "Both views side by side.",
                "See the comparison",
                compare_url,
            )
        )
    elif gave_up and not has_theirs:
        steps.append(
            Step(
                "comparison",
                "Comparison",
                SKIPPED,
                "Without their view, rely on your reflection.",
                "Open the comparison",
                compare_url,
            )
        )
    elif not talked:
        steps.append(
            Step(
                "comparison",
                "Comparison",
                SKIPPED,
                "There was no interview to rate, so there is nothing to compare.",
                "Open the comparison",
                compare_url,
            )
        )
    else:
        missing = [
            label
            for label, present in (("your reflection", has_own), ("their view", has_theirs))
            if not present
        ]
        steps.append(
            Step(
                "comparison",
                "Comparison",
                WAITING,
                f"Waiting for {' and '.join(missing)}; then the two sit side by side.",
                "Compare the two views",
                compare_url,
            )
        )

    if state.plan_id is not None:
        steps.append(
            Step(
                "practice",
                "Practice plan",
                DONE,
                "Your plan is ready to work through.",
                "Open your plan",
                reverse("practice:plan_detail", args=[state.plan_id]),
            )
        )
    else:
        steps.append(
            Step(
                "practice",
                "Practice plan",
                READY,
                "Turn what you learned into questions and stories to practise.",
                "Make a practice plan",
                reverse("practice:plan_create_from_rejection", args=[pk]),
            )
        )
    return steps


def next_step(steps: list[Step]) -> Step | None:
    """The first step that is neither done nor skipped."""
    return next((s for s in steps if s.state in (READY, WAITING)), None)
