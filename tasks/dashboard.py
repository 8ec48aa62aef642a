"""The plan editor's progress board: one pass over a plan's occurrences, counted every way the
page and the Excel export show them. Five queries whatever the plan's size."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings

from plans.models import Plan
from units.models import EmulationGroup

from .models import LEAD_ROLES, AssignmentRole, Occurrence, ProgressUpdate, TaskAssignment

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# How a bar splits; "overdue" takes open occurrences past their date out of the other two.
STATES = [
    ("done", "Hoàn thành"),
    ("in_progress", "Đang thực hiện"),
    ("not_started", "Chưa thực hiện"),
    ("overdue", "Quá hạn"),
    ("not_done", "Không thực hiện"),
]
STATE_LABELS = dict(STATES)


def state_of(occurrence: Occurrence, today: date) -> str:
    if occurrence.is_overdue(today):
        return "overdue"
    return occurrence.status


@dataclass
class Segment:
    key: str
    label: str
    count: int
    share: float  # percent of the bar's width


@dataclass
class Breakdown:
    counts: dict = field(default_factory=lambda: {key: 0 for key, _ in STATES})
    percent_sum: int = 0

    def add(self, occurrence: Occurrence, today: date) -> None:
        self.counts[state_of(occurrence, today)] += 1
        self.percent_sum += occurrence.percent

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def average_percent(self) -> int:
        return round(self.percent_sum / self.total) if self.total else 0

    @property
    def done_share(self) -> int:
        return round(100 * self.counts["done"] / self.total) if self.total else 0

    @property
    def arcs(self) -> list:
        return arcs(self)

    @property
    def segments(self) -> list[Segment]:
        total = self.total or 1
        return [
            Segment(key, label, self.counts[key], round(100 * self.counts[key] / total, 2))
            for key, label in STATES
            if self.counts[key]
        ]


@dataclass
class Arc:
    """A donut segment: SVG stroke-dasharray on a circle whose path length is 100."""

    key: str
    label: str
    count: int
    share: float
    rest: float
    offset: float


def arcs(breakdown: "Breakdown") -> list[Arc]:
    result, start = [], 0.0
    for segment in breakdown.segments:
        # The circle starts at 3 o'clock; +25 turns the first segment to start at 12.
        result.append(Arc(segment.key, segment.label, segment.count, segment.share, 100 - segment.share, 25 - start))
        start += segment.share
    return result


@dataclass
class Row:
    """One occurrence as the table and the export print it."""

    occurrence: Occurrence
    state: str
    leads: list
    coordinators: list
    latest: ProgressUpdate | None

    @property
    def task(self):
        return self.occurrence.task

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class GroupBoard:
    group: EmulationGroup
    members: list  # (membership, Breakdown)
    total: Breakdown


@dataclass
class Board:
    plan: Plan
    today: date
    rows: list
    total: Breakdown
    by_quarter: list  # (label, Breakdown)
    by_unit: list  # (unit, Breakdown), most overdue first
    overdue: list
    due_soon: list
    groups: list
    due_soon_days: int
    legend: list = field(default_factory=lambda: STATES)


def quarter_key(due: date | None) -> tuple:
    """Sorts quarters in time order, occurrences with no date last."""
    return (due.year, (due.month - 1) // 3 + 1) if due else (9999, 9)


def quarter_label(key: tuple, plan_year: int) -> str:
    year, quarter = key
    if year == 9999:
        return "Không ghi hạn"
    return f"Quý {ROMAN[quarter]}" if year == plan_year else f"Quý {ROMAN[quarter]}/{year}"


def build(plan: Plan, today: date) -> Board:
    # The JSON columns and the search text are never shown here, yet decoding them for every row
    # (the task's and its appendix's, once per row) was a fifth of the page.
    occurrences = list(
        Occurrence.objects.filter(task__appendix__plan=plan)
        .select_related("task__group", "task__appendix")
        .defer(
            "task__unit_cells",
            "task__quarters",
            "task__search_text",
            "task__appendix__columns",
            "task__appendix__column_labels",
        )
        .order_by("due_on", "task__appendix__position", "task__position", "task_id")
    )
    assignments = defaultdict(list)
    for assignment in (
        TaskAssignment.objects.filter(task__appendix__plan=plan, unit__isnull=False)
        .select_related("unit")
        .order_by("role", "position")
    ):
        assignments[assignment.task_id].append(assignment)
    latest = {}
    for update in (
        ProgressUpdate.objects.filter(task__appendix__plan=plan, occurrence__isnull=False)
        .select_related("unit", "author")
        .order_by("-at", "-id")
    ):
        latest.setdefault(update.occurrence_id, update)

    due_soon_days = max(settings.REMINDER_DAYS_BEFORE, default=7)
    total = Breakdown()
    quarters = defaultdict(Breakdown)
    units = {}
    unit_breakdowns = defaultdict(Breakdown)
    rows = []
    for occurrence in occurrences:
        task_assignments = assignments[occurrence.task_id]
        leads = [a.unit for a in task_assignments if a.role in LEAD_ROLES]
        row = Row(
            occurrence=occurrence,
            state=state_of(occurrence, today),
            leads=list(dict.fromkeys(leads)),
            coordinators=[a.unit for a in task_assignments if a.role == AssignmentRole.COORDINATES],
            latest=latest.get(occurrence.pk),
        )
        rows.append(row)
        total.add(occurrence, today)
        quarters[quarter_key(occurrence.due_on)].add(occurrence, today)
        for unit in row.leads:
            units[unit.pk] = unit
            unit_breakdowns[unit.pk].add(occurrence, today)

    by_unit = sorted(
        ((units[pk], b) for pk, b in unit_breakdowns.items()),
        key=lambda item: (-item[1].counts["overdue"], -item[1].total, item[0].name),
    )
    soon_limit = today + timedelta(days=due_soon_days)
    return Board(
        plan=plan,
        today=today,
        rows=rows,
        total=total,
        by_quarter=[(quarter_label(key, plan.year), quarters[key]) for key in sorted(quarters)],
        by_unit=by_unit,
        overdue=[r for r in rows if r.state == "overdue"],
        due_soon=[
            r
            for r in rows
            if r.occurrence.is_open and r.occurrence.due_on and today <= r.occurrence.due_on <= soon_limit
        ],
        groups=_group_boards(plan, unit_breakdowns),
        due_soon_days=due_soon_days,
    )


def _group_boards(plan: Plan, unit_breakdowns) -> list[GroupBoard]:
    """Cụm/Khối of the plan's year organised at the plan's level, each member's share of the plan."""
    groups = (
        EmulationGroup.objects.filter(
            year=plan.year, organiser__local_government_id=plan.issuing_unit.local_government_id
        )
        .prefetch_related("memberships__unit")
        .order_by("kind", "name")
    )
    boards = []
    for group in groups:
        members, group_total = [], Breakdown()
        for membership in group.memberships.all():
            breakdown = unit_breakdowns.get(membership.unit_id, Breakdown())
            members.append((membership, breakdown))
            for key, count in breakdown.counts.items():
                group_total.counts[key] += count
            group_total.percent_sum += breakdown.percent_sum
        boards.append(GroupBoard(group=group, members=members, total=group_total))
    return boards
