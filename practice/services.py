"""Practice workflows that touch several rows; each is all-or-nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from applications.models import Interview, InterviewQuestion
from feedback.rubric import AREA_KEYS
from feedback.services import rejection_focus_areas

from .models import (
    GOOD_RATING,
    READY_AFTER_GOOD_RATINGS,
    STORY_CATEGORIES,
    Attempt,
    MockInterview,
    MockQuestion,
    Plan,
    PlanItem,
    Question,
    Story,
    Transcription,
    next_interval,
)
from .question_bank import AREA_ACTIONS, QUESTIONS_TO_ASK, RESEARCH_CHECKLIST, STARTER_QUESTION_KEYS
from .transcripts import recording_queue

# How many bank questions a plan takes for each focus area, and how many focus
# areas it works on at once: a plan should feel doable in a week or two.
QUESTIONS_PER_AREA = 3
MAX_FOCUS_AREAS = 3
MAX_STORY_ITEMS = 3
QUESTIONS_TO_ASK_PER_PLAN = 4
DEFAULT_MOCK_LENGTH = 5


# The question bank ------------------------------------------------------


@transaction.atomic
def question_bank_sync(*, owner) -> int:
    """Bring every question asked in the person's interviews into their bank.

    Runs when the bank or a plan opens: two queries whatever the number of
    interviews. Returns how many questions were added.
    """
    missing = InterviewQuestion.objects.filter(
        interview__application__owner=owner,
        interview__application__deleted_at__isnull=True,
        practice_question__isnull=True,
    ).only("pk", "text")
    created = Question.objects.bulk_create(
        [
            Question(owner=owner, text=iq.text, category="other", interview_question=iq)
            for iq in missing
        ],
        ignore_conflicts=True,  # two tabs opening the bank at once
    )
    return len(created)


# Plans ------------------------------------------------------------------


def _clean_areas(areas: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for key in areas:
        if key in AREA_KEYS and key not in seen:
            seen.append(key)
    return seen


def _bank_questions_for(areas: list[str], *, owner, exclude_ids: set[int]) -> list[Question]:
    """Up to QUESTIONS_PER_AREA shipped questions per area, those aimed squarely
    at the area (listed first) before those that touch it. One query."""
    shipped = list(Question.objects.shipped().order_by("pk"))
    chosen: list[Question] = []
    taken = set(exclude_ids)
    for area in areas:
        candidates = [q for q in shipped if area in q.areas and q.pk not in taken]
        candidates.sort(key=lambda q: q.areas.index(area))
        for question in candidates[:QUESTIONS_PER_AREA]:
            chosen.append(question)
            taken.add(question.pk)
    return chosen


def _interview_questions_for(*, owner, application_id: int | None) -> list[Question]:
    if application_id is None:
        return []
    return list(
        Question.objects.owned_by(owner)
        .filter(interview_question__interview__application_id=application_id)
        .order_by("interview_question__interview__starts_at", "interview_question__position")
    )


def _starter_questions() -> list[Question]:
    """The common questions a plan with no focus areas starts from, in their order."""
    starters = {q.bank_key: q for q in Question.objects.filter(bank_key__in=STARTER_QUESTION_KEYS)}
    return [starters[k] for k in STARTER_QUESTION_KEYS if k in starters]


def _fill_plan(
    *,
    plan: Plan,
    owner,
    focus_areas: list[str],
) -> None:
    """Add the starting items of a plan for an interview to come: the interview's
    own questions, bank questions for the focus areas, stories to write, research,
    questions to ask, and CV and pitch changes. (A plan from a rejection starts
    smaller: `plan_create_from_rejection`.)"""
    question_bank_sync(owner=owner)
    items: list[PlanItem] = []

    def add(kind: str, *, text: str = "", question: Question | None = None) -> None:
        items.append(
            PlanItem(plan=plan, kind=kind, text=text, question=question, position=len(items))
        )

    questions = _interview_questions_for(owner=owner, application_id=plan.application_id)
    if focus_areas:
        questions += _bank_questions_for(
            focus_areas, owner=owner, exclude_ids={q.pk for q in questions}
        )
    else:
        questions += _starter_questions()
    for question in questions:
        add(PlanItem.Kind.QUESTION, question=question)

    extra = [action for area in focus_areas for action in AREA_ACTIONS.get(area, ())]
    stories = [text for kind, text in extra if kind == PlanItem.Kind.STORY]
    has_strong = set(
        Story.objects.owned_by(owner)
        .strong()
        .filter(questions__in=[q.pk for q in questions])
        .values_list("questions", flat=True)
    )
    for question in questions:
        if question.category in STORY_CATEGORIES and question.pk not in has_strong:
            stories.append(f"Write a STAR story that answers: {question.text}")
    for text in stories[:MAX_STORY_ITEMS]:
        add(PlanItem.Kind.STORY, text=text)

    for text in RESEARCH_CHECKLIST:
        add(PlanItem.Kind.RESEARCH, text=text)
    for kind, text in extra:
        if kind == PlanItem.Kind.RESEARCH:
            add(kind, text=text)

    for text in QUESTIONS_TO_ASK[:QUESTIONS_TO_ASK_PER_PLAN]:
        add(PlanItem.Kind.ASK, text=text)
    for kind, text in extra:
        if kind == PlanItem.Kind.ASK:
            add(kind, text=text)

    cv_changes = [text for kind, text in extra if kind == PlanItem.Kind.CV]
    if not cv_changes:
        cv_changes = ["Read your CV as the interviewer would and sharpen its first half page"]
    for text in cv_changes:
        add(PlanItem.Kind.CV, text=text)

    PlanItem.objects.bulk_create(items)


@transaction.atomic
def plan_create_for_interview(
    *, owner, interview: Interview, focus_areas: Iterable[str] = (), title: str = ""
) -> Plan:
    """A plan to prepare for an upcoming interview."""
    application = interview.application
    when = timezone.localtime(interview.starts_at)
    plan = Plan.objects.create(
        owner=owner,
        title=title.strip()
        or f"{application.company}: {interview.get_kind_display().lower()} interview on {when:%-d %B}",
        application=application,
        interview=interview,
        focus_areas=_clean_areas(focus_areas)[:MAX_FOCUS_AREAS],
    )
    _fill_plan(plan=plan, owner=owner, focus_areas=plan.focus_areas)
    return plan


# A plan made from a rejection starts small: a few questions for its weakest
# areas, the questions that interview asked, one story to sharpen and the
# interviewer's own suggestions. More can be added from the plan's page.
FOCUS_QUESTIONS_MIN = 3
FOCUS_QUESTIONS_MAX = 5
MAX_SUGGESTION_ITEMS = 3
# New questions become due this many a day, so a fresh plan is a few minutes of
# practice today rather than a wall of questions.
NEW_QUESTIONS_A_DAY = 3
MORE_QUESTIONS = 3


def _focus_questions(
    areas: list[str], *, exclude_ids: set[int], limit: int = FOCUS_QUESTIONS_MAX
) -> list[Question]:
    """Up to `limit` shipped questions, taken in turn from each area (the first
    area first), at most QUESTIONS_PER_AREA from any one. Questions aimed
    squarely at an area come before those that only touch it. One query."""
    shipped = list(Question.objects.shipped().order_by("pk"))
    queues = []
    for area in areas:
        candidates = [q for q in shipped if area in q.areas]
        candidates.sort(key=lambda q: q.areas.index(area))
        queues.append(candidates)
    chosen: list[Question] = []
    taken = set(exclude_ids)
    for _turn in range(QUESTIONS_PER_AREA):
        for queue in queues:
            if len(chosen) >= limit:
                return chosen
            question = next((q for q in queue if q.pk not in taken), None)
            if question is not None:
                chosen.append(question)
                taken.add(question.pk)
    return chosen


def _story_to_sharpen(*, owner, questions: list[Question], focus_areas: list[str]) -> str:
    """One story item: the person's own story behind these questions that is not
    strong yet, else a story the first focus area asks for, else one for the
    first question that needs a story."""
    story = (
        Story.objects.owned_by(owner)
        .filter(questions__in=[q.pk for q in questions])
        .exclude(pk__in=Story.objects.owned_by(owner).strong())
        .order_by("-updated_at")
        .first()
    )
    if story is not None:
        missing = story.missing_parts
        if missing:
            return f"Sharpen your story “{story.title}”: add the {', '.join(missing).lower()}"
        return f"Sharpen your story “{story.title}”: end it with a result you can count"
    for area in focus_areas:
        for kind, text in AREA_ACTIONS.get(area, ()):
            if kind == PlanItem.Kind.STORY:
                return text
    for question in questions:
        if question.category in STORY_CATEGORIES:
            return f"Write a STAR story that answers: {question.text}"
    return "Write a STAR story for a time you solved a hard problem"


def _stagger(items: list[PlanItem], *, today: date) -> None:
    """Give new question items due dates NEW_QUESTIONS_A_DAY at a time."""
    questions = [item for item in items if item.kind == PlanItem.Kind.QUESTION]
    for index, item in enumerate(questions):
        item.due_on = today + timedelta(days=index // NEW_QUESTIONS_A_DAY)


@transaction.atomic
def plan_create_from_rejection(*, owner, rejection, today: date | None = None) -> Plan:
    """A small plan that turns a rejection's lessons into practice: the
    questions that interview asked, three to five questions for the
    comparison's blind spots and the areas rated low, one story to sharpen, and
    what the interviewer suggested. No company research: that company has
    said no."""
    today = today or owner.local_today()
    focus = _clean_areas(rejection_focus_areas(rejection=rejection))[:MAX_FOCUS_AREAS]
    takeaways = [
        call.takeaways.strip()
        for call in rejection.calls.all().order_by("scheduled_at", "pk")
        if call.takeaways.strip()
    ]
    suggestions = "\n".join(takeaways)
    application = rejection.application
    plan = Plan.objects.create(
        owner=owner,
        title=f"Learning from {application.company}: {application.title}",
        application=application,
        rejection=rejection,
        focus_areas=focus,
        interviewer_suggestions=suggestions,
    )
    question_bank_sync(owner=owner)
    asked = _interview_questions_for(owner=owner, application_id=application.pk)
    if focus:
        chosen = _focus_questions(focus, exclude_ids={q.pk for q in asked})
    else:
        chosen = [q for q in _starter_questions() if q not in asked][:FOCUS_QUESTIONS_MIN]
    items: list[PlanItem] = []

    def add(kind: str, *, text: str = "", question: Question | None = None) -> None:
        items.append(
            PlanItem(plan=plan, kind=kind, text=text, question=question, position=len(items))
        )

    for question in [*asked, *chosen]:
        add(PlanItem.Kind.QUESTION, question=question)
    add(
        PlanItem.Kind.STORY,
        text=_story_to_sharpen(owner=owner, questions=[*asked, *chosen], focus_areas=focus),
    )
    lines = [line.strip(" -•*\t") for line in suggestions.splitlines()]
    for line in [line for line in lines if line][:MAX_SUGGESTION_ITEMS]:
        add(PlanItem.Kind.ADVICE, text=line)
    _stagger(items, today=today)
    PlanItem.objects.bulk_create(items)
    return plan


@transaction.atomic
def plan_add_more(*, plan: Plan, today: date) -> list[PlanItem]:
    """More to practise, on request: the next questions for the plan's focus
    areas (or common questions), due from today. Returns the items added."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    in_plan = set(plan.items.questions().values_list("question_id", flat=True))
    if plan.focus_areas:
        more = _focus_questions(plan.focus_areas, exclude_ids=in_plan, limit=MORE_QUESTIONS)
    else:
        more = []
    if len(more) < MORE_QUESTIONS:
        more += [q for q in _starter_questions() if q.pk not in in_plan and q not in more][
            : MORE_QUESTIONS - len(more)
        ]
    last = plan.items.order_by("-position").values_list("position", flat=True).first()
    start = 0 if last is None else last + 1
    items = [
        PlanItem(
            plan=plan,
            kind=PlanItem.Kind.QUESTION,
            question=question,
            position=start + i,
            due_on=today,
        )
        for i, question in enumerate(more)
    ]
    PlanItem.objects.bulk_create(items)
    Plan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())
    return items


@transaction.atomic
def plan_item_add(
    *, plan: Plan, kind: str, text: str = "", question: Question | None = None
) -> PlanItem:
    """Add an item at the end of the plan. A question already in the plan is
    returned as it is rather than added twice."""
    if kind == PlanItem.Kind.QUESTION:
        if question is None:
            raise ValueError("A question item needs a question.")
        existing = plan.items.filter(question=question).first()
        if existing:
            return existing
        text = ""
    else:
        question = None
        text = text.strip()
        if not text:
            raise ValueError("An item needs some text.")
    last = plan.items.order_by("-position").values_list("position", flat=True).first()
    item = PlanItem.objects.create(
        plan=plan,
        kind=kind,
        text=text,
        question=question,
        position=0 if last is None else last + 1,
    )
    Plan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())
    return item


@transaction.atomic
def plan_item_toggle(*, item: PlanItem, now=None) -> PlanItem:
    item.done = not item.done
    item.done_at = (now or timezone.now()) if item.done else None
    item.save(update_fields=["done", "done_at"])
    Plan.objects.filter(pk=item.plan_id).update(updated_at=timezone.now())
    return item


@transaction.atomic
def plan_item_delete(*, item: PlanItem) -> None:
    plan_id = item.plan_id
    item.delete()
    Plan.objects.filter(pk=plan_id).update(updated_at=timezone.now())


# Practising -------------------------------------------------------------


def next_item_to_practise(
    *, plan: Plan, today: date, exclude_pk: int | None = None
) -> PlanItem | None:
    """The question due soonest (spaced repetition), or None when nothing is due."""
    items = plan.items.questions().filter(done=False).due_on_or_before(today)
    if exclude_pk is not None:
        items = items.exclude(pk=exclude_pk)
    return items.select_related("question").in_practice_order().first()


@transaction.atomic
def attempt_record(
    *,
    item: PlanItem,
    rating: int,
    note: str = "",
    seconds_taken: int | None = None,
    mock: MockInterview | None = None,
    today: date,
    now=None,
    transcript: str = "",
    recording: bytes | None = None,
) -> Attempt:
    """Keep a rated answer, schedule the question's next turn, and mark it done
    once it has READY_AFTER_GOOD_RATINGS good answers. A `recording` (16 kHz
    mono WAV) is queued for the task worker, which adds its text to the answer
    and deletes it."""
    if item.kind != PlanItem.Kind.QUESTION:
        raise ValueError("Only questions can be practised.")
    if not 1 <= rating <= 5:
        raise ValueError("A rating runs from 1 to 5.")
    now = now or timezone.now()
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    attempt = Attempt.objects.create(
        item=item,
        mock=mock,
        rating=rating,
        note=note.strip(),
        seconds_taken=seconds_taken,
        transcript=transcript.strip(),
        transcription=Transcription.LISTENING if recording else "",
        created_at=now,
    )
    item.interval_days = next_interval(rating=rating, previous_days=item.interval_days)
    item.due_on = today + timedelta(days=item.interval_days)
    fields = ["interval_days", "due_on"]
    good = item.attempts.filter(rating__gte=GOOD_RATING).count()
    if good >= READY_AFTER_GOOD_RATINGS and not item.done:
        item.done = True
        item.done_at = now
        fields += ["done", "done_at"]
    item.save(update_fields=fields)
    Plan.objects.filter(pk=item.plan_id).update(updated_at=now)
    if mock is not None and mock_next_item(mock=mock) is None:
        MockInterview.objects.filter(pk=mock.pk, finished_at__isnull=True).update(finished_at=now)
    if recording:
        recording_queue(attempt=attempt, data=recording)  # last: it writes a file
    return attempt


@transaction.atomic
def attempt_transcript_save(*, attempt: Attempt, transcript: str) -> Attempt:
    """The person's own words for a saved answer: a correction of what was heard,
    or the answer typed afterwards."""
    attempt.transcript = transcript.strip()
    attempt.save(update_fields=["transcript"])
    attempt.__dict__.pop("_measures", None)
    return attempt


@transaction.atomic
def mock_start(*, plan: Plan, count: int = DEFAULT_MOCK_LENGTH, today: date) -> MockInterview:
    """Pick `count` questions, those due first, and start a mock interview with them.

    Questions already ready come last, so a mock leans on what still needs work.
    """
    candidates = sorted(
        plan.items.questions(),
        key=lambda item: (
            item.done,
            not item.is_due(today),
            item.due_on or date.min,
            item.position,
            item.pk,
        ),
    )
    items = [item.pk for item in candidates[:count]]
    if not items:
        raise ValueError("This plan has no questions to practise yet.")
    mock = MockInterview.objects.create(plan=plan)
    MockQuestion.objects.bulk_create(
        [MockQuestion(mock=mock, item_id=pk, position=i) for i, pk in enumerate(items)]
    )
    return mock


def mock_next_item(*, mock: MockInterview) -> PlanItem | None:
    """The first question of the mock not yet answered in it."""
    slot = (
        mock.slots.exclude(item__attempts__mock=mock)
        .select_related("item__question")
        .order_by("position", "pk")
        .first()
    )
    return slot.item if slot else None


def plans_due_counts(*, owner, today: date) -> dict[int, int]:
    """Questions due today in each of the person's plans, in one query."""
    rows = (
        PlanItem.objects.owned_by(owner)
        .questions()
        .filter(done=False)
        .filter(Q(due_on__isnull=True) | Q(due_on__lte=today))
        .values("plan_id")
        .annotate(n=Count("pk"))
    )
    return {row["plan_id"]: row["n"] for row in rows}
