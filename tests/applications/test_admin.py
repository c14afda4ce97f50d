import pytest
from django.urls import reverse

from tests.factories import InterviewQuestionFactory, StatusChangeFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = ["company", "contact", "application", "statuschange", "interview", "interviewquestion"]


@pytest.fixture
def admin_client(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_admin_list_search_and_add_pages_open(admin_client, model):
    question = InterviewQuestionFactory()
    StatusChangeFactory(application=question.interview.application)
    changelist = reverse(f"admin:applications_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "a"}).status_code == 200
    assert admin_client.get(reverse(f"admin:applications_{model}_add")).status_code == 200


def test_application_admin_shows_its_history_and_interviews_inline(admin_client):
    question = InterviewQuestionFactory()
    application = question.interview.application
    StatusChangeFactory(application=application, note="Recruiter called")
    html = admin_client.get(
        reverse("admin:applications_application_change", args=[application.pk])
    ).content.decode()
    assert "Recruiter called" in html
    assert "Status changes" in html
    assert "Interviews" in html
