"""Record the rubric and engine versions each scoring model was trained under.

Rows from before have no record of either (empty: unknown), so they can never be current and
are deactivated here; the scorer's loader would skip them anyway, this keeps ``is_active``
truthful in the admin.
"""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def deactivate_unversioned(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ScoringModel = apps.get_model("analysis_app", "ScoringModel")
    ScoringModel.objects.filter(is_active=True).update(is_active=False)


class Migration(migrations.Migration):

    dependencies = [
        ("analysis_app", "0004_stage_leases_and_attempts"),
    ]

    operations = [
        migrations.AddField(
            model_name="scoringmodel",
            name="rubric_version",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.AddField(
            model_name="scoringmodel",
            name="engine_version",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.RunPython(deactivate_unversioned, migrations.RunPython.noop),
    ]
