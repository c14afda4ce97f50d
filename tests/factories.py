import datetime as dt

import factory
from allauth.account.models import EmailAddress

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("first_name")
    time_zone = "Europe/London"
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password-42")

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Company"

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Company {n}")
    website = factory.LazyAttribute(
        lambda o: f"https://{o.name.lower().replace(' ', '')}.example.com"
    )


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Contact"

    owner = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory, owner=factory.SelfAttribute("..owner"))
    name = factory.Faker("name")
    role = "hiring_manager"
    email = factory.Sequence(lambda n: f"contact{n}@example.com")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Application"

    owner = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory, owner=factory.SelfAttribute("..owner"))
    title = factory.Sequence(lambda n: f"Product designer {n}")
    status = "applied"
    date_applied = factory.Faker("date_between", start_date="-60d", end_date="today")
    interest = 4


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.StatusChange"

    application = factory.SubFactory(ApplicationFactory)
    from_status = "applied"
    to_status = "screening"


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Interview"

    application = factory.SubFactory(ApplicationFactory)
    round = 1
    kind = "video"
    starts_at = factory.Faker(
        "date_time_between", start_date="-30d", end_date="+30d", tzinfo=dt.UTC
    )
    duration_minutes = 45


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Document"

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"CV, version {n}")
    kind = "cv"
    file_type = "pdf"
    file_name = "cv.pdf"
    file = factory.django.FileField(data=PDF_BYTES, filename="cv.pdf")
    size = len(PDF_BYTES)


class InterviewQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.InterviewQuestion"

    interview = factory.SubFactory(InterviewFactory)
    text = factory.Sequence(lambda n: f"Tell me about a time you solved problem {n}.")


class RejectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "feedback.Rejection"

    owner = factory.SubFactory(UserFactory)
    application = factory.SubFactory(
        ApplicationFactory, owner=factory.SelfAttribute("..owner"), status="rejected"
    )
    received_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=3))
    channel = "email"
    stage = "after_interview"
    interview_round = 1
    reason = "They went with someone with more experience."


class ReasonTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "feedback.ReasonTag"

    rejection = factory.SubFactory(RejectionFactory)
    tag = "experience"


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "feedback.Reflection"

    rejection = factory.SubFactory(RejectionFactory)
    owner = factory.SelfAttribute("rejection.owner")
    went_well = "I explained my last project clearly."
    do_differently = "Prepare shorter examples."
    wanted_role = 4
    status = "draft"


class RubricRatingFactory(factory.django.DjangoModelFactory):
    """The person's own rating by default; pass source="feedback" (and reflection=None)
    for the interviewer's view."""

    class Meta:
        model = "feedback.RubricRating"

    reflection = factory.SubFactory(ReflectionFactory)
    rejection = factory.SelfAttribute("reflection.rejection")
    owner = factory.SelfAttribute("rejection.owner")
    source = "reflection"
    area = "fit"
    rating = 3


class FeedbackRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "feedback.FeedbackRequest"

    rejection = factory.SubFactory(RejectionFactory)
    owner = factory.SelfAttribute("rejection.owner")
    channel = "email"
    style = "warm"
    subject = "Thank you, and a request for feedback"
    body = "Thank you for the interview. Could you share a few pointers?"
    areas_to_ask = factory.LazyFunction(lambda: ["fit", "evidence"])


class FeedbackCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "feedback.FeedbackCall"

    rejection = factory.SubFactory(RejectionFactory)
    owner = factory.SelfAttribute("rejection.owner")
    scheduled_at = factory.LazyFunction(
        lambda: dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=2)
    )
    status = "scheduled"


class CallQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "feedback.CallQuestion"

    call = factory.SubFactory(FeedbackCallFactory)
    text = factory.Sequence(lambda n: f"What would have made my answer {n} stronger?")
    position = factory.Sequence(lambda n: n)


class SubjectAccessRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "feedback.SubjectAccessRequest"

    rejection = factory.SubFactory(RejectionFactory)
    owner = factory.SelfAttribute("rejection.owner")
    application = factory.SelfAttribute("rejection.application")
    organisation_name = factory.SelfAttribute("application.company.name")
    addressed_to = "The data protection officer"


class QuestionFactory(factory.django.DjangoModelFactory):
    """A person's own practice question; pass owner=None for a shipped one."""

    class Meta:
        model = "practice.Question"

    owner = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Tell me about a project you led, number {n}.")
    category = "behavioural"
    areas = factory.LazyFunction(lambda: ["evidence"])
    competencies = factory.LazyFunction(lambda: ["leadership"])
    tip = "Say what you did yourself and how it turned out."


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practice.Story"
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"The migration that nearly slipped {n}")
    situation = "Our billing system had to move to a new provider within a quarter."
    task = "I was asked to plan the move without losing a single invoice."
    action = "I mapped every data flow, ran the two systems side by side and agreed a cut-over."
    result = "We moved a week early with no lost invoices."
    competencies = factory.LazyFunction(lambda: ["planning", "ownership"])
    strength = 4

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if create and extracted:
            self.questions.set(extracted)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practice.Plan"

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Practice plan {n}")
    application = factory.SubFactory(ApplicationFactory, owner=factory.SelfAttribute("..owner"))
    focus_areas = factory.LazyFunction(lambda: ["evidence"])


class PlanItemFactory(factory.django.DjangoModelFactory):
    """A question to practise by default; pass kind and text (question=None) for others."""

    class Meta:
        model = "practice.PlanItem"

    plan = factory.SubFactory(PlanFactory)
    kind = "question"
    question = factory.SubFactory(QuestionFactory, owner=factory.SelfAttribute("..plan.owner"))
    text = ""
    position = factory.Sequence(lambda n: n)


class AttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practice.Attempt"

    item = factory.SubFactory(PlanItemFactory)
    rating = 3
    note = "Too long in the middle."
    seconds_taken = 110


# Every owned model has a factory: the access test and the export round trip
# build one row of each (tests/world.py) and fail when one is missing.


class MockInterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practice.MockInterview"

    plan = factory.SubFactory(PlanFactory)


class MockQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practice.MockQuestion"

    mock = factory.SubFactory(MockInterviewFactory)
    item = factory.SubFactory(PlanItemFactory, plan=factory.SelfAttribute("..mock.plan"))
    position = 0


class ActionStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reminders.ActionState"

    owner = factory.SubFactory(UserFactory)
    key = factory.Sequence(lambda n: f"reflect:rejection:{n}")
    state = "dismissed"


class ReminderPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reminders.ReminderPreference"

    owner = factory.SubFactory(UserFactory)


class DigestSendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reminders.DigestSend"

    owner = factory.SubFactory(UserFactory)
    local_date = factory.Sequence(lambda n: dt.date(2026, 1, 1) + dt.timedelta(days=n))


class FormSubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.FormSubmission"

    owner = factory.SubFactory(UserFactory)
    token = factory.Sequence(lambda n: f"token{n:012d}")
    digest = factory.Sequence(lambda n: f"{n:064x}")
    redirect_to = "/applications/"


class SpreadsheetImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.SpreadsheetImport"

    owner = factory.SubFactory(UserFactory)
    key = factory.Sequence(lambda n: f"preview-{n}")
    file_name = "applications.csv"
    added = 2


class ShareFactory(factory.django.DjangoModelFactory):
    """A rejection's loop shared by invitation, taken up by `coach` when given."""

    class Meta:
        model = "sharing.Share"

    rejection = factory.SubFactory(RejectionFactory)
    owner = factory.SelfAttribute("rejection.owner")
    kind = "rejection"
    way = "invitation"
    invited_email = factory.Sequence(lambda n: f"coach{n}@example.com")
    expires_at = None


class ShareVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sharing.ShareVisit"

    share = factory.SubFactory(ShareFactory)
    way = "invitation"
    visitor = "0123456789abcdef"


class CoachRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sharing.CoachRating"

    share = factory.SubFactory(ShareFactory)
    area = "fit"
    rating = 4
    note = "Clear and specific."


class CoachCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sharing.CoachComment"

    share = factory.SubFactory(ShareFactory)
    text = "Try a shorter opening."
    suggested_question = "Tell me about a time you changed your mind."


class AccessTokenFactory(factory.django.DjangoModelFactory):
    """A row only: its digest matches no secret. Make usable tokens with
    api.services.token_create."""

    class Meta:
        model = "api.AccessToken"

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Assistant {n}")
    key_prefix = "rbt_0_xxxx"
    key_digest = factory.Sequence(lambda n: f"{n:064x}")
