from django.db import migrations

OLD = "documents.services.render_plan_job"
NEW = "tasks.printing.render_plan_job"


def forwards(apps, schema_editor):
    # A plan PDF job queued before the upgrade runs its function by this dotted path.
    apps.get_model("jobs", "Job").objects.filter(func=OLD).update(func=NEW)


def backwards(apps, schema_editor):
    apps.get_model("jobs", "Job").objects.filter(func=NEW).update(func=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("tasks", "0006_drop_indexes_covered_by_composites"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
