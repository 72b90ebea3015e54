"""Reviewers (coaches) may open the review pages and rate answers in the admin, nothing more."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER_PERMISSIONS = [
    ("analysis_app", "view_answerforreview"),
    ("analysis_app", "change_answerforreview"),
    ("analysis_app", "view_reviewerrating"),
    ("analysis_app", "add_reviewerrating"),
    ("analysis_app", "change_reviewerrating"),
    ("analysis_app", "view_scoringmodel"),
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; reviewers need them now.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name="reviewers")
    permission = apps.get_model("auth", "Permission")
    for app_label, codename in REVIEWER_PERMISSIONS:
        group.permissions.add(
            permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="reviewers").first()
    if group is not None:
        codenames = [codename for _, codename in REVIEWER_PERMISSIONS]
        group.permissions.remove(*group.permissions.filter(codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("analysis_app", "0002_reports_ratings_scoring_models"),
        ("sessions_app", "0002_reviewers_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
