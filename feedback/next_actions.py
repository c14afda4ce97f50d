"""Next actions from the feedback loop: reflect (from two days after a
rejection), then the next step of each recent rejection's loop; and, for
subject access requests, sending the letter and the answer coming due."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import F
from django.utils.formats import date_format

from accounts.links import url_for_pk
from accounts.next_actions import NextAction, shared_read

from .loop import LoopState, loop_state
from .models import FeedbackCall, FeedbackRequest, Rejection, SubjectAccessRequest

# Rejections older than this no longer produce reminders.
RECENT_DAYS = 60
MORNING = time(9, 0)


def _at_morning(day: date, tz) -> datetime:
    return datetime.combine(day, MORNING, tzinfo=tz)


class _Links:
    """The loop's links, each route reversed once per collect rather than once a row."""

    def __init__(self) -> None:
        self.call_notes = url_for_pk("feedback:call_notes")
        self.call_thank_you = url_for_pk("feedback:call_thank_you")
        self.request_create = url_for_pk("feedback:request_create")
        self.request_detail = url_for_pk("feedback:request_detail")
        self.request_follow_up = url_for_pk("feedback:request_follow_up")
        self.comparison = url_for_pk("feedback:comparison")
        self.plan_create = url_for_pk("practice:plan_create_from_rejection")
        self.reflection_edit = url_for_pk("feedback:reflection_edit")


def _loop_action(
    rejection: Rejection, state: LoopState, now: datetime, tz, links: _Links
) -> NextAction | None:
    """The one next step after the reflection, when it is clear what it is."""
    company = rejection.company_name
    pk = rejection.pk
    request = state.request

    if state.upcoming_call is not None:
        call = state.upcoming_call
        return NextAction(
            key=f"call-prepare:call:{call.pk}",
            title=f"Prepare for your feedback call with {company}",
            url=links.call_notes(call.pk),
            button="Prepare your questions",
            due=call.scheduled_at - timedelta(days=1),
            detail="A question per area you want to hear about; let them lead on the call.",
            kind="feedback",
            priority=20,
        )
    if state.done_call is not None and state.done_call.thank_you_sent_at is None:
        call = state.done_call
        return NextAction(
            key=f"call-thanks:call:{call.pk}",
            title=f"Send a short thank-you to {company}",
            url=links.call_thank_you(call.pk),
            button="Write the thank-you",
            due=call.scheduled_at,
            detail="Thank them for their time; such calls sometimes lead to later roles.",
            kind="feedback",
            priority=30,
        )

    if request is None:
        if not state.talked:
            return None  # feedback is rarely given before an interview
        return NextAction(
            key=f"request:rejection:{pk}",
            title=f"Ask {company} for feedback",
            url=links.request_create(pk),
            button="Ask for feedback",
            due=_at_morning(rejection.received_on, tz),
            detail=(
                "Soon after a rejection is the best time to ask: ideally by "
                f"{date_format(rejection.received_on + timedelta(days=REQUEST_WITHIN_DAYS), 'l j F')}."
            ),
            kind="feedback",
            priority=40,
        )
    if request.outcome == FeedbackRequest.Outcome.PENDING:
        if not request.is_sent:
            to = f"{request.contact.name} at {company}" if request.contact_id else company
            return NextAction(
                key=f"request-send:request:{request.pk}",
                title=f"Send your feedback request to {to}",
                url=links.request_detail(request.pk),
                button="Finish and send",
                due=_at_morning(rejection.received_on, tz),
                kind="feedback",
                priority=40,
            )
        if request.awaits_follow_up:
            who = request.contact.name if request.contact_id else company
            return NextAction(
                key=f"request-follow-up:request:{request.pk}",
                title=f"Follow up with {who}",
                url=links.request_follow_up(request.pk),
                button="Write the follow-up",
                due=_at_morning(request.follow_up_due, tz),
                detail="Once is enough. If they still do not answer, your reflection will do.",
                kind="feedback",
                priority=40,
            )
        return None

    if state.heard_back and not state.has_their_ratings:
        return NextAction(
            key=f"compare:rejection:{pk}",
            title=f"Compare {company}'s feedback with your reflection",
            url=links.comparison(pk),
            button="Compare the two views",
            due=now,
            kind="feedback",
            priority=50,
        )
    if not state.reflected or state.plan_id is not None:
        return None
    return NextAction(
        key=f"plan:rejection:{pk}",
        title=f"Make a practice plan from the {company} rejection",
        url=links.plan_create(pk),
        button="Make a practice plan",
        due=state.reflection.completed_at or now,
        detail="Turn what you learned into questions to practise before your next interview.",
        kind="practice",
        priority=60,
    )


# What the rules read of a rejection's requests and calls (see loop_state).
_REQUEST_FIELDS = (
    "pk",
    "rejection_id",
    "contact_id",
    "contact__name",
    "outcome",
    "sent_at",
    "followed_up_at",
    "follow_up_due",
)
_CALL_FIELDS = ("pk", "rejection_id", "status", "scheduled_at", "thank_you_sent_at")

# The method: ask for feedback promptly, within a few days of the rejection.
REQUEST_WITHIN_DAYS = 3


def recent_loops(user, now: datetime) -> tuple[tuple[Rejection, LoopState], ...]:
    """The rejections of the last RECENT_DAYS, newest first, each with where its
    loop stands: three queries however many, read once for the rules and home's
    steppers (see `shared_read`). Each rejection carries `company_name`."""
    return shared_read(("recent_loops", user.pk, now), lambda: _read_loops(user, now))


def _read_loops(user, now: datetime) -> tuple[tuple[Rejection, LoopState], ...]:
    today = user.local_today(now)
    rejections = (
        Rejection.objects.owned_by(user)
        .filter(received_on__gte=today - timedelta(days=RECENT_DAYS))
        .for_loop()
        # The company's name as a column, not an application and a company
        # built for each rejection.
        .select_related(None)
        .select_related("reflection")
        .annotate(company_name=F("application__company__name"))
        .only(
            "pk",
            "stage",
            "interview_round",
            "received_on",
            "reflection__status",
            "reflection__completed_at",
        )
        .newest_first()
        # The requests and calls are read below, only the columns the rules use:
        # a prefetch costs a related manager and a queryset per rejection.
        .prefetch_related(None)
    )
    rejections = list(rejections)
    ids = [rejection.pk for rejection in rejections]
    requests: dict[int, list[FeedbackRequest]] = defaultdict(list)
    for request in (
        FeedbackRequest.objects.filter(rejection_id__in=ids)
        .select_related("contact")
        .only(*_REQUEST_FIELDS)
        .order_by("created_at", "pk")
    ):
        requests[request.rejection_id].append(request)
    calls: dict[int, list[FeedbackCall]] = defaultdict(list)
    for call in (
        FeedbackCall.objects.filter(rejection_id__in=ids)
        .only(*_CALL_FIELDS)
        .order_by("scheduled_at", "pk")
    ):
        calls[call.rejection_id].append(call)
    return tuple(
        (rejection, loop_state(rejection, requests[rejection.pk], calls[rejection.pk]))
        for rejection in rejections
    )


def collect(user, now: datetime) -> list[NextAction]:
    tz = user.zone
    links = _Links()
    actions: list[NextAction] = []
    for rejection, state in recent_loops(user, now):
        # The rubric looks back on a conversation: no reminder without one.
        if state.talked and not state.reflected:
            company = rejection.company_name
            actions.append(
                NextAction(
                    key=f"reflect:rejection:{rejection.pk}",
                    title=f"Write your reflection on the {company} rejection",
                    url=links.reflection_edit(rejection.pk),
                    button="Continue your reflection"
                    if state.reflection
                    else "Write your reflection",
                    due=_at_morning(rejection.reflect_from, tz),
                    detail="Area by area, while the interview is still fresh.",
                    kind="reflect",
                    priority=10,
                )
            )
        action = _loop_action(rejection, state, now, tz, links)
        if action is not None:
            actions.append(action)
    return actions


def collect_access_requests(user, now: datetime) -> list[NextAction]:
    """Subject access requests: send a drafted letter, and the organisation's
    answer coming due."""
    tz = user.zone
    today = user.local_today(now)
    actions: list[NextAction] = []
    open_requests = (
        SubjectAccessRequest.objects.owned_by(user)
        .filter(received_on__isnull=True)
        .only("pk", "organisation_name", "sent_on", "due_on", "created_at")
    )
    sar_path = url_for_pk("feedback:sar_detail")
    for sar in open_requests:
        name = sar.organisation_name
        if sar.sent_on is None:
            actions.append(
                NextAction(
                    key=f"sar-send:sar:{sar.pk}",
                    title=f"Send your data request to {name}",
                    url=sar_path(sar.pk),
                    button="Finish the letter",
                    due=sar.created_at,
                    detail="Once it is sent, enter the date and Rebound counts the month for you.",
                    kind="feedback",
                    priority=70,
                )
            )
            continue
        day = date_format(sar.due_on, "j F")
        overdue = sar.due_on < today
        actions.append(
            NextAction(
                key=f"sar-due:sar:{sar.pk}",
                title=(
                    f"The answer from {name} was due on {day}"
                    if overdue
                    else f"The answer from {name} is due on {day}"
                ),
                url=sar_path(sar.pk),
                button="Record their answer" if not overdue else "Check your request",
                due=datetime.combine(sar.due_on, MORNING, tzinfo=tz),
                detail=(
                    "If nothing has come, a short reminder quoting your request usually helps."
                    if overdue
                    else "They should normally answer within one month of your request."
                ),
                kind="feedback",
                priority=70,
            )
        )
    return actions
