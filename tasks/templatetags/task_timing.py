"""What a task's timing text was read as, shown beside the text wherever it is printed."""

from dataclasses import dataclass

from django import template

from tasks.occurrences import schedule_of
from tasks.timing import TimingError, describe, parse_timing

register = template.Library()


@dataclass(frozen=True)
class TimingReading:
    summary: str
    warnings: tuple[str, ...]


def _fields(schedule) -> tuple:
    return (schedule.kind, tuple(schedule.quarters), schedule.starts_on, schedule.due_on, schedule.recurrence_day)


@register.simple_tag
def timing_reading(task, year: int) -> TimingReading:
    """The schedule the task holds (what reminders and overdue checks use), in words, with the
    parser's warnings ("a date outside the plan's year — confirm") while the text still reads so.

    No query: the task's own fields and the plan year the page already has."""
    stored = schedule_of(task, year)
    try:
        parsed = parse_timing(task.timing_text, year)
    except TimingError:
        parsed = None
    if parsed is not None and _fields(parsed) == _fields(stored):
        return TimingReading(describe(parsed), parsed.warnings)
    # A task with no text takes its quarter group's schedule; a task saved by an older parser keeps
    # what was stored until it is saved again.
    return TimingReading(describe(stored), ())
