"""A task's occurrences follow its schedule: one per deadline (twelve for a monthly task, one per
date of a several-dates cell, one undated for a task with no readable date)."""

from datetime import date

from .models import UNDECIDED, Occurrence, Task
from .timing import Schedule, ScheduleKind, parse_timing


def schedule_of(task: Task, year: int) -> Schedule:
    if task.schedule_kind == ScheduleKind.DATES:
        # Only the text holds every date of the cell; parsing it again is exact (it parsed before).
        return parse_timing(task.timing_text, year)
    return Schedule(
        task.schedule_kind,
        tuple(task.quarters or ()),
        task.starts_on,
        task.due_on,
        task.recurrence_day,
    )


def occurrence_dates(task: Task, year: int) -> list[date | None]:
    return schedule_of(task, year).occurrences() or [None]


def sync_occurrences(task: Task, year: int) -> None:
    """Make the task's occurrences match its schedule. A single deadline that moved keeps its
    progress; occurrences the schedule no longer has go (their updates stay in the history)."""
    wanted = occurrence_dates(task, year)
    existing = {o.due_on: o for o in task.occurrences.all()}
    if len(wanted) == 1 and len(existing) == 1 and wanted[0] not in existing:
        Occurrence.objects.filter(task=task).update(due_on=wanted[0], decided_on=None, next_reminder_on=UNDECIDED)
        return
    stale = [o.pk for due, o in existing.items() if due not in wanted]
    if stale:
        Occurrence.objects.filter(pk__in=stale).delete()
    Occurrence.objects.bulk_create([Occurrence(task=task, due_on=due) for due in wanted if due not in existing])
    # The task's units or start may have changed with it: the next sweep decides its dates again.
    Occurrence.objects.filter(task=task, decided_on__isnull=False).update(decided_on=None, next_reminder_on=UNDECIDED)


def current_occurrence(occurrences) -> Occurrence | None:
    """What a list row shows: the earliest occurrence still open, else the last one."""
    occurrences = sorted(occurrences, key=lambda o: (o.due_on is None, o.due_on))
    for occurrence in occurrences:
        if occurrence.is_open:
            return occurrence
    return occurrences[-1] if occurrences else None
