"""The reviewers (coaches) group: members read every session and rate analyses in the admin."""

from django.db import migrations


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="reviewers")


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="reviewers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sessions_app", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
