"""Keep the owner on each interview, so upcoming interviews are a per-person index range."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_owner(apps, schema_editor):
    Interview = apps.get_model("applications", "Interview")
    Application = apps.get_model("applications", "Application")
    owners = Application.objects.filter(pk=models.OuterRef("application_id")).values("owner_id")
    Interview.objects.update(owner_id=models.Subquery(owners[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_company_restrict"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="interview",
            name="owner",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(fill_owner, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="interview",
            name="owner",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="interview",
            index=models.Index(fields=["owner", "starts_at"], name="interview_owner_starts"),
        ),
    ]
