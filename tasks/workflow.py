"""Task status moves, declared once: the service checks them, the form offers only these."""

from .models import TaskStatus

S = TaskStatus

# Staying in the same status is always allowed (a new percent, a new note).
STATUS_MOVES = {
    S.NOT_STARTED: {S.IN_PROGRESS, S.DONE, S.NOT_DONE},
    S.IN_PROGRESS: {S.DONE, S.NOT_DONE},
    # A unit may find that work reported done is not, or take up a task it had declined.
    S.DONE: {S.IN_PROGRESS},
    S.NOT_DONE: {S.IN_PROGRESS},
}


def next_statuses(current: str) -> list[str]:
    allowed = {current, *STATUS_MOVES[current]}
    return [value for value in TaskStatus.values if value in allowed]


def can_move(current: str, target: str) -> bool:
    return target == current or target in STATUS_MOVES[current]
