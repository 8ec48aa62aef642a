"""What a task's timing text was read as, shown beside the text wherever it is printed."""

from dataclasses import dataclass
from functools import lru_cache

from django import template
from django.core.exceptions import ValidationError

from tasks.models import Task
from tasks.occurrences import schedule_of
from tasks.services import apply_schedule
from tasks.timing import TimingError, describe, parse_timing

register = template.Library()


@dataclass(frozen=True)
class TimingReading:
    summary: str
    warnings: tuple[str, ...]
    error: str = ""


def _fields(schedule) -> tuple:
    return (schedule.kind, tuple(schedule.quarters), schedule.starts_on, schedule.due_on, schedule.recurrence_day)


@register.simple_tag
def timing_reading(task, year: int) -> TimingReading:
    """The schedule the task holds (what reminders and overdue checks use), in words, with the
    parser's warnings ("a date outside the plan's year — confirm") while the text still reads so.

    No query: the task's own fields and the plan year the page already has. A plan repeats the
    same few timing texts ("Quý I", "Trước 30/6") hundreds of times, and the reading depends on
    nothing else, so each is read once per process (the parser was a quarter of the plan page)."""
    return _reading(
        task.timing_text,
        year,
        task.schedule_kind,
        tuple(task.quarters or ()),
        task.starts_on,
        task.due_on,
        task.recurrence_day,
    )


@lru_cache(maxsize=4096)
def _reading(timing_text, year, schedule_kind, quarters, starts_on, due_on, recurrence_day) -> TimingReading:
    task = Task(
        timing_text=timing_text,
        schedule_kind=schedule_kind,
        quarters=list(quarters),
        starts_on=starts_on,
        due_on=due_on,
        recurrence_day=recurrence_day,
    )
    stored = schedule_of(task, year)
    try:
        parsed = parse_timing(task.timing_text, year)
    except TimingError:
        parsed = None
    if parsed is not None and _fields(parsed) == _fields(stored):
        return TimingReading(describe(parsed), tuple(parsed.warnings))
    # A task with no text takes its quarter group's schedule; a task saved by an older parser keeps
    # what was stored until it is saved again.
    return TimingReading(describe(stored), ())


def preview_timing(text: str, group, year: int) -> TimingReading:
    """What saving a row with this timing text in this group would store, in words, as the editor
    types (tasks:timing_preview): the same rules as the save (`apply_schedule`: a row with no text
    takes its quarter group's schedule), with the parser's warnings; a text the save would refuse
    gives the save's message. No query: `group` comes with its parent loaded."""
    task = Task(timing_text=text.strip(), group=group)
    try:
        apply_schedule(task, year)
    except ValidationError as error:
        return TimingReading("", (), error.messages[0])
    try:
        warnings = parse_timing(task.timing_text, year).warnings
    except TimingError:
        warnings = ()
    return TimingReading(describe(schedule_of(task, year)), tuple(warnings))
