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


class InterviewQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.InterviewQuestion"

    interview = factory.SubFactory(InterviewFactory)
    text = factory.Sequence(lambda n: f"Tell me about a time you solved problem {n}.")
