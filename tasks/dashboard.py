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


def table_place(appendix, group) -> tuple:
    """Where a group's rows stand in the printed appendix (tasks.selectors.build_tables): the
    rows with no group first, then each group by position with its own rows before its
    subgroups'. Task numbers restart in each group, so this is what "in TT order" means."""
    if group is None:
        return (appendix.position, appendix.pk, 0)
    if group.parent_id:
        parent = group.parent
        return (appendix.position, appendix.pk, 1, parent.position, parent.pk, 1, group.position, group.pk)
    return (appendix.position, appendix.pk, 1, group.position, group.pk, 0)


def group_label(group) -> str:
    """A group as the table names it; a quarter inside a section carries the section's number,
    since each section may have its own "Quý I"."""
    if group.parent_id and group.parent.number:
        return f"{group.parent.number} › {group}"
    return str(group)


@dataclass
class Row:
    """One occurrence as the table and the export print it."""

    occurrence: Occurrence
    state: str
    leads: list
    coordinators: list
    latest: ProgressUpdate | None
    due_soon: bool = False

    @property
    def task(self):
        return self.occurrence.task

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def group_label(self) -> str:
        return group_label(self.task.group) if self.task.group_id else ""


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
    # The appendix groups (Quý I, "A. …") the rows belong to, in the table's order.
    task_groups: list = field(default_factory=list)
    # Per lead unit id: how many distinct tasks have an overdue period (what "Nhắc đơn vị" names).
    overdue_tasks: dict = field(default_factory=dict)


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
        .select_related("task__group__parent", "task__appendix")
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
    soon_limit = today + timedelta(days=due_soon_days)
    total = Breakdown()
    overdue_tasks = defaultdict(set)
    task_groups, places = {}, {}
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
            due_soon=bool(occurrence.is_open and occurrence.due_on and today <= occurrence.due_on <= soon_limit),
        )
        rows.append(row)
        task = occurrence.task
        if task.group_id:
            task_groups[task.group_id] = task.group
            if task.group.parent_id:
                task_groups[task.group.parent_id] = task.group.parent
            places[task.group_id] = table_place(task.appendix, task.group)
        total.add(occurrence, today)
        quarters[quarter_key(occurrence.due_on)].add(occurrence, today)
        for unit in row.leads:
            units[unit.pk] = unit
            unit_breakdowns[unit.pk].add(occurrence, today)
            if row.state == "overdue":
                overdue_tasks[unit.pk].add(occurrence.task_id)

    by_unit = sorted(
        ((units[pk], b) for pk, b in unit_breakdowns.items()),
        key=lambda item: (-item[1].counts["overdue"], -item[1].total, item[0].name),
    )
    return Board(
        plan=plan,
        today=today,
        rows=rows,
        total=total,
        by_quarter=[(quarter_label(key, plan.year), quarters[key]) for key in sorted(quarters)],
        by_unit=by_unit,
        overdue=[r for r in rows if r.state == "overdue"],
        due_soon=[r for r in rows if r.due_soon],
        groups=_group_boards(plan, unit_breakdowns),
        due_soon_days=due_soon_days,
        task_groups=_in_table_order(task_groups, places),
        overdue_tasks={pk: len(ids) for pk, ids in overdue_tasks.items()},
    )


def _in_table_order(groups: dict, places: dict) -> list:
    """Groups (a section before its quarters) in the order the appendix prints them."""
    # A section with no row of its own stands just before its first subgroup.
    for group in groups.values():
        if group.pk not in places:
            child = min(places[pk] for pk, g in groups.items() if g.parent_id == group.pk)
            places[group.pk] = child[:5]
    return sorted(groups.values(), key=lambda group: places[group.pk])


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


# The progress table's filters and sorting (query parameters; rows are filtered in memory, so the
# page's queries stay the same whatever is chosen) --------------------------------------------

STATUS_FILTERS = {
    "qua-han": ("Quá hạn", lambda row: row.state == "overdue"),
    "sap-den-han": ("Sắp đến hạn", lambda row: row.due_soon),
    "chua-thuc-hien": ("Chưa thực hiện", lambda row: row.state == "not_started"),
    "dang-thuc-hien": ("Đang thực hiện", lambda row: row.state == "in_progress"),
    "hoan-thanh": ("Hoàn thành", lambda row: row.state == "done"),
    "khong-thuc-hien": ("Không thực hiện", lambda row: row.state == "not_done"),
}

# What needs attention first when sorted by status.
STATE_ORDER = {"overdue": 0, "not_started": 1, "in_progress": 2, "not_done": 3, "done": 4}
NO_DATE = date.max


def _tt_key(row: Row) -> tuple:
    task = row.task
    return (
        *table_place(task.appendix, task.group),
        task.position,
        task.pk,
        row.occurrence.due_on or NO_DATE,
    )


def _due_key(row: Row) -> tuple:
    return (row.occurrence.due_on or NO_DATE, *_tt_key(row))


def _unit_key(row: Row) -> tuple:
    # Rows with no lead unit come last whichever way the column is sorted.
    return (0, row.leads[0].name.lower(), *_due_key(row)) if row.leads else (1, "", *_due_key(row))


def _state_key(row: Row) -> tuple:
    return (STATE_ORDER[row.state], *_due_key(row))


# key in the query -> (column label, sort key); "-han" sorts the same column the other way.
SORTS = {
    "tt": ("TT", _tt_key),
    "han": ("Hạn", _due_key),
    "don-vi": ("Đơn vị chủ trì", _unit_key),
    "trang-thai": ("Trạng thái", _state_key),
}
DEFAULT_SORT = "han"
SORT_CHOICES = [
    ("han", "Hạn: sớm trước"),
    ("-han", "Hạn: muộn trước"),
    ("tt", "TT theo thứ tự kế hoạch"),
    ("-tt", "TT: ngược thứ tự kế hoạch"),
    ("don-vi", "Đơn vị chủ trì: A–Z"),
    ("-don-vi", "Đơn vị chủ trì: Z–A"),
    ("trang-thai", "Trạng thái: quá hạn trước"),
    ("-trang-thai", "Trạng thái: hoàn thành trước"),
]


@dataclass
class Column:
    label: str
    sort: str = ""  # the SORTS key, empty for a column that does not sort
    aria_sort: str = ""  # "ascending" / "descending" on the column the table is sorted by
    url: str = ""  # the link that sorts by this column (the other way when it is the current one)


@dataclass
class ProgressTable:
    rows: list
    columns: list
    sort: str
    filtered: bool


def progress_table(board: Board, choices: dict, query) -> ProgressTable:
    """The rows the filters keep, in the order asked for. `choices` is the filter form's cleaned
    data (empty values: no filter); `query` the request's QueryDict: its `sapxep` is the order
    ("han", "-han", …; anything else: the default), its filters are kept in the sort links."""
    rows = board.rows
    group = choices.get("nhom")
    if group:
        rows = [r for r in rows if r.task.group_id == group or (r.task.group and r.task.group.parent_id == group)]
    unit = choices.get("donvi")
    if unit:
        rows = [r for r in rows if any(u.pk == unit for u in r.leads)]
    status = choices.get("tinhtrang")
    if status:
        rows = [r for r in rows if STATUS_FILTERS[status][1](r)]
    sort = query.get("sapxep", "")
    if sort.removeprefix("-") not in SORTS:
        sort = DEFAULT_SORT
    key = sort.removeprefix("-")
    rows = sorted(rows, key=SORTS[key][1])
    if sort.startswith("-"):
        if key == "don-vi":
            # Reversed by name, still with the rows that have no lead unit last.
            rows = [r for r in reversed(rows) if r.leads] + [r for r in rows if not r.leads]
        else:
            rows.reverse()
    return ProgressTable(
        rows=rows,
        columns=_columns(sort, query),
        sort=sort,
        filtered=bool(group or unit or status),
    )


def _columns(sort: str, query) -> list[Column]:
    def column(label_or_key: str) -> Column:
        if label_or_key not in SORTS:
            return Column(label_or_key)
        label = SORTS[label_or_key][0]
        current = sort.removeprefix("-") == label_or_key
        descending = sort.startswith("-")
        params = query.copy()
        params["sapxep"] = ("" if descending else "-") + label_or_key if current else label_or_key
        aria = ("descending" if descending else "ascending") if current else ""
        return Column(label, label_or_key, aria, "?" + params.urlencode() + "#bang-tien-do")

    return [
        column("tt"),
        column("Nhóm"),
        column("Nội dung"),
        column("don-vi"),
        column("han"),
        column("trang-thai"),
        column("Tiến độ"),
        column("Cập nhật gần nhất"),
    ]


@dataclass
class UnitRow:
    """A lead unit's line of the board, with what "Nhắc đơn vị" would say and whether it was said today."""

    unit: object
    breakdown: Breakdown
    overdue_tasks: int
    reminded_today: bool


def unit_rows(board: Board, reminded: set[int]) -> list[UnitRow]:
    return [
        UnitRow(unit, breakdown, board.overdue_tasks.get(unit.pk, 0), unit.pk in reminded)
        for unit, breakdown in board.by_unit
    ]
