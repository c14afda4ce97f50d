"""What an employer's email means, by rules and word lists, on this server.

No model, no download, no cloud: weighted phrases per kind of email, a few
regular expressions for dates, times and interview stages. `read_email` says
which kind it is (invitation, rejection, offer, acknowledgement or other),
the stage it speaks of, the dates and times it gives, and the sender's domain,
so that the page can suggest the one step that records it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

INVITATION = "invitation"
REJECTION = "rejection"
OFFER = "offer"
ACKNOWLEDGEMENT = "acknowledgement"
OTHER = "other"
KINDS = [INVITATION, REJECTION, OFFER, ACKNOWLEDGEMENT, OTHER]

# (pattern, weight): a phrase that says which kind of email this is.
PHRASES: dict[str, list[tuple[str, int]]] = {
    REJECTION: [
        (r"\bunfortunately\b", 2),
        (r"\bregret to (inform|let you know|tell you)\b", 4),
        (r"\bwe regret\b", 3),
        (r"\b(not|won't|will not) be (moving|taking) (you|your application|forward)", 4),
        (r"\bnot (be )?progress(ing)? (you|your application|further)", 4),
        (
            r"\b(decided|chosen|opted) (not )?to (move forward|proceed|go ahead|continue) with (another|other|a different)",
            5,
        ),
        (r"\bdecided not to (proceed|progress|move forward)", 5),
        (r"\bmove forward with (other|another|a different) candidate", 5),
        (r"\b(other|another) candidates? whose (experience|skills|profile)", 4),
        (r"\bmore closely (match|matches|aligned)", 3),
        (r"\b(were|was|have been) (not )?unsuccessful\b", 4),
        (r"\bnot (been )?successful\b", 4),
        (r"\bposition has (now )?been filled\b", 4),
        (r"\bno longer (being )?consider", 4),
        (r"\bnot (to )?(offer|extend) you", 4),
        (r"\bwish you (the )?(best|every success|luck)\b", 2),
        (r"\bbest of luck (with|in) your (job )?search\b", 2),
        (r"\bkeep your (details|cv|resume) on file\b", 2),
        (r"\bwill not be able to offer\b", 4),
        (r"\bnot able to offer you\b", 4),
        (r"\bafter careful consideration\b", 1),
    ],
    INVITATION: [
        (r"\b(like|love|pleased|happy|delighted) to invite you\b", 5),
        (r"\binvite you (to|for) (a|an|the|your)\b", 4),
        (r"\binvitation to (a|an|the)?\s*(interview|call|chat|assessment)", 5),
        (
            r"\b(schedule|arrange|book|set up) (a|an|the|your)\s+([\w-]+\s+){0,2}(interview|call|chat|meeting|screen)",
            4,
        ),
        (
            r"\b(move|moving|progress|take) you (forward )?to the (next|second|third|final) (stage|round)",
            5,
        ),
        (r"\bnext (stage|round|step)s? (of|in) (the|our) (process|interview)", 2),
        (r"\b(let us know|let me know|send (me|us)|share) your availability\b", 3),
        (r"\b(are|would) you (be )?(available|free)\b", 3),
        (r"\bdoes .{1,40} work for you\b", 3),
        (r"\b(interview|call|chat) (is )?(confirmed|booked|scheduled) for\b", 4),
        (r"\bcalendar invit(e|ation)\b", 2),
        (r"\b(zoom|teams|google meet) (link|call|meeting)\b", 2),
        (r"\bpick a (time|slot)\b", 3),
        (r"\bbooking link\b", 2),
        (r"\blooking forward to (speaking|meeting|talking) (with|to) you\b", 2),
    ],
    OFFER: [
        (
            r"\b(pleased|delighted|happy|thrilled|excited) to (make you an |extend (you )?an |formally )?offer\b",
            6,
        ),
        (r"\boffer you the (position|role|job)\b", 6),
        (r"\b(job|formal|written|verbal) offer\b", 4),
        (r"\boffer (letter|of employment)\b", 5),
        (r"\bwould like to offer\b", 6),
        (r"\b(starting|base|annual) salary of\b", 2),
        (r"\b(proposed|expected) start date\b", 2),
        (r"\baccept (the|this|our) offer\b", 3),
        (r"\bwelcome (you )?(to|aboard)\b", 1),
        (r"\bcongratulations\b", 2),
    ],
    ACKNOWLEDGEMENT: [
        (r"\b(thank you|thanks) for (your )?(applying|application|interest in)\b", 3),
        (r"\b(we have|we've|has been|have) received your application\b", 4),
        (r"\byour application (has been|was) (received|submitted)\b", 4),
        (r"\bthis (is an|email) (automatic|automated)", 2),
        (r"\b(do not|don't|please do not) reply to this (email|message)\b", 1),
        (r"\b(our|the) (hiring )?team (will|is going to) (now )?review\b", 3),
        (r"\bwe will (review|be reviewing|carefully review|assess)\b", 3),
        (r"\b(we'll|we will|someone will) (be in touch|get back to you|contact you)\b", 2),
        (r"\bif your (skills|experience|profile) (match|matches|are a match)", 3),
        (r"\bdue to the (high |large )?(volume|number) of applications\b", 2),
    ],
}
COMPILED = {
    kind: [(re.compile(pattern, re.IGNORECASE), weight) for pattern, weight in phrases]
    for kind, phrases in PHRASES.items()
}
# Below this score the email is "other": a newsletter, a question, a reminder.
THRESHOLD = 3

ORDINALS = {
    "first": 1,
    "1st": 1,
    "initial": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}
STAGES = [
    (re.compile(r"\bfinal[- ](round|stage|interview)", re.I), "final round"),
    (
        re.compile(
            r"\b(first|1st|initial|second|2nd|third|3rd|fourth|4th)[- ](round|stage|interview)",
            re.I,
        ),
        None,
    ),
    (
        re.compile(r"\b(phone|telephone) (screen|interview|call)|screening call", re.I),
        "phone screen",
    ),
    (
        re.compile(
            r"\btechnical (interview|test|assessment|round)|coding (interview|exercise)", re.I
        ),
        "technical interview",
    ),
    (re.compile(r"\bassessment (centre|center|day)|take[- ]home|case study", re.I), "assessment"),
    (re.compile(r"\bpanel interview", re.I), "panel interview"),
    (re.compile(r"\bon-?site (interview|round|visit)", re.I), "on-site interview"),
]

# Where the interview happens, whatever its stage: the earliest of these in the
# email wins. "At our London office" is in person; a bare "office" is not (an
# email may mention that the office is moving), nor is "meet you" (people say
# it of video calls).
IN_PERSON = "in person"
VIDEO = "video"
PHONE = "phone"
OFFICE = r"(office|offices|hq|headquarters|studio|studios|campus|premises)"
SETTINGS = [
    (
        re.compile(
            r"\b(on-?site|in[- ]person|face[- ]to[- ]face"
            rf"|(at|in|to|visit|into) (our|the) ([\w&'-]+ ){{0,3}}{OFFICE}\b(?! (move|moves|moving|is closed))"
            r"|(come|pop) (in|into|over|along) to (see|meet) us)",
            re.I,
        ),
        IN_PERSON,
    ),
    (
        re.compile(
            r"\b(video[- ]?(call|interview|chat|meeting|link)|by video|over video|on video"
            r"|zoom|microsoft teams|(ms )?teams (call|meeting|link|invite)|on teams|google meet"
            r"|meet\.google|webex|whereby|hangouts?)\b",
            re.I,
        ),
        VIDEO,
    ),
    (
        re.compile(
            r"\b((phone|telephone) (screen|interview|call|conversation|chat)|screening call"
            r"|by (phone|telephone)|over the (phone|telephone)|call you on)\b",
            re.I,
        ),
        PHONE,
    ),
]

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?!\w)"
WEEKDAY = r"(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?(?!\w)"
TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"

DAY_MONTH = re.compile(
    rf"\b(?:{WEEKDAY},?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{MONTH}\.?(?:,?\s+(\d{{4}}))?",
    re.I,
)
MONTH_DAY = re.compile(
    rf"\b(?:{WEEKDAY},?\s+)?{MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?", re.I
)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")  # Day first, as in the UK.
WEEKDAY_ONLY = re.compile(rf"\b(next\s+|this\s+|on\s+)?{WEEKDAY}\b", re.I)
RELATIVE = re.compile(r"\b(tomorrow|today)\b", re.I)
CLOCK = re.compile(rf"(?:\bat\s+|\b|@\s*){TIME}(?=\W|$)", re.I)
DOMAIN = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")


@dataclass
class FoundDate:
    day: date
    at: time | None = None

    def when(self) -> datetime | None:
        return datetime.combine(self.day, self.at) if self.at else None

    def __str__(self) -> str:
        words = f"{self.day:%A} {self.day.day} {self.day:%B}"
        return f"{words} at {self.at:%H:%M}" if self.at else words


@dataclass
class EmailReading:
    kind: str
    scores: dict[str, int]
    stage: str = ""
    round: int | None = None
    dates: list[FoundDate] = field(default_factory=list)
    sender_domain: str = ""
    setting: str = ""  # IN_PERSON, VIDEO, PHONE or "" when the email does not say

    @property
    def first_date(self) -> FoundDate | None:
        return self.dates[0] if self.dates else None

    def summary(self) -> str:
        """One sentence: what the email means."""
        when = f" on {self.first_date}" if self.first_date else ""
        stage = self.stage or "an interview"
        if self.kind == INVITATION:
            article = (
                "" if stage.startswith(("an ", "a ")) else ("an " if stage[0] in "aeiou" else "a ")
            )
            return f"They invited you to {article}{stage}{self._where()}{when}."
        if self.kind == REJECTION:
            after = f" after the {self.stage}" if self.stage else ""
            return f"This is a rejection{after}."
        if self.kind == OFFER:
            return "This is a job offer."
        if self.kind == ACKNOWLEDGEMENT:
            return "They have received your application; no decision yet."
        return "This does not read as an invitation, a rejection, an offer or an acknowledgement."

    def _where(self) -> str:
        if self.stage in ("on-site interview", "phone screen"):
            return ""  # The stage says it already.
        return {IN_PERSON: " in person", VIDEO: " by video", PHONE: " by phone"}.get(
            self.setting, ""
        )


def _time(hour: str, minute: str | None, half: str | None) -> time | None:
    h, m = int(hour), int(minute or 0)
    half = (half or "").replace(".", "").lower()
    if half == "pm" and h < 12:
        h += 12
    elif half == "am" and h == 12:
        h = 0
    if not half and minute is None:
        return None  # A bare number is not a time.
    if 0 <= h < 24 and 0 <= m < 60:
        # Office hours: "at 2:30" without am/pm is the afternoon.
        if not half and 1 <= h <= 6:
            h += 12
        return time(h, m)
    return None


def _weekday_index(word: str) -> int | None:
    word = word.lower()
    for i, name in enumerate(WEEKDAYS):
        if name.startswith(word[:3]):
            return i
    return None


def _future(year: int | None, month: int, day: int, today: date) -> date | None:
    try:
        found = date(year or today.year, month, day)
    except ValueError:
        return None
    if year is None and found < today - timedelta(days=7):
        try:
            found = found.replace(year=today.year + 1)
        except ValueError:
            return None
    return found


def find_dates(text: str, today: date) -> list[FoundDate]:
    """Dates (with a time when one follows within a few words), in the order written."""
    found: list[tuple[int, int, date]] = []
    for match in DAY_MONTH.finditer(text):
        month = MONTHS[match[3].lower()[:3]]
        day = _future(int(match[4]) if match[4] else None, month, int(match[2]), today)
        if day:
            found.append((match.start(), match.end(), day))
    for match in MONTH_DAY.finditer(text):
        day = _future(
            int(match[4]) if match[4] else None, MONTHS[match[2].lower()[:3]], int(match[3]), today
        )
        if day:
            found.append((match.start(), match.end(), day))
    for match in ISO_DATE.finditer(text):
        day = _future(int(match[1]), int(match[2]), int(match[3]), today)
        if day:
            found.append((match.start(), match.end(), day))
    for match in NUMERIC_DATE.finditer(text):
        day = _future(int(match[3]), int(match[2]), int(match[1]), today)
        if day:
            found.append((match.start(), match.end(), day))
    taken = [(s, e) for s, e, _ in found]
    for match in RELATIVE.finditer(text):
        offset = 1 if match[1].lower() == "tomorrow" else 0
        found.append((match.start(), match.end(), today + timedelta(days=offset)))
    for match in WEEKDAY_ONLY.finditer(text):
        if any(s <= match.start(2) < e for s, e in taken):
            continue
        index = _weekday_index(match[2])
        if index is None:
            continue
        # The coming one: "Tuesday" written on a Monday is tomorrow.
        ahead = (index - today.weekday()) % 7 or 7
        found.append((match.start(2), match.end(), today + timedelta(days=ahead)))
    found.sort()
    results: list[FoundDate] = []
    last_end = -1
    for start, end, day in found:
        if start < last_end:
            continue  # Inside a date already read ("Tuesday 14 March").
        last_end = end
        clock = CLOCK.search(text, end, end + 25)
        at = _time(clock[1], clock[2], clock[3]) if clock else None
        if results and results[-1].day == day and results[-1].at is None:
            results[-1].at = at
            continue
        results.append(FoundDate(day=day, at=at))
    return [r for r in results if r.day >= today][:5]


def _stage(text: str) -> tuple[str, int | None]:
    for pattern, name in STAGES:
        match = pattern.search(text)
        if not match:
            continue
        if name is None:
            word = match[1].lower()
            number = ORDINALS[word]
            words = {1: "first", 2: "second", 3: "third", 4: "fourth"}
            return f"{words[number]} interview", number
        return name, None
    return "", None


def _setting(text: str) -> str:
    found = [(m.start(), name) for pattern, name in SETTINGS if (m := pattern.search(text))]
    return min(found)[1] if found else ""


def read_email(text: str, *, today: date, sender: str = "") -> EmailReading:
    """What an employer's email says, from its text (and the sender's address, if given)."""
    text = (text or "")[:100_000]
    scores = {
        kind: sum(weight for pattern, weight in patterns if pattern.search(text))
        for kind, patterns in COMPILED.items()
    }
    kind = max(scores, key=lambda k: scores[k])
    if scores[kind] < THRESHOLD:
        kind = OTHER
    # "Unfortunately we cannot offer you the role": an offer's words in a rejection.
    if kind == OFFER and scores[REJECTION] >= THRESHOLD and scores[REJECTION] >= scores[OFFER] - 2:
        kind = REJECTION
    # An acknowledgement that also invites ("thank you for applying; pick a time") is an invitation.
    if kind == ACKNOWLEDGEMENT and scores[INVITATION] >= 4:
        kind = INVITATION
    stage, number = _stage(text)
    domains = DOMAIN.findall(sender or "") or DOMAIN.findall(text[:600])
    return EmailReading(
        kind=kind,
        scores=scores,
        stage=stage,
        round=number,
        dates=find_dates(text, today) if kind in (INVITATION, OFFER) else [],
        sender_domain=domains[0].lower() if domains else "",
        setting=_setting(text) if kind == INVITATION else "",
    )
