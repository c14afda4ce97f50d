import datetime as dt
import random

import pytest
from django.utils import timezone

from practice import demo
from practice.models import Attempt, MockInterview, Plan, Story
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def test_demo_practice_data_can_be_rebuilt(user, compared_rejection):
    InterviewFactory(application__owner=user, starts_at=timezone.now() + dt.timedelta(days=4))
    for _ in range(2):  # running the demo again rebuilds rather than duplicates
        demo.clear(user)
        demo.populate(user, random.Random(27), timezone.localdate())
    plans = Plan.objects.filter(owner=user)
    assert plans.count() == 2
    assert plans.filter(rejection=compared_rejection).exists()
    assert Story.objects.filter(owner=user).count() == 3
    assert Attempt.objects.owned_by(user).exists()
    assert MockInterview.objects.owned_by(user).filter(finished_at__isnull=False).count() == 1
