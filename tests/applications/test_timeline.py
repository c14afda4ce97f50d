import datetime as dt

import pytest
from django.utils import timezone

from accounts import registry
from applications import services
from applications.models import Status
from applications.timeline import TimelineEntry, build_timeline
from tests.factories import ApplicationFactory, InterviewFactory, InterviewQuestionFactory

pytestmark = pytest.mark.django_db


def test_merges_status_changes_and_interviews_newest_first():
    application = ApplicationFactory(status=Status.APPLIED)
    now = timezone.now()
    services.application_change_status(
        application=application,
        to_status=Status.SCREENING,
        note="Call with the recruiter",
        when=now - dt.timedelta(days=5),
    )
    interview = InterviewFactory(application=application, starts_at=now - dt.timedelta(days=2))
    InterviewQuestionFactory(interview=interview)
    entries = build_timeline(application)
    assert [e.kind for e in entries] == ["interview", "status"]
    assert entries[0].url == interview.get_absolute_url()
    assert "1 question noted" in entries[0].detail
    assert entries[1].title == "Applied → Screening"
    assert entries[1].detail == "Call with the recruiter"


def test_includes_entries_from_other_apps(monkeypatch):
    application = ApplicationFactory()
    when = timezone.now()

    def entries_for(app):
        return [TimelineEntry(when=when, kind="practice", title="Practised")]

    monkeypatch.setattr(registry.timeline_entries, "_sources", [entries_for])
    titles = [e.title for e in build_timeline(application)]
    assert "Practised" in titles


def test_query_count_does_not_grow_with_the_history(django_assert_max_num_queries):
    application = ApplicationFactory()
    for _ in range(3):
        interview = InterviewFactory(application=application)
        InterviewQuestionFactory(interview=interview)
    fresh = type(application).objects.get(pk=application.pk)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        build_timeline(fresh)
    for _ in range(10):
        interview = InterviewFactory(application=application)
        InterviewQuestionFactory(interview=interview)
        services.application_change_status(application=application, to_status=Status.SCREENING)
        services.application_change_status(application=application, to_status=Status.APPLIED)
    fresh = type(application).objects.get(pk=application.pk)
    with CaptureQueriesContext(connection) as many:
        assert len(build_timeline(fresh)) == 13 + 20
    assert len(many) == len(few)
