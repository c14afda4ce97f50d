"""Ship Rebound's own interview questions so a fresh database has them."""

from django.db import migrations


def load(apps, schema_editor):
    from practice.question_bank import load_question_bank

    load_question_bank(apps.get_model("practice", "Question"))


def unload(apps, schema_editor):
    from practice.question_bank import QUESTIONS

    Question = apps.get_model("practice", "Question")
    Question.objects.filter(owner__isnull=True, bank_key__in=[q.key for q in QUESTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
