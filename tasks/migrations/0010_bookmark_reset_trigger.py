"""Any write of an occurrence's date or status sets its sweep bookmark back to undecided, in the
database: the services already do it, but a date fixed by hand (a shell, a data fix, SQL, an
admin screen made editable later) goes through no service and no Model.save() — QuerySet.update()
and raw SQL skip save() — and the sweep would keep the old date's bookmark, reminding late or not
at all. A trigger is the one place every such write passes. A statement that sets the bookmark
itself (the sweep's own writes touch neither column) is left as it wrote it."""

from django.db import migrations

CREATE = """
CREATE FUNCTION tasks_occurrence_reset_bookmark() RETURNS trigger AS $$
BEGIN
    IF NEW.next_reminder_on IS NOT DISTINCT FROM OLD.next_reminder_on THEN
        NEW.decided_on := NULL;
        NEW.next_reminder_on := DATE '0001-01-01';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER tasks_occurrence_reset_bookmark
    BEFORE UPDATE OF due_on, status ON tasks_occurrence
    FOR EACH ROW
    WHEN (OLD.due_on IS DISTINCT FROM NEW.due_on OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION tasks_occurrence_reset_bookmark();
"""
DROP = """
DROP TRIGGER IF EXISTS tasks_occurrence_reset_bookmark ON tasks_occurrence;
DROP FUNCTION IF EXISTS tasks_occurrence_reset_bookmark();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("tasks", "0009_sweep_bookmarks_and_partial_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
