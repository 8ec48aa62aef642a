"""Every write to a plan, its sections and its appendices. Each function is one transaction and
writes one activity log row; views call these and nothing else."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from activity.services import record, record_changes
from activity.snapshot import snapshot
from common.fields import assign
from common.positions import next_position
from units.text import clean, clean_attributes
from workflows import StatusField, Transition, Workflow

from .copying import reviewed
from .models import Appendix, AppendixColumn, Plan, PlanSection, PlanStatus
from .signals import plan_issued

PLAN_FIELDS = [
    "issuing_unit",
    "parent_body_line",
    "issuing_body_line",
    "number",
    "symbol",
    "place",
    "issued_on",
    "dated_month",
    "dated_year",
    "year",
    "title",
    "based_on",
    "legal_bases",
    "preamble",
    "closing",
    "recipients",
    "signer_authority",
    "signer_position",
    "signer_name",
]
APPENDIX_FIELDS = ["label", "title", "subtitle", "columns", "column_labels"]

LOCKED_MESSAGE = "Kế hoạch đã ban hành nên không sửa được. Muốn chỉnh sửa, hãy “Mở lại để chỉnh sửa” và ghi rõ lý do."
STALE_MESSAGE = "Kế hoạch vừa được người khác sửa sau khi bạn mở trang. Hãy tải lại trang để xem bản mới rồi sửa lại."


class PlanLocked(ValidationError):
    def __init__(self):
        super().__init__(LOCKED_MESSAGE, code="locked")


def ensure_editable(plan: Plan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise PlanLocked()


def touch(plan: Plan) -> None:
    """Mark the plan changed: anything cached for the old version (e.g. its PDF) is now stale."""
    Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1)
    plan.refresh_from_db(fields=["version", "updated_at"])


def record_plan_edit(*, plan: Plan, **log) -> bool:
    """An edit of the plan or of a row in it: one activity row on the plan's history and a new plan
    version, both only when a logged field really changed (activity.services.record_changes)."""
    changed = record_changes(context=plan, **log)
    if changed:
        touch(plan)
    return changed


def _full_clean(instance) -> None:
    instance.full_clean()


@transaction.atomic
def create_plan(*, actor, data: dict) -> Plan:
    plan = Plan(created_by=actor if actor and actor.is_authenticated else None)
    assign(plan, data, PLAN_FIELDS)
    clean_attributes(plan, PLAN_FIELDS)
    _full_clean(plan)
    plan.save()
    record(
        actor=actor,
        action="plan.create",
        summary=f"Tạo kế hoạch “{plan.title}”",
        target=plan,
        after=snapshot(plan, PLAN_FIELDS),
    )
    return plan


@transaction.atomic
def update_plan(*, actor, plan: Plan, data: dict, expected_version: int | None = None) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    ensure_editable(plan)
    if expected_version is not None and expected_version != plan.version:
        raise ValidationError(STALE_MESSAGE, code="stale")
    before = snapshot(plan, PLAN_FIELDS)
    assign(plan, data, PLAN_FIELDS)
    clean_attributes(plan, PLAN_FIELDS)
    _full_clean(plan)
    plan.save()
    record_plan_edit(
        plan=plan,
        actor=actor,
        action="plan.update",
        summary="Sửa thông tin chung của kế hoạch",
        target=plan,
        before=before,
        fields=PLAN_FIELDS,
    )
    return plan


# The workflow ----------------------------------------------------------------------------


def has_number_and_date(plan: Plan, change) -> None:
    """An issued plan is cited by its number and date: both are filled in first."""
    missing = [label for field, label in (("number", "số"), ("issued_on", "ngày ban hành")) if not getattr(plan, field)]
    if missing:
        raise ValidationError(f"Chưa ban hành được: kế hoạch còn thiếu {' và '.join(missing)}.")


def mark_changed(plan: Plan, change) -> None:
    """Bump the plan's version: its printed PDF and the pages open on it are now stale."""
    touch(plan)


def tell_apps_issued(plan: Plan, change) -> None:
    """Send `plans.signals.plan_issued` (tasks notifies the units); a receiver that raises stops the issue."""
    plan_issued.send(sender=Plan, plan=plan, actor=change.user)


PLAN_WORKFLOW = Workflow(
    name="plan",
    title="Kế hoạch",
    noun="kế hoạch",
    model=Plan,
    states=PlanStatus,
    initial=PlanStatus.DRAFT,
    # Validated as a whole when saved: an issued plan must satisfy the model's constraints.
    state=StatusField("status", full_clean=True),
    clean_reason=clean,
    transitions=[
        Transition(
            name="issue",
            sources=(PlanStatus.DRAFT,),
            target=PlanStatus.ISSUED,
            label="Ban hành kế hoạch",
            done_message="Đã ban hành kế hoạch.",
            permission="plans.issue_plan",
            guards=(has_number_and_date, reviewed),
            effects=(mark_changed, tell_apps_issued),
        ),
        Transition(
            name="reopen",
            sources=(PlanStatus.ISSUED,),
            target=PlanStatus.DRAFT,
            label="Mở lại để chỉnh sửa",
            done_message="Đã mở lại kế hoạch để chỉnh sửa.",
            permission="plans.reopen_plan",
            needs_reason=True,
            css="secondary",
            effects=(mark_changed,),
        ),
    ],
)


def apply_transition(*, actor, plan: Plan, name: str, reason: str = "") -> Plan:
    return PLAN_WORKFLOW.apply(plan, name, actor, reason=reason).obj


# Sections ---------------------------------------------------------------------------------


@transaction.atomic
def add_section(*, actor, plan: Plan, heading: str, body: str = "") -> PlanSection:
    ensure_editable(plan)
    position = next_position(plan.sections.all())
    section = PlanSection(plan=plan, position=position, heading=clean(heading), body=clean(body))
    section.full_clean()
    section.save()
    touch(plan)
    record(
        actor=actor,
        action="section.create",
        summary=f"Thêm mục “{section.heading}”",
        target=section,
        context=plan,
        after=snapshot(section, ["heading", "body"]),
    )
    return section


@transaction.atomic
def update_section(*, actor, section: PlanSection, heading: str, body: str) -> PlanSection:
    ensure_editable(section.plan)
    before = snapshot(section, ["heading", "body"])
    section.heading, section.body = clean(heading), clean(body)
    section.full_clean()
    section.save()
    record_plan_edit(
        plan=section.plan,
        actor=actor,
        action="section.update",
        summary=f"Sửa mục “{section.heading}”",
        target=section,
        before=before,
        fields=["heading", "body"],
    )
    return section


@transaction.atomic
def delete_section(*, actor, section: PlanSection) -> None:
    plan = section.plan
    ensure_editable(plan)
    record(
        actor=actor,
        action="section.delete",
        summary=f"Xoá mục “{section.heading}”",
        target=plan,
        context=plan,
        before=snapshot(section, ["heading", "body"]),
    )
    section.delete()
    touch(plan)


def swap_positions(items: list, index: int, offset: int) -> bool:
    """Swap items[index] with its neighbour `offset` away; False if there is no such neighbour."""
    other = index + offset
    if not 0 <= other < len(items) or offset == 0:
        return False
    a, b = items[index], items[other]
    # Positions may have gaps or ties after deletes; renumber the list so the swap is well defined.
    for pos, item in enumerate(items, start=1):
        item.position = pos
    a.position, b.position = b.position, a.position
    type(a).objects.bulk_update(items, ["position"])
    return True


@transaction.atomic
def move_section(*, actor, section: PlanSection, offset: int) -> bool:
    """False when there is no section to swap with (already first or last)."""
    plan = section.plan
    ensure_editable(plan)
    sections = list(plan.sections.select_for_update())
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    if swap_positions(sections, index, offset):
        touch(plan)
        record(
            actor=actor,
            action="section.move",
            summary=f"Chuyển vị trí mục “{section.heading}”",
            target=section,
            context=plan,
        )
        return True
    return False


# Appendices -------------------------------------------------------------------------------


def _validate_columns(columns) -> list[str]:
    allowed = set(AppendixColumn.values)
    columns = list(dict.fromkeys(columns or []))
    unknown = [c for c in columns if c not in allowed]
    if unknown:
        raise ValidationError({"columns": f"Cột không hợp lệ: {', '.join(unknown)}."})
    # Keep the conventional order of an official table whatever order the boxes were ticked in.
    return [c for c in AppendixColumn.values if c in columns]


@transaction.atomic
def add_appendix(*, actor, plan: Plan, data: dict) -> Appendix:
    ensure_editable(plan)
    position = next_position(plan.appendices.all())
    appendix = Appendix(plan=plan, position=position)
    assign(appendix, data, APPENDIX_FIELDS)
    appendix.columns = _validate_columns(appendix.columns)
    clean_attributes(appendix, ["label", "title", "subtitle"])
    appendix.full_clean()
    appendix.save()
    touch(plan)
    record(
        actor=actor,
        action="appendix.create",
        summary=f"Thêm phụ lục “{appendix.title}”",
        target=appendix,
        context=plan,
        after=snapshot(appendix, APPENDIX_FIELDS),
    )
    return appendix


def _ensure_dropped_columns_are_empty(appendix: Appendix, columns: list[str]) -> None:
    """Hiding a column would hide what is written in it; ask for its cells to be cleared first."""
    in_use = [
        (AppendixColumn(column).label, count)
        for column in appendix.columns
        if column not in columns and (count := _tasks_using_column(appendix, column))
    ]
    if in_use:
        details = "; ".join(f"“{label}” có dữ liệu ở {count} nhiệm vụ" for label, count in in_use)
        raise ValidationError({"columns": f"Không bỏ được cột đang có dữ liệu: {details}. Hãy xoá dữ liệu trước."})


def _tasks_using_column(appendix: Appendix, column: str) -> int:
    tasks = appendix.tasks.all()
    if column == AppendixColumn.TIMING:
        return tasks.exclude(timing_text="").count()
    if column == AppendixColumn.NOTE:
        return tasks.exclude(note="").count()
    return tasks.filter(assignments__role=column).distinct().count()


@transaction.atomic
def update_appendix(*, actor, appendix: Appendix, data: dict) -> Appendix:
    ensure_editable(appendix.plan)
    before = snapshot(appendix, APPENDIX_FIELDS)
    if "columns" in data:
        _ensure_dropped_columns_are_empty(appendix, data["columns"] or [])
    assign(appendix, data, APPENDIX_FIELDS)
    appendix.columns = _validate_columns(appendix.columns)
    clean_attributes(appendix, ["label", "title", "subtitle"])
    appendix.full_clean()
    appendix.save()
    record_plan_edit(
        plan=appendix.plan,
        actor=actor,
        action="appendix.update",
        summary=f"Sửa phụ lục “{appendix.title}”",
        target=appendix,
        before=before,
        fields=APPENDIX_FIELDS,
    )
    return appendix


@transaction.atomic
def delete_appendix(*, actor, appendix: Appendix) -> None:
    plan = appendix.plan
    ensure_editable(plan)
    count = appendix.tasks.count()
    record(
        actor=actor,
        action="appendix.delete",
        summary=f"Xoá phụ lục “{appendix.title}” cùng {count} nhiệm vụ",
        target=plan,
        context=plan,
        before=snapshot(appendix, APPENDIX_FIELDS),
    )
    # Tasks protect their groups, so they go first.
    appendix.tasks.all().delete()
    appendix.groups.filter(parent__isnull=False).delete()
    appendix.groups.all().delete()
    appendix.delete()
    touch(plan)
