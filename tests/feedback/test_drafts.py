import datetime as dt
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from feedback import drafts
from feedback.services import latest_interview_date
from tests.factories import ContactFactory, InterviewFactory, RejectionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(user):
    user.name = "Robin Ash"
    user.save()
    rejection = RejectionFactory(
        owner=user, application__title="Service designer", application__company__name="Acme Ltd"
    )
    contact = ContactFactory(
        owner=user, company=rejection.application.company, name="Sam Okafor", role="hiring_manager"
    )
    return rejection, contact


@pytest.mark.parametrize("kind", ["brief", "warm", "phone_script"])
def test_request_draft_uses_the_persons_data_and_chosen_areas(setting, user, kind):
    rejection, contact = setting
    draft = drafts.feedback_request_draft(
        kind=kind,
        user=user,
        contact=contact,
        application=rejection.application,
        interview_date=dt.date(2026, 3, 3),
        area_keys=["evidence", "questions"],
    )
    text = draft.subject + draft.body
    assert "Service designer" in text
    assert "Acme Ltd" in text
    assert "Sam" in draft.body
    assert "Robin Ash" in draft.body
    assert "3 March" in draft.body
    assert drafts.POINTER_PHRASES["evidence"] in draft.body
    assert drafts.POINTER_PHRASES["questions"] in draft.body
    assert drafts.POINTER_PHRASES["fit"] not in draft.body
    assert "future roles" in draft.body
    assert "call" in draft.body


def test_request_draft_carries_no_other_persons_data(setting, user):
    rejection, contact = setting
    stranger = UserFactory(name="Quentin Stranger")
    other = RejectionFactory(
        owner=stranger, application__title="Secret role", application__company__name="Other Co"
    )
    ContactFactory(owner=stranger, company=other.application.company, name="Zed Outsider")
    draft = drafts.feedback_request_draft(
        kind="warm",
        user=user,
        contact=contact,
        application=rejection.application,
        interview_date=None,
        area_keys=[],
    )
    text = draft.subject + draft.body
    for foreign in ["Quentin", "Stranger", "Secret role", "Other Co", "Zed", stranger.email]:
        assert foreign not in text


def test_request_draft_keeps_only_three_known_areas(setting, user):
    rejection, contact = setting
    draft = drafts.feedback_request_draft(
        kind="brief",
        user=user,
        contact=contact,
        application=rejection.application,
        interview_date=None,
        area_keys=["fit", "answers", "nonsense", "rapport", "presence"],
    )
    assert drafts.POINTER_PHRASES["rapport"] in draft.body
    assert drafts.POINTER_PHRASES["presence"] not in draft.body
    assert "nonsense" not in draft.body


def test_drafts_are_not_html_escaped(user):
    rejection = RejectionFactory(
        owner=user, application__title="R&D lead", application__company__name="O'Neil & Sons"
    )
    contact = ContactFactory(owner=user, company=rejection.application.company, name="Ann")
    draft = drafts.feedback_request_draft(
        kind="brief",
        user=user,
        contact=contact,
        application=rejection.application,
        interview_date=None,
        area_keys=[],
    )
    assert "O'Neil & Sons" in draft.body
    assert "&amp;" not in draft.body
    assert "&#x27;" not in draft.body


def test_latest_interview_date_is_the_most_recent_in_the_persons_time_zone(user):
    user.time_zone = "Pacific/Auckland"
    user.save()
    rejection = RejectionFactory(owner=user)
    application = rejection.application
    InterviewFactory(application=application, starts_at=dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC))
    InterviewFactory(application=application, starts_at=dt.datetime(2026, 3, 2, 20, tzinfo=dt.UTC))
    # 20:00 UTC on 2 March is the morning of 3 March in Auckland.
    assert latest_interview_date(application=application, user=user) == dt.date(2026, 3, 3)


def test_mailto_encodes_subject_and_body():
    url = drafts.mailto_url(
        to="sam.o+jobs@example.com",
        subject="Thank you & a question?",
        body="Hello Sam,\n\n100% grateful = yes\n",
    )
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "sam.o+jobs@example.com"
    assert "+" not in parts.query  # a space is %20: mail programs do not read "+" as a space
    assert "%20" in parts.query
    assert "%0D%0A" in parts.query
    assert "&" not in parts.query.split("&body=")[1]
    query = parse_qs(parts.query)
    assert query["subject"] == ["Thank you & a question?"]
    assert query["body"] == ["Hello Sam,\r\n\r\n100% grateful = yes\r\n"]


def test_thank_you_draft_mentions_a_future_opportunity_only_when_there_was_one(setting, user):
    rejection, contact = setting
    kwargs = {
        "user": user,
        "contact": contact,
        "application": rejection.application,
        "call_date": None,
    }
    with_it = drafts.thank_you_draft(future_opportunity=True, **kwargs)
    without = drafts.thank_you_draft(future_opportunity=False, **kwargs)
    assert "future opportunities" in with_it.body
    assert "future opportunities" not in without.body
    assert "Robin Ash" in with_it.body


@pytest.mark.parametrize(
    ("law", "words"),
    [("uk", "Data Protection Act 2018"), ("eu", "(EU) 2016/679")],
)
def test_access_request_letter_cites_the_chosen_law_and_asks_for_interview_notes(
    setting, user, law, words
):
    rejection, contact = setting
    draft = drafts.sar_draft(
        user=user,
        application=rejection.application,
        organisation="Acme Ltd",
        addressed_to="",
        contact=contact,
        interview_date=dt.date(2026, 3, 3),
        law=law,
    )
    assert words in draft.body
    assert "interview" in draft.body
    assert "Acme Ltd" in draft.body
    assert user.email in draft.body
    assert "one month" in draft.body
