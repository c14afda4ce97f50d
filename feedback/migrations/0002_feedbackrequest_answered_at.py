from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest, Least

ANSWERED = ["feedback_given", "call_booked", "declined"]


def fill_answered_at(apps, schema_editor):
    """Requests already answered get the best moment the rows still hold: the
    earlier of the first call booked from the request (a call means they had
    answered) and the row's last save (usually the answer being recorded), never
    before the request was sent."""
    FeedbackRequest = apps.get_model("feedback", "FeedbackRequest")
    FeedbackCall = apps.get_model("feedback", "FeedbackCall")
    first_call = Subquery(
        FeedbackCall.objects.filter(request=OuterRef("pk"))
        .order_by("created_at")
        .values("created_at")[:1]
    )
    best = Least("updated_at", Coalesce(first_call, "updated_at"))
    FeedbackRequest.objects.filter(outcome__in=ANSWERED, answered_at__isnull=True).update(
        answered_at=Greatest(Coalesce("sent_at", best), best)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedbackrequest",
            name="answered_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill_answered_at, migrations.RunPython.noop, elidable=True),
    ]
