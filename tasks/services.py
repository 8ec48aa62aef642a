"""Every write to appendix rows: groups, tasks and their unit assignments.

Unit cells are kept as written; the links to registry units are derived from them with the
unit matcher, so text that names no registry unit ("Các ngành liên quan") stays text.
"""

import hashlib
import json
from dataclasses import dataclass, replace

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils import timezone

from activity.models import ActivityLog
from activity.presenters import HIDDEN_PREFIX
from activity.services import record
from activity.snapshot import snapshot
from common.fields import assign
from common.positions import next_position
from notifications.services import claim_daily_reminders, notify_and_email
from plans.models import UNIT_COLUMNS, Appendix, Plan, PlanStatus
from plans.services import ensure_editable, record_plan_edit, swap_positions, touch
from units.matching import UnitMatcher
from units.models import Unit, User
from units.text import clean, fold

from .models import LEAD_ROLES, Occurrence, ReminderContact, Task, TaskAssignment, TaskGroup
from .occurrences import sync_occurrences
from .timing import (
    UNPARSED_NOTE,
    ScheduleKind,
    TimingError,
    fallback_words,
    parse_timing,
    quarters_from_label,
    schedule_for_quarters,
)

TASK_FIELDS = ["group", "number", "content", "note", "timing_text", "unit_cells"]
GROUP_FIELDS = ["number", "title", "parent"]
# Kept in a deletion's log row for the undo, and not shown in the history (activity.presenters).
RESTORE_KEY = f"{HIDDEN_PREFIX}restore"
RESTORED_FROM = f"{HIDDEN_PREFIX}restored_from"

STALE_TASK_MESSAGE = "Nhiệm vụ vừa được người khác sửa. Hãy tải lại để xem bản mới rồi sửa lại."


def matcher_for(appendix: Appendix) -> UnitMatcher:
    plan = appendix.plan
    # The registry as on the plan's day: an old and a new commune may share a name (units.matching).
    return UnitMatcher.for_issuer(plan.issuing_unit, on=plan.registry_day)


def group_quarters(group: TaskGroup | None) -> tuple[int, ...]:
    while group is not None:
        if group.quarters:
            return tuple(group.quarters)
        group = group.parent
    return ()


def apply_schedule(task: Task, year: int) -> None:
    """Parse the timing text into the schedule fields; a task with no text takes its quarter group's.

    A text the parser cannot read also falls back to its group's quarters, so the task still has a
    deadline to be overdue and reminded by, but keeps its "Cần kiểm tra" flag (the kind stays
    UNPARSED) until someone writes the timing plainly."""
    try:
        schedule = parse_timing(task.timing_text, year)
    except TimingError as error:
        raise ValidationError({"timing_text": str(error)}) from error
    quarters = group_quarters(task.group)
    if schedule.kind == ScheduleKind.NONE and quarters:
        schedule = schedule_for_quarters(quarters, year)
    elif schedule.kind == ScheduleKind.UNPARSED and quarters:
        fallback = schedule_for_quarters(quarters, year)
        schedule = replace(
            schedule,
            quarters=fallback.quarters,
            starts_on=fallback.starts_on,
            due_on=fallback.due_on,
            note=f"{UNPARSED_NOTE}; tạm theo {fallback_words(fallback)} của nhóm",
        )
    task.schedule_kind = schedule.kind
    task.quarters = list(schedule.quarters)
    task.starts_on = schedule.starts_on
    task.due_on = schedule.due_on
    task.recurrence_day = schedule.recurrence_day
    task.schedule_note = schedule.note[:200]


def build_assignments(task: Task, matcher: UnitMatcher) -> list[TaskAssignment]:
    assignments = []
    for role in UNIT_COLUMNS:
        for position, result in enumerate(matcher.resolve_cell(task.unit_cells.get(role, ""))):
            assignments.append(
                TaskAssignment(task=task, role=role, unit=result.unit, text=result.text[:500], position=position)
            )
    return assignments


def _prepare_task(task: Task, data: dict, appendix: Appendix) -> None:
    assign(task, data, TASK_FIELDS)
    task.number = clean(task.number).rstrip()
    task.content = clean(task.content)
    task.note = clean(task.note)
    task.timing_text = clean(task.timing_text)
    task.unit_cells = {
        role: clean(text) for role, text in (task.unit_cells or {}).items() if role in UNIT_COLUMNS and clean(text)
    }
    if task.group_id and task.group.appendix_id != appendix.pk:
        raise ValidationError({"group": "Nhóm được chọn không thuộc phụ lục này."})
    if not task.content:
        raise ValidationError({"content": "Nội dung nhiệm vụ không được để trống."})
    task.search_text = fold(f"{task.content} {task.note}")
    apply_schedule(task, appendix.plan.year)
    task.full_clean(exclude=["appendix", "group"])


def _next_task_position(appendix: Appendix, group: TaskGroup | None) -> int:
    return next_position(appendix.tasks.filter(group=group))


def task_summary(task: Task) -> str:
    return f"nhiệm vụ {task.number or ''} “{task.content[:60]}”".replace("  ", " ")


def task_title(task: Task) -> str:
    """A task named so it cannot be mistaken: numbers restart in each group, and some have none."""
    group = f" thuộc nhóm “{task.group}”" if task.group_id else ""
    number = f" số {task.number}" if task.number else ""
    content = task.content if len(task.content) <= 80 else task.content[:79] + "…"
    return f"nhiệm vụ{number}{group}: “{content}”"


@transaction.atomic
def add_task(*, actor, appendix: Appendix, data: dict, matcher: UnitMatcher | None = None, log: bool = True) -> Task:
    ensure_editable(appendix.plan)
    task = Task(appendix=appendix)
    _prepare_task(task, data, appendix)
    task.position = _next_task_position(appendix, task.group)
    task.save()
    TaskAssignment.objects.bulk_create(build_assignments(task, matcher or matcher_for(appendix)))
    sync_occurrences(task, appendix.plan.year)
    if log:
        touch(appendix.plan)
        record(
            actor=actor,
            action="task.create",
            summary=f"Thêm {task_summary(task)}",
            target=task,
            context=appendix.plan,
            after=snapshot(task, TASK_FIELDS),
        )
    return task


@transaction.atomic
def update_task(*, actor, task: Task, data: dict, expected_version: int | None = None) -> Task:
    task = Task.objects.select_for_update().select_related("appendix__plan").get(pk=task.pk)
    appendix = task.appendix
    ensure_editable(appendix.plan)
    if expected_version is not None and expected_version != task.version:
        raise ValidationError(STALE_TASK_MESSAGE, code="stale")
    before = snapshot(task, TASK_FIELDS)
    old_group_id = task.group_id
    _prepare_task(task, data, appendix)
    if task.group_id != old_group_id:
        task.position = _next_task_position(appendix, task.group)
    task.version = F("version") + 1
    task.save()
    task.refresh_from_db(fields=["version"])
    task.assignments.all().delete()
    TaskAssignment.objects.bulk_create(build_assignments(task, matcher_for(appendix)))
    sync_occurrences(task, appendix.plan.year)
    record_plan_edit(
        plan=appendix.plan,
        actor=actor,
        action="task.update",
        summary=f"Sửa {task_summary(task)}",
        target=task,
        before=before,
        fields=TASK_FIELDS,
    )
    return task


@transaction.atomic
def delete_task(*, actor, task: Task) -> ActivityLog:
    """Delete a row; the log row keeps all it held and where it stood, so it can be restored."""
    plan = task.appendix.plan
    ensure_editable(plan)
    where = {"appendix": task.appendix_id, "group": task.group_id, "position": task.position}
    entry = record(
        actor=actor,
        action="task.delete",
        summary=f"Xoá {task_title(task)}",
        target=task,
        context=plan,
        before=snapshot(task, TASK_FIELDS) | {RESTORE_KEY: where},
    )
    task.delete()
    touch(plan)
    return entry


def deleted_tasks(plan: Plan):
    """Log rows of tasks deleted from `plan` that can be restored and have not been."""
    log = ActivityLog.objects.for_context(plan)
    restored = log.filter(action="task.restore").values_list(f"after__{RESTORED_FROM}", flat=True)
    return (
        log.filter(action="task.delete", target_type=ContentType.objects.get_for_model(Task))
        .filter(before__has_key=RESTORE_KEY)
        .exclude(pk__in=[pk for pk in restored if pk is not None])
    )


def deleted_task(plan: Plan, entry_id) -> ActivityLog | None:
    """The log row of a task deleted from `plan` and not restored since, or None."""
    return deleted_tasks(plan).filter(pk=entry_id).first()


@transaction.atomic
def restore_task(*, actor, appendix: Appendix, entry_id: int) -> Task:
    """Undo a deletion: the task comes back with its text, units and timing, at its old place."""
    plan = Plan.objects.select_for_update().get(pk=appendix.plan_id)
    ensure_editable(plan)
    entry = deleted_task(plan, entry_id)
    if entry is None:
        raise ValidationError("Không còn nhiệm vụ đã xoá này để khôi phục (có thể đã được khôi phục rồi).")
    data = entry.before
    where = data[RESTORE_KEY]
    if where["appendix"] != appendix.pk:
        raise ValidationError("Nhiệm vụ đã xoá này không thuộc phụ lục này.")
    group = None
    if where["group"] is not None:
        group = TaskGroup.objects.filter(pk=where["group"], appendix=appendix).first()
        if group is None:
            raise ValidationError(
                f"Nhóm “{data['group']}” của nhiệm vụ đã bị xoá. Hãy tạo lại nhóm rồi thêm nhiệm vụ vào nhóm đó."
            )
    task = Task(appendix=appendix)
    _prepare_task(task, {name: data[name] for name in TASK_FIELDS if name != "group"} | {"group": group}, appendix)
    Task.objects.filter(appendix=appendix, group=group, position__gte=where["position"]).update(
        position=F("position") + 1
    )
    task.position = where["position"]
    task.save()
    TaskAssignment.objects.bulk_create(build_assignments(task, matcher_for(appendix)))
    sync_occurrences(task, plan.year)
    touch(plan)
    record(
        actor=actor,
        action="task.restore",
        summary=f"Khôi phục {task_title(task)}",
        target=task,
        context=plan,
        after=snapshot(task, TASK_FIELDS) | {RESTORED_FROM: entry.pk},
    )
    return task


def _sequential(a: str, b: str) -> bool:
    return a.rstrip(".").isdigit() and b.rstrip(".").isdigit()


@transaction.atomic
def move_task(*, actor, task: Task, offset: int) -> bool:
    """Move a row up or down within its group. Printed numbers stay in sequence (1, 2, 3…).
    False when there is no row to swap with (already first or last in its group)."""
    plan = task.appendix.plan
    ensure_editable(plan)
    siblings = list(
        Task.objects.select_for_update().filter(appendix=task.appendix, group=task.group).order_by("position", "id")
    )
    index = next(i for i, t in enumerate(siblings) if t.pk == task.pk)
    if not 0 <= index + offset < len(siblings):
        return False
    other = siblings[index + offset]
    moving = siblings[index]
    if _sequential(moving.number, other.number):
        moving.number, other.number = other.number, moving.number
        Task.objects.bulk_update([moving, other], ["number"])
    swap_positions(siblings, index, offset)
    touch(plan)
    record(actor=actor, action="task.move", summary=f"Chuyển vị trí {task_summary(moving)}", target=task, context=plan)
    return True


# Groups -----------------------------------------------------------------------------------


def _prepare_group(group: TaskGroup, data: dict) -> None:
    assign(group, data, GROUP_FIELDS)
    group.number = clean(group.number)
    group.title = clean(group.title)
    if not group.title:
        raise ValidationError({"title": "Tên nhóm không được để trống."})
    if group.parent_id:
        if group.parent.appendix_id != group.appendix_id:
            raise ValidationError({"parent": "Nhóm cha không thuộc phụ lục này."})
        if group.parent.parent_id:
            raise ValidationError({"parent": "Chỉ lồng được hai cấp nhóm (ví dụ: mục A chứa các quý)."})
        if group.pk and group.parent_id == group.pk:
            raise ValidationError({"parent": "Nhóm không thể nằm trong chính nó."})
    group.quarters = list(quarters_from_label(group.title))


def _reschedule_group_tasks(group: TaskGroup) -> None:
    year = group.appendix.plan.year
    tasks = list(
        Task.objects.filter(group__in=[group, *group.subgroups.all()], timing_text="").select_related("group__parent")
    )
    for task in tasks:
        apply_schedule(task, year)
    Task.objects.bulk_update(
        tasks, ["schedule_kind", "quarters", "starts_on", "due_on", "recurrence_day", "schedule_note"]
    )
    for task in tasks:
        sync_occurrences(task, year)


@transaction.atomic
def add_group(*, actor, appendix: Appendix, data: dict, log: bool = True) -> TaskGroup:
    ensure_editable(appendix.plan)
    group = TaskGroup(appendix=appendix)
    _prepare_group(group, data)
    group.position = next_position(appendix.groups.filter(parent=group.parent))
    group.save()
    if log:
        touch(appendix.plan)
        record(
            actor=actor,
            action="group.create",
            summary=f"Thêm nhóm “{group}”",
            target=group,
            context=appendix.plan,
            after=snapshot(group, GROUP_FIELDS),
        )
    return group


@transaction.atomic
def update_group(*, actor, group: TaskGroup, data: dict) -> TaskGroup:
    plan = group.appendix.plan
    ensure_editable(plan)
    before = snapshot(group, GROUP_FIELDS)
    _prepare_group(group, data)
    group.save()
    _reschedule_group_tasks(group)
    record_plan_edit(
        plan=plan,
        actor=actor,
        action="group.update",
        summary=f"Sửa nhóm “{group}”",
        target=group,
        before=before,
        fields=GROUP_FIELDS,
    )
    return group


@transaction.atomic
def delete_group(*, actor, group: TaskGroup) -> None:
    plan = group.appendix.plan
    ensure_editable(plan)
    count = Task.objects.filter(group__in=[group, *group.subgroups.all()]).count()
    if count:
        raise ValidationError(
            f"Nhóm “{group}” còn {count} nhiệm vụ. Hãy chuyển các nhiệm vụ sang nhóm khác hoặc xoá chúng trước."
        )
    record(
        actor=actor,
        action="group.delete",
        summary=f"Xoá nhóm “{group}”",
        target=plan,
        context=plan,
        before=snapshot(group, GROUP_FIELDS),
    )
    group.delete()
    touch(plan)


@transaction.atomic
def move_group(*, actor, group: TaskGroup, offset: int) -> bool:
    """False when there is no group to swap with (already first or last under its parent)."""
    plan = group.appendix.plan
    ensure_editable(plan)
    siblings = list(TaskGroup.objects.select_for_update().filter(appendix=group.appendix, parent=group.parent))
    index = next(i for i, g in enumerate(siblings) if g.pk == group.pk)
    if swap_positions(siblings, index, offset):
        touch(plan)
        record(actor=actor, action="group.move", summary=f"Chuyển vị trí nhóm “{group}”", target=group, context=plan)
        return True
    return False


# "Khớp lại đơn vị": an appendix's unit cells linked again after the registry changed ----------


@dataclass
class CellChange:
    """One unit cell whose links change: (text, unit) pairs before and after, in cell order."""

    task: Task
    role: str
    column: str
    before: list[tuple[str, object]]
    after: list[tuple[str, object]]

    @property
    def row(self) -> str:
        """Where the row stands, as the plan prints it: its number, and its group's."""
        number = f"TT {self.task.number}" if self.task.number else f"Nhiệm vụ thứ {self.task.position}"
        group = self.task.group
        return f"{number}, nhóm {group.number} {group.title}".rstrip() if group else number

    def key(self) -> list:
        return [self.task.pk, self.role, [[text, unit.pk if unit else None] for text, unit in self.after]]


def _relinked(results, current: list[TaskAssignment], matcher: UnitMatcher) -> list[tuple[str, object]]:
    after = [(result.text[:500], result.unit) for result in results]
    if [text for text, _ in after] != [a.text for a in current]:
        return after
    # A name the registry does not know (any more) keeps the unit a person linked it to while that
    # unit is active on the plan's day, or goes to its successor once it has closed: re-linking adds
    # and corrects links, it never drops a person's choice for want of an alias.
    return [
        (text, matcher.current(old.unit) if unit is None and old.unit is not None else unit)
        for (text, unit), old in zip(after, current, strict=True)
    ]


def relink_changes(appendix: Appendix) -> list[CellChange]:
    """Every unit cell of `appendix` whose links the registry, as it is now, would change: a name
    now matching a unit or an alias, a unit closed before the plan's day replaced by its successor,
    a name two units now share left for a person."""
    matcher = matcher_for(appendix)
    tasks = (
        appendix.tasks.select_related("group")
        .prefetch_related(Prefetch("assignments", queryset=TaskAssignment.objects.select_related("unit")))
        .order_by("group__position", "position", "id")
    )
    changes = []
    for task in tasks:
        for role in UNIT_COLUMNS:
            current = sorted(task.assignments_for(role), key=lambda a: a.position)
            cell = task.unit_cells.get(role, "")
            if not cell and not current:
                continue
            after = _relinked(matcher.resolve_cell(cell), current, matcher)
            before = [(a.text, a.unit) for a in current]
            if [(t, u.pk if u else None) for t, u in before] != [(t, u.pk if u else None) for t, u in after]:
                changes.append(CellChange(task, role, appendix.label_for(role), before, after))
    return changes


def relink_fingerprint(changes: list[CellChange]) -> str:
    """What the page showed, so the save writes exactly that or nothing."""
    return hashlib.sha256(json.dumps([change.key() for change in changes]).encode()).hexdigest()


def _cell_words(pairs) -> str:
    return "; ".join(f"{text} → {unit.name}" if unit else f"{text} (chưa gắn)" for text, unit in pairs)


@transaction.atomic
def relink_units(*, actor, appendix: Appendix, expected: str) -> int:
    """Link the appendix's unit cells again against the registry as it is now: the changes of
    `relink_changes`, written only if they are still the ones shown (`expected`, their
    fingerprint). One activity row on the plan's history; returns how many cells changed."""
    plan = Plan.objects.select_for_update().select_related("issuing_unit").get(pk=appendix.plan_id)
    ensure_editable(plan)
    appendix = Appendix.objects.select_related("plan__issuing_unit").get(pk=appendix.pk)
    changes = relink_changes(appendix)
    if relink_fingerprint(changes) != expected:
        raise ValidationError(
            "Danh mục đơn vị hoặc phụ lục vừa thay đổi sau khi bạn xem; hãy xem lại các thay đổi rồi lưu.",
            code="stale",
        )
    if not changes:
        raise ValidationError("Không có ô đơn vị nào cần khớp lại: phụ lục đã khớp đúng danh mục hiện nay.")
    for change in changes:
        TaskAssignment.objects.filter(task=change.task, role=change.role).delete()
    TaskAssignment.objects.bulk_create(
        TaskAssignment(task=change.task, role=change.role, unit=unit, text=text, position=position)
        for change in changes
        for position, (text, unit) in enumerate(change.after)
    )
    touch(plan)
    record(
        actor=actor,
        action="appendix.relink_units",
        summary=f"Khớp lại đơn vị {appendix.label.lower()} “{appendix.title}”: {len(changes)} ô thay đổi",
        target=appendix,
        context=plan,
        before={"cells": [[c.row, c.column, _cell_words(c.before)] for c in changes]},
        after={"cells": [[c.row, c.column, _cell_words(c.after)] for c in changes]},
    )
    return len(changes)


# "Nhắc đơn vị" on the plan's progress dashboard ------------------------------------------------

REMIND_UNIT_ACTION = "plan.remind_unit"


def overdue_tasks_of(plan: Plan, unit: Unit, day) -> list[Task]:
    """The plan's tasks the unit leads (chủ trì, thực hiện) with a period past its date and not
    reported done or not done, in the table's order."""
    late = Occurrence.objects.filter(task__appendix__plan=plan).overdue_on(day)
    return list(
        Task.objects.filter(
            pk__in=late.values("task_id"),
            assignments__unit=unit,
            assignments__role__in=LEAD_ROLES,
        )
        .select_related("group")
        .distinct()
        .order_by("appendix__position", "position", "pk")
    )


@transaction.atomic
def remind_unit(*, actor, plan: Plan, unit: Unit, today=None) -> list[Task]:
    """The editor's "Nhắc đơn vị": one notice to each active officer of the unit and one e-mail to
    them and to the unit's reminder contacts, naming the unit's overdue tasks in this plan; at
    most once a day per unit and plan (notifications.services.claim_daily_reminders). Returns the
    tasks the reminder named."""
    day = today or timezone.localdate()
    if plan.status != PlanStatus.ISSUED:
        raise ValidationError("Kế hoạch chưa ban hành: các đơn vị chưa nhận nhiệm vụ nào để nhắc.")
    tasks = overdue_tasks_of(plan, unit, day)
    if not tasks:
        raise ValidationError(f"{unit.name} không có nhiệm vụ quá hạn nào trong kế hoạch này: không cần nhắc.")
    officers = list(User.objects.unit_officers().filter(unit=unit).order_by("pk"))
    contacts = list(ReminderContact.objects.filter(unit=unit).values_list("email", flat=True))
    if not officers and not contacts:
        raise ValidationError(
            f"{unit.name} chưa có tài khoản cán bộ đơn vị hay địa chỉ nhận nhắc việc nào: không gửi được nhắc nhở. "
            "Quản trị viên thêm địa chỉ ở mục “Địa chỉ nhận nhắc việc”."
        )
    if not claim_daily_reminders(about=plan, unit_ids=[unit.pk], actor=actor, day=day):
        raise ValidationError(
            f"Hôm nay đã nhắc {unit.name} về kế hoạch này. Mỗi đơn vị chỉ được nhắc một lần mỗi ngày: "
            "không gửi thêm nhắc nhở nào."
        )
    lines = [f"- {_remind_line(task)}" for task in tasks]
    notify_and_email(
        officers,
        title=f"Nhắc {len(tasks)} nhiệm vụ quá hạn: Kế hoạch {plan.reference}",
        body=(
            f"{plan.issuing_unit.name} đề nghị {unit.name} thực hiện và cập nhật tiến độ "
            f"{len(tasks)} nhiệm vụ đã quá hạn của Kế hoạch {plan.reference}:\n" + "\n".join(lines)
        ),
        url=f"{reverse('tasks:unit_tasks')}?plan={plan.pk}&overdue=co",
        extra_addresses=contacts,
    )
    record(
        actor=actor,
        action=REMIND_UNIT_ACTION,
        summary=f"Nhắc {unit.name} về {len(tasks)} nhiệm vụ quá hạn",
        target=plan,
        after={"đơn vị được nhắc": unit.name, "nhiệm vụ quá hạn": [_remind_line(task) for task in tasks]},
    )
    return tasks


def _remind_line(task: Task) -> str:
    title = task_title(task)
    return title[0].upper() + title[1:]
