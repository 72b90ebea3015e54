"""Seeds the question bank from sessions_app/questions/bank_seed.json (upsert by key).

Like every migration it runs once per database; questions staff add in the admin are left
alone, and a later change to the seed file reaches existing databases only through a new
migration (or the admin).
"""

from django.db import migrations


def seed(apps, schema_editor):
    from sessions_app.questions.bank import load_seed_bank

    bank = apps.get_model("sessions_app", "BankQuestion")
    for entry in load_seed_bank():
        bank.objects.update_or_create(
            key=entry["key"],
            defaults={
                "role": entry["role"], "difficulty": entry["difficulty"],
                "category": entry["category"], "text": entry["text"],
                "key_points": list(entry.get("key_points") or []),
                "skills": list(entry.get("skills") or []),
                "active": entry.get("active", True),
            },
        )


def unseed(apps, schema_editor):
    from sessions_app.questions.bank import load_seed_bank

    keys = [entry["key"] for entry in load_seed_bank()]
    apps.get_model("sessions_app", "BankQuestion").objects.filter(key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [("sessions_app", "0003_resumes_and_question_bank")]

    operations = [migrations.RunPython(seed, unseed)]
