"""Vacuum `tasks_occurrence` after every daily sweep at national scale, not every other day.

The daily sweep moves the bookmark of every occurrence it decides (240,128 of 1,905,777 rows in
bench/scale.py at 1,000,000 tasks, 12.6%). Each move leaves a dead entry in the sweep's index
`occurrence_sweep_next`, inside the range the next sweep reads (`next_reminder_on <= today`), so
the hourly reruns walk them until a vacuum removes them (bench: 2.2 ms for that index scan at
1,000,000 tasks against 0.04 ms at 10,000). PostgreSQL's default vacuums a table once a fifth of
its rows are dead; with 2% of the rows plus 5,000, autovacuum follows each daily sweep within its
next round (autovacuum_naptime, one minute by default)."""

from django.db import migrations

SETTINGS = (
    "autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 5000, autovacuum_analyze_scale_factor = 0.02"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE tasks_occurrence SET ({SETTINGS})")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE tasks_occurrence RESET "
            "(autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, autovacuum_analyze_scale_factor)"
        )


class Migration(migrations.Migration):
    dependencies = [("tasks", "0010_bookmark_reset_trigger")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
