"""What an answer's transcript shows: length, pace, filler words, most-used
words, the STAR parts it has, and the job description's terms it used.

Plain functions of the text (and the timer's seconds), so they are tested on
transcripts written for the tests. They describe the answer; none of them
predicts what an interviewer will decide, and the explanations say so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Pace is only worked out for answers of at least this long (a few seconds of
# timer say little about pace).
MIN_SECONDS_FOR_PACE = 10
TOP_WORDS = 5
JOB_TERMS = 12

STOP_WORDS = _words(
    """
    a about above after again against all also am an and any are aren't as at be
    because been before being below between both but by can can't could couldn't did
    didn't do does doesn't doing don't down during each few for from further get got
    had hadn't has hasn't have haven't having he he'd he'll he's her here here's
    hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't
    it it's its itself just let's like made make me more most much must mustn't my
    myself no nor not now of off on once one only or other ought our ours ourselves
    out over own really same shan't she she'd she'll she's should shouldn't so some
    such than that that's the their theirs them themselves then there there's these
    they they'd they'll they're they've this those through to too under until up us
    very was wasn't we we'd we'll we're we've were weren't what what's when when's
    where where's which while who who's whom why why's will with won't would
    wouldn't you you'd you'll you're you've your yours yourself yourselves um uh erm
    er hmm ah oh okay ok yeah yes well actually basically literally kind sort know
    mean thing things lot lots went go going gonna wanna said say says way something
    anything everything able us also even still back two three first
    """
)

# Sounds that only fill a pause.
FILLER_SOUNDS = frozenset({"um", "umm", "uh", "uhm", "erm", "er", "ah", "hmm", "mm"})
# Words that are fillers wherever they appear in a spoken answer.
FILLER_WORDS = frozenset({"basically", "actually", "literally"})
# Words before "kind of" / "sort of" that make it a real "type of" ("what kind of tool").
KIND_OF_DETERMINERS = _words(
    """
    a an the this that these those what which any some every each one same no other
    another right wrong different similar
    """
)
# Before "like": these make it the verb or a comparison ("I like", "looks like").
LIKE_NOT_FILLER_BEFORE = _words(
    """
    i you we they he she people who would 'd don't didn't do did does to really also
    look looks looked looking sound sounds sounded seem seems seemed feel feels felt
    something anything nothing things more much just exactly most
    """
)
# After these, "like" is a pause word ("and like the team", "so like we").
LIKE_FILLER_BEFORE = frozenset(
    ["and", "so", "but", "um", "uh", "er", "erm", "then", "because", "or", "like"]
)
BE_WORDS = frozenset(["was", "were", "is", "am", "are", "it's", "he's", "she's", "i'm"])
DETERMINERS = _words(
    """
    a an the this that these those my our your his her their its
    """
)
# After "you know", these make it the verb ("you know how it is", "you know the system").
YOU_KNOW_NOT_FILLER_AFTER = _words(
    """
    how what where why when who whether if about him her them it me us that this the
    a an my our your
    """
)
YOU_KNOW_NOT_FILLER_BEFORE = _words(
    """
    do did don't didn't if let would as will to could can should
    """
)

NUMBER_WORDS = _words(
    """
    two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
    forty fifty sixty seventy eighty ninety hundred thousand million billion half
    double doubled tripled percent
    """
)

SITUATION = re.compile(
    r"\b(when i was|at my (last|previous|old|current) (job|role|company|team)|in my (last|previous|"
    r"old|current) (job|role|position|team)|back in|last year|in (19|20)\d\d|at the time|"
    r"the situation|there was a|we had a|our team|my team|i was working|while i was|"
    r"i worked (at|for|as)|a few (years|months) ago|a customer|a client)\b"
)
TASK = re.compile(
    r"\b(my (task|job|goal|role|aim|responsibility) was|i (needed|had|was asked|was supposed) to|"
    r"i was (responsible|in charge)|the (goal|task|challenge|problem|aim|deadline) was|"
    r"we (needed|had) to|needed to|had to|asked me to|responsible for)\b"
)
RESULT = re.compile(
    r"\b(as a result|the result|in the end|so that|which meant|that meant|this meant|"
    r"ended up|outcome|reduced|increased|improved|saved|cut|grew|raised|lowered|halved|"
    r"doubled|delivered|launched|shipped|won|finished|on time|under budget|led to|"
    r"i learned|i learnt|feedback was|they said|afterwards|since then)\b"
)
# "I" followed by something they did: a past-tense verb or a common irregular one.
IRREGULAR_PAST = _words(
    """
    built wrote led made set ran took spoke met sent got went found brought chose
    gave told began drew put kept sought taught thought bought caught fought held
    paid read rewrote rebuilt sat stood understood won split shut spent lent cut
    """
)
NOT_ACTIONS = frozenset(["need", "needed", "used", "wanted", "was"])

TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)*|[,.;:!?…—–-]")
WORD = re.compile(r"[a-z0-9]")


def tokens(text: str) -> list[str]:
    """Lower-case words and the punctuation that marks pauses, in order."""
    return [t.replace("’", "'") for t in TOKEN.findall((text or "").lower())]


def words_of(text: str) -> list[str]:
    return [t for t in tokens(text) if WORD.match(t)]


def filler_words(text: str) -> list[str]:
    """The filler words and phrases in `text`, one entry per use.

    "like", "you know", "kind of" and "sort of" are counted only where they
    work as a pause, not where they carry meaning ("I like", "looks like",
    "what kind of", "do you know how").
    """
    toks = tokens(text)
    found: list[str] = []
    for i, tok in enumerate(toks):
        before = toks[i - 1] if i > 0 else "."
        after = toks[i + 1] if i + 1 < len(toks) else "."
        if tok in FILLER_SOUNDS or tok in FILLER_WORDS:
            found.append(tok)
        elif tok == "like" and _like_is_filler(before, after):
            found.append("like")
        elif tok in ("kind", "sort") and after == "of" and before not in KIND_OF_DETERMINERS:
            found.append(f"{tok} of")
        elif (
            tok == "you"
            and after == "know"
            and before not in YOU_KNOW_NOT_FILLER_BEFORE
            and (toks[i + 2] if i + 2 < len(toks) else ".") not in YOU_KNOW_NOT_FILLER_AFTER
        ):
            found.append("you know")
        elif tok == "i" and after == "mean" and not WORD.match(before):
            found.append("i mean")
    return found


def _like_is_filler(before: str, after: str) -> bool:
    if before in LIKE_NOT_FILLER_BEFORE:
        return False
    if after == ",":
        return True
    if before in LIKE_FILLER_BEFORE or not WORD.match(before):
        return not (after.isdigit() or after in NUMBER_WORDS)
    # "he was like, we need..." is a filler; "it was like a maze" is a comparison.
    return before in BE_WORDS and after not in DETERMINERS


def content_word_counts(words: list[str]) -> Counter:
    """How often each word is used, leaving out glue words, short words and numbers."""
    return Counter(w for w in words if w not in STOP_WORDS and len(w) > 2 and not w.isdigit())


def top_words(words: list[str], count: int = TOP_WORDS) -> list[tuple[str, int]]:
    """The most-used words that are not everyday glue words, used at least twice."""
    counts = content_word_counts(words)
    return [(w, n) for w, n in counts.most_common(count) if n >= 2]


def action_count(words: list[str]) -> int:
    """How often the person said "I" and then something they did."""
    total = 0
    for i, word in enumerate(words[:-1]):
        if word != "i":
            continue
        verb = words[i + 1]
        if verb in NOT_ACTIONS:
            continue
        if verb in IRREGULAR_PAST or (verb.endswith("ed") and len(verb) > 3):
            total += 1
    return total


def we_count(words: list[str]) -> int:
    return sum(1 for w in words if w == "we")


def has_number(words: list[str]) -> bool:
    return any(any(c.isdigit() for c in w) or w in NUMBER_WORDS for w in words)


@dataclass(frozen=True)
class StarPart:
    key: str
    label: str
    present: bool
    note: str


@dataclass(frozen=True)
class Measures:
    words: int
    seconds: int | None
    pace: int | None  # words a minute
    fillers: list[str] = field(default_factory=list)
    top: list[tuple[str, int]] = field(default_factory=list)
    star: list[StarPart] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return self.words > 0

    @property
    def filler_count(self) -> int:
        return len(self.fillers)

    @property
    def fillers_per_100(self) -> float | None:
        if not self.words:
            return None
        return round(100 * len(self.fillers) / self.words, 1)

    @property
    def filler_summary(self) -> list[tuple[str, int]]:
        return Counter(self.fillers).most_common()

    @property
    def star_count(self) -> int:
        return sum(1 for part in self.star if part.present)


def star_parts(text: str, words: list[str]) -> list[StarPart]:
    lowered = " ".join(words)
    actions, we = action_count(words), we_count(words)
    number = has_number(words)
    outcome = bool(RESULT.search(lowered))
    if actions:
        action_note = f"You said what you did with “I” {actions} time{'s' if actions != 1 else ''}"
        action_note += f" (and “we” {we} time{'s' if we != 1 else ''})." if we else "."
    elif we:
        action_note = "You said “we”; say which part was yours with “I”."
    else:
        action_note = "Say what you did yourself, with “I”."
    if number:
        result_note = "You gave a result with a number."
    elif outcome:
        result_note = "You said how it ended; a number would make it firmer, if you have one."
    else:
        result_note = "Say how it ended, with a number if you have one."
    return [
        StarPart(
            "situation",
            "Situation",
            bool(SITUATION.search(lowered)),
            "You set the scene." if SITUATION.search(lowered) else "Say briefly where and when.",
        ),
        StarPart(
            "task",
            "Task",
            bool(TASK.search(lowered)),
            "You said what had to be done."
            if TASK.search(lowered)
            else "Say what you had to achieve.",
        ),
        StarPart("action", "Your actions", actions > 0, action_note),
        StarPart("result", "Result", number or outcome, result_note),
    ]


def measure_answer(transcript: str, *, seconds: int | None = None) -> Measures:
    words = words_of(transcript)
    pace = None
    if seconds and seconds >= MIN_SECONDS_FOR_PACE and words:
        pace = round(len(words) * 60 / seconds)
    return Measures(
        words=len(words),
        seconds=seconds,
        pace=pace,
        fillers=filler_words(transcript) if words else [],
        top=top_words(words),
        star=star_parts(transcript, words) if words else [],
    )


def job_terms(description: str, count: int = JOB_TERMS) -> list[str]:
    """The words a job description leans on most, leaving out glue words."""
    counts = content_word_counts(words_of(description))
    # Ties keep the order the description uses them in.
    return [w for w, _ in counts.most_common(count)]


def terms_used(transcript: str, terms: list[str]) -> tuple[list[str], list[str]]:
    """(used, not used) among `terms`, matching a plural or -ing form too."""
    said = set(words_of(transcript))
    used, unused = [], []
    for term in terms:
        forms = {term, term + "s", term + "es", term + "ing", term.removesuffix("s")}
        (used if forms & said else unused).append(term)
    return used, unused
