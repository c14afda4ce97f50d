"""A demo account with a realistic three-month job search.

    python manage.py demo_data --email demo@example.com --password rebound-demo

Running it again refreshes the same account: its password is set again and its
data is rebuilt from scratch, so the result depends only on --seed and today's
date.

Other apps add their part with a module `<app>/demo.py` holding

    def populate(user, rng: random.Random, today: datetime.date) -> None: ...
    def clear(user) -> None: ...

registered in their `AppConfig.ready()` with `registry.demo_data.register(demo)`.

`clear` runs before the applications data is deleted (for rows that would
otherwise block the deletion); `populate` runs after the applications, contacts
and interviews exist, with the same seeded random generator, so it can pick
(for example) the rejected applications to write reflections for.
"""

from __future__ import annotations

import random
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts import registry
from applications.models import Application, Company, Contact, Interview, Status
from applications.services import application_create_with_history, interview_set_questions

DEMO_TIME_ZONE = "Europe/London"
SPAN_DAYS = 88

# Invented organisations: any likeness to a real one is by chance.
COMPANIES = [
    ("Harbourline Logistics", "Bristol"),
    ("Fernbrook Health", "Leeds"),
    ("Quillstone Publishing", "Oxford"),
    ("Copperleaf Energy", "Glasgow"),
    ("Tidewell Analytics", "Manchester"),
    ("Brambleway Foods", "Norwich"),
    ("Larkspur Learning", "Remote"),
    ("Ostrand Engineering", "Sheffield"),
    ("Meridale Housing Trust", "Birmingham"),
    ("Pennant Mobility", "London"),
    ("Kestrel Lane Studio", "Brighton"),
    ("Saltmarsh Software", "Cambridge"),
    ("Greyholm Insurance", "Edinburgh"),
    ("Juniper and Vale", "London"),
    ("Orchard Row Retail", "Nottingham"),
    ("Blue Heron Travel", "Remote"),
    ("Cinderwick Robotics", "Bristol"),
    ("Wrenfield Borough Council", "Wrenfield"),
    ("Halden Bay Water", "Cardiff"),
    ("Marlowe Finch Legal", "London"),
    ("Sorrel Street Bank", "Leeds"),
    ("Ambergate Museums", "York"),
    ("Lanternfish Games", "Dundee"),
    ("Pinecrest Care Group", "Exeter"),
    ("Fieldmark Surveys", "Remote"),
    ("Northgate Lettings", "Liverpool"),
    ("Stonechat Charity Trust", "London"),
    ("Brightwater Clinics", "Reading"),
]
ROLES = [
    ("Product designer", 38_000, 48_000),
    ("UX designer", 35_000, 45_000),
    ("Senior product designer", 50_000, 62_000),
    ("Service designer", 40_000, 52_000),
    ("UX researcher", 36_000, 46_000),
    ("Content designer", 34_000, 42_000),
    ("Interaction designer", 38_000, 50_000),
    ("Design systems designer", 45_000, 58_000),
]
FIRST_NAMES = [
    "Amara", "Ben", "Chloe", "Dev", "Elin", "Farah", "Gareth", "Hana", "Idris", "Jess",
    "Kofi", "Lena", "Marcus", "Niamh", "Owen", "Priya", "Rory", "Sian", "Tom", "Yusuf",
]  # fmt: skip
LAST_NAMES = [
    "Ashworth", "Baptiste", "Carrick", "Dunmore", "Ellery", "Fairlie", "Goodwin", "Hollis",
    "Iqbal", "Jarvis", "Kettering", "Lowther", "Mensah", "Northcott", "Okafor", "Pryce",
]  # fmt: skip
QUESTIONS = [
    "Walk us through a project you are proud of and the part you played in it.",
    "Tell us about a time research changed your mind about a design.",
    "How do you decide what to leave out of a first release?",
    "Describe a disagreement with an engineer and how you settled it.",
    "How would you improve the sign-up journey on our app?",
    "What do you do when a stakeholder asks for a feature the evidence does not support?",
    "Tell us about a design decision that turned out to be wrong. What did you learn?",
    "How do you make sure your work is accessible?",
    "How do you measure whether a design change worked?",
    "Why do you want to work here rather than somewhere else?",
    "Where would you like to be in two years?",
    "Talk us through how you would run a usability test with five people.",
    "How do you work with a content designer or a copywriter?",
    "What questions do you have for us?",
]
INTERVIEW_NOTES = [
    "Two interviewers, friendly. Ran slightly over time on the portfolio part.",
    "Felt rushed on the research question; the team seemed keen on the accessibility work.",
    "Good conversation about their design system. Forgot to ask about team size.",
    "Whiteboard exercise went fine once I slowed down and talked through my thinking.",
]


@dataclass(frozen=True)
class Plan:
    """One application's path: statuses with the days between each change."""

    steps: tuple[tuple[str, int], ...]
    interviews: int = 0
    upcoming_interview: bool = False


PLANS = (
    [Plan(((Status.INTERESTED, 0),))] * 4
    + [Plan(((Status.APPLIED, 0),))] * 9
    + [Plan(((Status.APPLIED, 0), (Status.NO_RESPONSE, 24)))] * 6
    + [Plan(((Status.APPLIED, 0), (Status.REJECTED, 9)))] * 5
    + [Plan(((Status.APPLIED, 0), (Status.SCREENING, 6)))] * 2
    + [Plan(((Status.APPLIED, 0), (Status.SCREENING, 7), (Status.REJECTED, 8)))] * 3
    + [
        Plan(
            ((Status.APPLIED, 0), (Status.SCREENING, 5), (Status.INTERVIEWING, 8)),
            interviews=1,
            upcoming_interview=True,
        )
    ]
    * 3
    + [
        Plan(
            (
                (Status.APPLIED, 0),
                (Status.SCREENING, 6),
                (Status.INTERVIEWING, 7),
                (Status.REJECTED, 12),
            ),
            interviews=2,
        )
    ]
    * 2
    + [
        Plan(
            (
                (Status.APPLIED, 0),
                (Status.SCREENING, 4),
                (Status.INTERVIEWING, 6),
                (Status.OFFER, 14),
            ),
            interviews=2,
        )
    ]
    + [Plan(((Status.APPLIED, 0), (Status.WITHDRAWN, 11)))]
)


class Command(BaseCommand):
    help = "Create or refresh a signed-up, verified demo account with a realistic job search."

    def add_arguments(self, parser):
        parser.add_argument("--email", default="demo@example.com")
        parser.add_argument("--password", default="rebound-demo")
        parser.add_argument("--name", default="Alex")
        parser.add_argument("--seed", type=int, default=27, help="Same seed, same data.")

    def handle(self, *args, email, password, name, seed, **options):
        with transaction.atomic():
            user = demo_user(email=email, password=password, name=name)
            clear_demo_data(user)
            # Seeded on purpose, so the same seed gives the same demo.
            rng = random.Random(seed)  # nosec B311
            today = timezone.localdate(timezone=zoneinfo.ZoneInfo(DEMO_TIME_ZONE))
            count = populate_applications(user, rng, today)
            for module in registry.demo_data:
                module.populate(user, rng, today)
            # Creating everything today stamps every card "Updated" today, which makes
            # sorting by recent updates meaningless: date each one by its last news.
            Application.objects.filter(owner=user).update(updated_at=F("last_news_at"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo account ready with {count} applications. "
                f"Sign in with {user.email} and the password {password}"
            )
        )


def demo_user(*, email: str, password: str, name: str):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password)
    else:
        user.set_password(password)
    user.name = name
    user.time_zone = DEMO_TIME_ZONE
    user.is_active = True
    user.save()
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(primary=False)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def clear_demo_data(user) -> None:
    for module in registry.demo_data:
        module.clear(user)
    Application.objects.filter(owner=user).delete()
    Contact.objects.filter(owner=user).delete()
    Company.objects.filter(owner=user).delete()


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _at(day: date, rng: random.Random, tz) -> datetime:
    return datetime.combine(day, time(rng.randint(9, 17), rng.choice([0, 15, 30, 45])), tzinfo=tz)


def populate_applications(user, rng: random.Random, today: date) -> int:
    tz = zoneinfo.ZoneInfo(DEMO_TIME_ZONE)
    companies = {
        name: Company.objects.create(
            owner=user,
            name=name,
            website=f"https://{name.lower().replace(' ', '')}.example",
        )
        for name, _city in COMPANIES
    }
    plans = list(PLANS)
    rng.shuffle(plans)
    # A couple of companies get a second application, as happens in a real search.
    places = COMPANIES + rng.sample(COMPANIES, len(plans) - len(COMPANIES))
    sent_this_week = False  # so the demo's pipeline reads as active
    roles_used: set[tuple[str, str]] = set()  # never the same job twice at one company
    for plan, (company_name, city) in zip(plans, places, strict=True):
        company = companies[company_name]
        title, low, high = rng.choice([r for r in ROLES if (company_name, r[0]) not in roles_used])
        roles_used.add((company_name, title))
        span = sum(days for _status, days in plan.steps)
        waiting = plan.steps[-1][0] in (Status.APPLIED, Status.SCREENING, Status.INTERESTED)
        # Applications still waiting went out recently; the rest spread over the months.
        latest_start = SPAN_DAYS - span if not waiting else min(SPAN_DAYS - span, 24)
        start = today - timedelta(days=rng.randint(span + 1, max(span + 1, latest_start)))
        if plan.steps == ((Status.APPLIED, 0),) and not sent_this_week:
            start = today - timedelta(days=rng.randint(1, 4))
            sent_this_week = True
        if plan.steps[0][0] == Status.INTERESTED:
            start = today - timedelta(days=rng.randint(1, 12))
        history, day = [], start
        for status, days in plan.steps:
            day += timedelta(days=days)
            history.append((_at(day, rng, tz), status))
        mode = rng.choice(Application.WorkMode.values)
        application = Application(
            owner=user,
            company=company,
            title=title,
            posting_url=f"{company.website}/careers/{title.lower().replace(' ', '-')}",
            location="Remote" if city == "Remote" else city,
            work_mode=Application.WorkMode.REMOTE if city == "Remote" else mode,
            salary_min=low,
            salary_max=high,
            salary_currency="GBP",
            source=rng.choice(Application.Source.values),
            date_applied=None if plan.steps[0][0] == Status.INTERESTED else start,
            interest=rng.randint(2, 5),
            cv_version=rng.choice(["CV 2026 v3", "CV 2026 v4 (research first)"]),
            notes=rng.choice(
                [
                    "",
                    "Team of six designers. Hybrid, two days in the office.",
                    "Found through a former colleague; mention the booking redesign.",
                    "Advert asks for public-sector experience.",
                ]
            ),
        )
        application_create_with_history(application=application, history=history)
        _add_people_and_interviews(user, application, plan, history, rng, tz, today)
    return len(plans)


def _add_people_and_interviews(user, application, plan, history, rng, tz, today) -> None:
    reached = {status for _when, status in history}
    if Status.SCREENING not in reached:
        return
    recruiter = Contact.objects.create(
        owner=user,
        company=application.company,
        name=_person(rng),
        role=Contact.Role.RECRUITER,
        job_title="Talent partner",
        email=f"talent@{application.company.website.removeprefix('https://')}",
    )
    application.contacts.add(recruiter)
    if not plan.interviews:
        return
    manager = Contact.objects.create(
        owner=user,
        company=application.company,
        name=_person(rng),
        role=Contact.Role.HIRING_MANAGER,
        job_title="Head of design",
    )
    application.contacts.add(manager)
    interviewing_at = next(when for when, status in history if status == Status.INTERVIEWING)
    for round_number in range(1, plan.interviews + 1):
        if plan.upcoming_interview:
            day = today + timedelta(days=rng.randint(1, 9))
        else:
            day = timezone.localdate(interviewing_at, tz) + timedelta(
                days=2 + 5 * (round_number - 1)
            )
            day = min(day, today - timedelta(days=1))
        interview = Interview.objects.create(
            application=application,
            round=round_number,
            kind=Interview.Kind.VIDEO if round_number == 1 else Interview.Kind.PANEL,
            starts_at=datetime.combine(day, time(rng.choice([10, 11, 14, 15]), 0), tzinfo=tz),
            time_zone=DEMO_TIME_ZONE,
            duration_minutes=rng.choice([45, 60, 90]),
            location=(
                "Video call (link in the invitation email)"
                if round_number == 1
                else f"{application.company.name}, {application.location or 'head office'}"
            ),
            notes="" if plan.upcoming_interview else rng.choice(INTERVIEW_NOTES),
            gut_rating=None if plan.upcoming_interview else rng.randint(2, 5),
        )
        interview.interviewers.add(manager)
        if not plan.upcoming_interview:
            interview_set_questions(interview=interview, questions=rng.sample(QUESTIONS, 4))
