# The bank's categories take their labels from QuestionCategory (one list, one set of labels).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sessions_app', '0007_answer_recording_expired_at'),
    ]

    operations = [
        migrations.AlterField(
            model_name='bankquestion',
            name='category',
            field=models.CharField(choices=[('behavioural', 'Behavioural'), ('role', 'Role-specific'), ('skill', 'Skill-specific')], max_length=20),
        ),
    ]
