from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse

from plans.models import Appendix, Plan, PlanStatus, ReviewMark
from plans.selectors import managed_plans
from units.models import Unit
from units.rules import is_unit_officer

from .models import (
    AssignmentRole,
    Occurrence,
    ProgressUpdate,
    ScheduleKind,
    Task,
    TaskAssignment,
    TaskGroup,
    TaskStatus,
)
from .occurrences import current_occurrence


@dataclass
class GroupBlock:
    """A group row with its tasks and (for a section) its quarter subgroups, in print order."""

    group: TaskGroup | None
    tasks: list = field(default_factory=list)
    subgroups: list = field(default_factory=list)
    depth: int = 0


@dataclass
class AppendixTable:
    appendix: Appendix
    ungrouped: list
    blocks: list
    groups: list  # every group, flat, for pickers

    @property
    def rows(self):
        """("group", group, depth) and ("task", task, depth) tuples in the order the table prints them."""
        for task in self.ungrouped:
            yield "task", task, 0
        for block in self.blocks:
            yield from _block_rows(block)

    @property
    def task_count(self) -> int:
        return sum(1 for kind, _, _ in self.rows if kind == "task")

    @property
    def last_group(self) -> TaskGroup | None:
        """The group printed last (the last quarter of the last section), where a new row goes
        by default when the editor has not been working in another."""
        last = None
        for kind, row, _ in self.rows:
            if kind == "group":
                last = row
        return last


def _block_rows(block: GroupBlock):
    yield "group", block.group, block.depth
    for task in block.tasks:
        yield "task", task, block.depth
    for sub in block.subgroups:
        yield from _block_rows(sub)


def build_tables(appendices, groups, tasks) -> list[AppendixTable]:
    """Arrange already-fetched groups and tasks into tables; no queries."""
    tasks_by_group: dict = {}
    groups_by_id = {g.pk: g for g in groups}
    for task in tasks:
        if task.group_id in groups_by_id:  # a row's confirmation names its group: no query per row
            task.group = groups_by_id[task.group_id]
        tasks_by_group.setdefault((task.appendix_id, task.group_id), []).append(task)
    blocks_by_id = {
        g.pk: GroupBlock(group=g, tasks=tasks_by_group.get((g.appendix_id, g.pk), []), depth=1 if g.parent_id else 0)
        for g in groups
    }
    tables = []
    for appendix in appendices:
        own_groups = [g for g in groups if g.appendix_id == appendix.pk]
        top = []
        for group in own_groups:
            block = blocks_by_id[group.pk]
            if group.parent_id and group.parent_id in blocks_by_id:
                blocks_by_id[group.parent_id].subgroups.append(block)
            else:
                top.append(block)
        tables.append(
            AppendixTable(
                appendix=appendix, ungrouped=tasks_by_group.get((appendix.pk, None), []), blocks=top, groups=own_groups
            )
        )
    return tables


def _assignments_prefetch():
    return Prefetch("assignments", queryset=TaskAssignment.objects.select_related("unit").order_by("role", "position"))


def appendix_tables(plan: Plan, *, review_only: bool = False) -> list[AppendixTable]:
    """The plan's appendix tables in four queries, however many tasks they hold; `review_only`:
    only the tasks whose timing was not understood ("Cần kiểm tra")."""
    appendices = list(plan.appendices.all())
    groups = list(TaskGroup.objects.filter(appendix__plan=plan).order_by("parent_id", "position", "id"))
    groups.sort(key=lambda g: (g.position, g.pk))
    tasks = (
        _with_review(Task.objects.filter(appendix__plan=plan))
        .order_by("position", "id")
        .prefetch_related(_assignments_prefetch())
    )
    if review_only:
        tasks = tasks.filter(schedule_kind=ScheduleKind.UNPARSED)
    return build_tables(appendices, groups, list(tasks))


def appendix_table(appendix: Appendix) -> AppendixTable:
    groups = sorted(TaskGroup.objects.filter(appendix=appendix), key=lambda g: (g.position, g.pk))
    tasks = (
        _with_review(Task.objects.filter(appendix=appendix))
        .order_by("position", "id")
        .prefetch_related(_assignments_prefetch())
    )
    return build_tables([appendix], groups, list(tasks))[0]


def visible_tasks(user):
    """Tasks the user may open (`tasks.view_task`): every task of the plans they manage, and for a
    unit officer the tasks of issued plans where their unit has a role."""
    seen = Q(appendix__plan__in=managed_plans(user).values("pk"))
    if is_unit_officer(user):
        seen |= Q(appendix__plan__status=PlanStatus.ISSUED) & Exists(
            TaskAssignment.objects.filter(task=OuterRef("pk"), unit_id=user.unit_id)
        )
    return Task.objects.filter(seen)


def _with_review(tasks):
    """`under_review`: the task was copied from last year's plan and nobody has cleared it yet
    (plans.ReviewMark); in the same query, by the mark's content type's natural key."""
    marks = ReviewMark.objects.open().filter(
        target_type__app_label="tasks", target_type__model="task", target_id=OuterRef("pk")
    )
    return tasks.annotate(under_review=Exists(marks))


# What a row of the unit's list prints; the plan's long texts stay in the database. The plan and
# its issuer are read once per page (task_rows), not joined into every row.
UNIT_LIST_FIELDS = [
    "id",
    "appendix",
    "number",
    "content",
    "timing_text",
    "schedule_note",
    "due_on",
    "position",
    "group__id",
    "group__title",
]


def unit_tasks(unit: Unit):
    """Tasks of issued plans where `unit` has any role, with what a list row prints.

    EXISTS rather than a join with DISTINCT, and an order the (due_on, appendix, position, id)
    index serves: the list pages through thousands of rows."""
    return (
        Task.objects.in_issued_plans()
        .filter(Exists(TaskAssignment.objects.filter(task=OuterRef("pk"), unit=unit)))
        .select_related("group")
        .only(*UNIT_LIST_FIELDS)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=TaskAssignment.objects.filter(unit=unit)
                .only("id", "task_id", "role")
                .order_by("role", "position"),
                to_attr="unit_assignments",
            ),
            Prefetch(
                "occurrences",
                queryset=Occurrence.objects.only("id", "task_id", "due_on", "status", "percent").order_by("due_on"),
                to_attr="occurrence_list",
            ),
        )
        .order_by("due_on", "appendix_id", "position", "id")
    )


def task_page(tasks, number, per_page: int):
    """One page of `tasks` (a `unit_tasks` queryset, filtered) as (page, tasks on it), in two
    queries whatever the number of tasks in the portal.

    First every matching id in list order, with no LIMIT: PostgreSQL then starts from the unit's
    own assignments (the `assignment_unit_task` index) and sorts those. Asked for "the first 50 in
    order" instead, it walks the whole task table's order index probing each task for the unit,
    which grows with every plan anyone writes. The unit's ids are few; the page's rows are then
    read by id."""
    ids = list(tasks.prefetch_related(None).values_list("pk", flat=True))
    page = Paginator(ids, per_page).get_page(number)
    return page, list(tasks.filter(pk__in=page.object_list))


@dataclass
class TaskRow:
    """A task as the unit's list shows it: the occurrence that matters now, and the unit's roles."""

    task: Task
    current: Occurrence | None
    overdue: bool
    roles: list
    occurrence_count: int
    progress_url: str
    plan_url: str
    plan_reference: str
    issuer: str

    @property
    def status_label(self) -> str:
        return TaskStatus(self.current.status).label if self.current else ""


# The appendix's own order of the unit columns (chỉ đạo, chủ trì, thực hiện, phối hợp), not the
# alphabet of their codes, which put "Phối hợp" before "Chủ trì".
_ROLE_RANK = {role: rank for rank, role in enumerate(AssignmentRole)}


def _role_rank(assignment) -> int:
    return _ROLE_RANK[assignment.role]


def task_rows(tasks, today: date) -> list[TaskRow]:
    """Rows for `unit_tasks` tasks, with their plans read in one more query."""
    tasks = list(tasks)
    plans = _plans_by_appendix({task.appendix_id for task in tasks})
    rows, plan_urls = [], {}
    progress_prefix = reverse("tasks:progress", args=[0]).removesuffix("0/tien-do/")
    for task in tasks:
        occurrences = task.occurrence_list
        plan = plans[task.appendix_id]
        if plan.pk not in plan_urls:
            plan_urls[plan.pk] = plan.get_absolute_url()
        rows.append(
            TaskRow(
                task=task,
                current=current_occurrence(occurrences),
                overdue=any(o.is_overdue(today) for o in occurrences),
                roles=[a.get_role_display() for a in sorted(task.unit_assignments, key=_role_rank)],
                occurrence_count=len(occurrences),
                # One reverse() for the whole page: the list prints a link per row.
                progress_url=f"{progress_prefix}{task.pk}/tien-do/",
                plan_url=plan_urls[plan.pk],
                plan_reference=plan.reference,
                issuer=plan.issuing_unit.display_short,
            )
        )
    return rows


def _plans_by_appendix(appendix_ids) -> dict[int, Plan]:
    """Each appendix's plan with its issuer. A page's fifty tasks come from a handful of plans:
    read once here, they are a few objects instead of three more per row."""
    if not appendix_ids:
        return {}
    appendices = (
        Appendix.objects.filter(pk__in=appendix_ids)
        .select_related("plan__issuing_unit")
        .only(
            "id",
            "plan__id",
            "plan__number",
            "plan__symbol",
            "plan__issuing_unit__id",
            "plan__issuing_unit__name",
            "plan__issuing_unit__short_name",
            # Unit.from_db reads these two to notice moves in the tree.
            "plan__issuing_unit__parent",
            "plan__issuing_unit__kind",
        )
    )
    return {appendix.pk: appendix.plan for appendix in appendices}


def task_history(task: Task):
    """Every progress update of a task, newest first, with its author, unit and files."""
    return (
        ProgressUpdate.objects.filter(task=task)
        .select_related("author", "unit")
        .prefetch_related("evidence")
        .order_by("-at", "-id")
    )


def month_end(today: date) -> date:
    following = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def unit_tasks_due(unit: Unit, today: date):
    """The unit's tasks with an open deadline before the end of this month: overdue ones and those
    due this month ("Việc của tôi"), soonest first."""
    due = Occurrence.objects.open().filter(task=OuterRef("pk"), due_on__lte=month_end(today))
    return unit_tasks(unit).filter(Exists(due))


def plans_with_overdue_tasks(plans, today: date):
    """Issued plans among `plans` with at least one task past its deadline and still open."""
    overdue = Occurrence.objects.overdue_on(today).filter(task__appendix__plan=OuterRef("pk"))
    return plans.issued().filter(Exists(overdue))
