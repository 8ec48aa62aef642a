from django.db import migrations

OLD = "plans.workbooks.tasks.run_import"
NEW = "tasks.workbooks.tasks.run_import"


def forwards(apps, schema_editor):
    # An appendix import queued before the upgrade runs its function by this dotted path.
    apps.get_model("jobs", "Job").objects.filter(func=OLD).update(func=NEW)


def backwards(apps, schema_editor):
    apps.get_model("jobs", "Job").objects.filter(func=NEW).update(func=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("tasks", "0007_plan_pdf_jobs_run_tasks_printing"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
