"""Drop three single-column indexes that a composite index already serves.

Every imported task row paid for them on write. Only the named indexes are dropped: letting
AlterField do it would also drop the partial unique index `occurrence_one_undated_per_task`,
which lives on the same column and which Django does not tell apart from a plain index.
"""

import django.db.models.deletion
from django.db import migrations, models

DROPPED = [
    # (index, table, column)
    ("tasks_occurrence_task_id_1c35f4f7", "tasks_occurrence", "task_id"),
    ("tasks_task_due_on_16839f1b", "tasks_task", "due_on"),
    ("tasks_taskassignment_unit_id_90e1fa1a", "tasks_taskassignment", "unit_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0005_reminders_for_other_deadlines"),
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{index}"', reverse_sql=f'CREATE INDEX "{index}" ON "{table}" ("{column}")'
                )
                for index, table, column in DROPPED
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="occurrence",
                    name="task",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="occurrences",
                        to="tasks.task",
                    ),
                ),
                migrations.AlterField(
                    model_name="task",
                    name="due_on",
                    field=models.DateField(blank=True, null=True, verbose_name="hạn hoàn thành"),
                ),
                migrations.AlterField(
                    model_name="taskassignment",
                    name="unit",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="task_assignments",
                        to="units.unit",
                        verbose_name="đơn vị",
                    ),
                ),
            ],
        )
    ]
