"""The tasks' part of "Tạo kế hoạch năm sau" (plans.copying): each copied appendix's groups and
tasks, with timing read again for the new year, unit links moved to the successors of units that
closed, and a review mark on every row. Connected to `plans.signals.plan_copied`, so it runs inside
the copy's transaction."""

from django.core.exceptions import ValidationError

from plans.copying import CopyContext
from plans.models import UNIT_COLUMNS, Appendix
from units.text import fold

from .models import Occurrence, ScheduleKind, Task, TaskAssignment, TaskGroup
from .occurrences import occurrence_dates
from .services import apply_schedule, task_summary
from .timing import parse_timing, quarters_from_label


def on_plan_copied(sender, context: CopyContext, **kwargs) -> None:
    for source, copy in context.appendices:
        groups = _copy_groups(context, source, copy)
        _copy_tasks(context, source, copy, groups)


def _copy_groups(context: CopyContext, source: Appendix, copy: Appendix) -> dict[int, TaskGroup]:
    copies: dict[int, TaskGroup] = {}
    old_groups = list(source.groups.all())
    # Sections first, then the quarters inside them: a copy needs its parent's id.
    for depth in (False, True):
        level = [g for g in old_groups if (g.parent_id is not None) == depth]
        new = []
        for group in level:
            title = context.shift.text(group.title)
            new.append(
                TaskGroup(
                    appendix=copy,
                    parent=copies.get(group.parent_id),
                    position=group.position,
                    number=group.number,
                    title=title.text,
                    quarters=list(quarters_from_label(title.text)),
                )
            )
            group._copy_notes = title
        TaskGroup.objects.bulk_create(new)
        for group, made in zip(level, new, strict=True):
            copies[group.pk] = made
            notes = group._copy_notes
            context.mark(made, f"Nhóm “{made}” ({copy.label.lower()})", notes.changes, notes.checks)
    return copies


def _copy_tasks(context: CopyContext, source: Appendix, copy: Appendix, groups: dict[int, TaskGroup]) -> None:
    year = context.plan.year
    shift = context.shift
    made, notes, links = [], [], []
    for task in source.tasks.prefetch_related("assignments__unit").order_by("position", "id"):
        content, note, timing = shift.text(task.content), shift.text(task.note), shift.text(task.timing_text)
        changes = content.changes + note.changes + [f"Thời gian: {c}" for c in timing.changes]
        checks = content.checks + note.checks + timing.checks
        new = Task(
            appendix=copy,
            group=groups.get(task.group_id),
            position=task.position,
            number=task.number,
            content=content.text,
            note=note.text,
            timing_text=timing.text,
            unit_cells=dict(task.unit_cells),
            search_text=fold(f"{content.text} {note.text}"),
        )
        _schedule(new, year, checks)
        assignments = _move_units(context, task, new, changes, checks)
        made.append(new)
        notes.append((changes, checks))
        links.append(assignments)
    Task.objects.bulk_create(made)
    TaskAssignment.objects.bulk_create(
        TaskAssignment(task=task, role=a.role, unit=a.unit, text=a.text, position=a.position)
        for task, assignments in zip(made, links, strict=True)
        for a in assignments
    )
    Occurrence.objects.bulk_create(
        Occurrence(task=task, due_on=due) for task in made for due in occurrence_dates(task, year)
    )
    for task, (changes, checks) in zip(made, notes, strict=True):
        label = task_summary(task)
        context.mark(task, label[0].upper() + label[1:], changes, checks)


def _schedule(task: Task, year: int, checks: list[str]) -> None:
    try:
        apply_schedule(task, year)
    except ValidationError as error:
        # A date the new year does not have ("29/02" in 2026): kept as written, flagged.
        task.schedule_kind, task.quarters, task.starts_on, task.due_on = ScheduleKind.UNPARSED, [], None, None
        task.recurrence_day, task.schedule_note = None, ""
        checks.extend(message for messages in error.message_dict.values() for message in messages)
        return
    if task.schedule_kind == ScheduleKind.UNPARSED:
        checks.append(f"Thời gian “{task.timing_text}” chưa đọc được: cần ghi lại cho rõ.")
    elif task.timing_text:
        # The parser's own warnings ("a date outside the plan's year — confirm"), as the plan page shows them.
        checks.extend(f"Thời gian: {warning}" for warning in parse_timing(task.timing_text, year).warnings)


def _move_units(context: CopyContext, task: Task, new: Task, changes: list, checks: list) -> list[TaskAssignment]:
    """Last year's links, each unit replaced by its successor when it closed before the new year
    (the cell's text follows); a unit with none keeps its text, unlinked, and is flagged."""
    kept: list[TaskAssignment] = []
    for assignment in task.assignments.all():
        unit = assignment.unit
        if unit is None:
            kept.append(assignment)
            continue
        found = context.unit_for(unit)
        if found.unit is not None and found.unit.pk == unit.pk:
            if found.check:  # it closes during the new year
                checks.append(found.check)
            kept.append(assignment)
            continue
        role, cell = assignment.role, new.unit_cells.get(assignment.role, "")
        if found.unit is None:
            checks.append(found.check)
            kept.append(TaskAssignment(role=role, unit=None, text=assignment.text, position=assignment.position))
            continue
        changes.append(found.change)
        name = found.unit.short_name or found.unit.name
        if any(a.role == role and a.unit_id == found.unit.pk for a in [*task.assignments.all(), *kept]):
            # The successor is already named in this column: the closed unit's name goes.
            new.unit_cells[role] = _drop_name(cell, assignment.text)
            continue
        new.unit_cells[role] = cell.replace(assignment.text, name, 1) if assignment.text in cell else cell
        kept.append(TaskAssignment(role=role, unit=found.unit, text=name, position=assignment.position))
    new.unit_cells = {role: text for role, text in new.unit_cells.items() if role in UNIT_COLUMNS and text}
    return kept


def _drop_name(cell: str, name: str) -> str:
    for pattern in (f", {name}", f"; {name}", f"{name}, ", f"{name}; ", f" và {name}", name):
        if pattern in cell:
            return cell.replace(pattern, "", 1).strip()
    return cell
