from django.db import migrations

from tasks.timing import Schedule, ScheduleKind, parse_timing


def create_occurrences(apps, schema_editor):
    """Tasks written before occurrences existed get theirs from the schedule they already hold."""
    Task = apps.get_model("tasks", "Task")
    Occurrence = apps.get_model("tasks", "Occurrence")
    rows = []
    for task in Task.objects.filter(occurrences__isnull=True).select_related("appendix__plan"):
        if task.schedule_kind == ScheduleKind.DATES:
            schedule = parse_timing(task.timing_text, task.appendix.plan.year)
        else:
            schedule = Schedule(
                task.schedule_kind, tuple(task.quarters or ()), task.starts_on, task.due_on, task.recurrence_day
            )
        rows.extend(Occurrence(task=task, due_on=due) for due in (schedule.occurrences() or [None]))
    Occurrence.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("tasks", "0003_progress_and_reminders")]

    operations = [migrations.RunPython(create_occurrences, migrations.RunPython.noop)]
