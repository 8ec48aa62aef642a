"""Progress on tasks: status updates by the lead unit, contributions by the others, evidence
files. Each write is one transaction and one activity row."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from activity.services import record
from common.uploads import DOCUMENT_KINDS, display_name, validate_upload
from plans.models import PlanStatus

from .models import (
    Evidence,
    Occurrence,
    ProgressUpdate,
    Task,
    TaskStatus,
    UpdateKind,
)
from .workflow import can_move

EVIDENCE_KINDS = DOCUMENT_KINDS

NOT_ISSUED_MESSAGE = "Kế hoạch chưa ban hành (hoặc đang mở lại để sửa) nên chưa cập nhật tiến độ được."


@dataclass
class Report:
    """What a unit officer typed: the same for a status update and a contribution."""

    noted_on: date
    note: str = ""
    files: tuple = ()


def _check_files(files) -> list[tuple]:
    """Every file checked before anything is written: one bad file refuses the whole update."""
    checked, errors = [], []
    for uploaded in files:
        try:
            kind = validate_upload(uploaded, allowed=EVIDENCE_KINDS, max_bytes=settings.EVIDENCE_MAX_BYTES)
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            checked.append((uploaded, kind))
    if errors:
        raise ValidationError({"files": errors})
    return checked


def _save_evidence(update: ProgressUpdate, checked) -> None:
    for uploaded, kind in checked:
        uploaded.seek(0)
        # The file goes to disk under a name we make (tasks.models.evidence_path); the uploader's
        # name, shortened, is only shown.
        Evidence.objects.create(
            update=update, file=uploaded, name=display_name(uploaded.name), kind=kind, size=uploaded.size
        )


def _ensure_issued(task: Task) -> None:
    if task.appendix.plan.status != PlanStatus.ISSUED:
        raise ValidationError(NOT_ISSUED_MESSAGE, code="not_issued")


def conflict_message(occurrence: Occurrence) -> str:
    who = str(occurrence.updated_by) if occurrence.updated_by else "người khác"
    when = timezone.localtime(occurrence.updated_at).strftime("%H:%M ngày %d/%m/%Y") if occurrence.updated_at else ""
    return (
        f"Nhiệm vụ vừa được {who} cập nhật lúc {when}, sau khi bạn mở trang. Chưa lưu gì của bạn: "
        "nội dung bạn nhập vẫn còn trong ô bên dưới (tệp đính kèm cần chọn lại). "
        "Hãy xem trạng thái mới rồi bấm lưu lại."
    )


def _occurrence_summary(occurrence: Occurrence) -> str:
    task = occurrence.task
    due = f" (hạn {occurrence.due_on:%d/%m/%Y})" if occurrence.due_on else ""
    return f"nhiệm vụ {task.number or ''} “{task.content[:60]}”{due}".replace("  ", " ")


@transaction.atomic
def update_status(
    *,
    actor,
    occurrence: Occurrence,
    status: str,
    percent: int | None,
    report: Report,
    reason: str = "",
    expected_version: int | None = None,
) -> ProgressUpdate:
    """The lead unit's update of one occurrence: status, percent, a dated note, evidence."""
    occurrence = (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("task__appendix__plan", "updated_by")
        .get(pk=occurrence.pk)
    )
    task = occurrence.task
    _ensure_issued(task)
    if expected_version is not None and expected_version != occurrence.version:
        raise ValidationError(conflict_message(occurrence), code="stale")
    reason = (reason or "").strip()
    errors = {}
    if status not in TaskStatus.values:
        errors["status"] = "Trạng thái không hợp lệ."
    elif not can_move(occurrence.status, status):
        errors["status"] = (
            f"Không chuyển được từ “{TaskStatus(occurrence.status).label}” sang “{TaskStatus(status).label}”."
        )
    if status == TaskStatus.NOT_DONE and not reason:
        errors["reason"] = "Chọn “Không thực hiện” thì phải ghi rõ lý do."
    if status == TaskStatus.DONE:
        percent = 100
    elif status == TaskStatus.NOT_STARTED:
        percent = 0
    elif percent is None:
        percent = occurrence.percent
    if not 0 <= percent <= 100:
        errors["percent"] = "Tiến độ phải từ 0 đến 100%."
    elif status == TaskStatus.IN_PROGRESS and percent == 100:
        errors["percent"] = "Tiến độ 100% thì hãy chọn trạng thái “Hoàn thành”."
    if errors:
        raise ValidationError(errors)
    checked = _check_files(report.files)

    # Logged in words: the plan's history shows these values as they are.
    before = {"status": TaskStatus(occurrence.status).label, "percent": occurrence.percent}
    update = ProgressUpdate.objects.create(
        task=task,
        occurrence=occurrence,
        due_on=occurrence.due_on,
        kind=UpdateKind.STATUS,
        unit=actor.unit,
        author=actor,
        status=status,
        percent=percent,
        noted_on=report.noted_on,
        note=report.note.strip(),
        reason=reason if status == TaskStatus.NOT_DONE else "",
    )
    _save_evidence(update, checked)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        status=status,
        percent=percent,
        reason=update.reason,
        version=F("version") + 1,
        updated_at=timezone.now(),
        updated_by=actor,
    )
    record(
        actor=actor,
        action="progress.status",
        summary=f"{actor.unit} cập nhật {_occurrence_summary(occurrence)}: {TaskStatus(status).label}, {percent}%",
        target=update,
        context=task.appendix.plan,
        before=before,
        after={"status": TaskStatus(status).label, "percent": percent},
    )
    return update


@transaction.atomic
def add_contribution(*, actor, occurrence: Occurrence, report: Report) -> ProgressUpdate:
    """A coordinating unit's note and evidence; the lead's status is not theirs to change."""
    occurrence = Occurrence.objects.select_related("task__appendix__plan").get(pk=occurrence.pk)
    task = occurrence.task
    _ensure_issued(task)
    if not report.note.strip() and not report.files:
        raise ValidationError({"note": "Hãy ghi nội dung đóng góp hoặc đính kèm tệp minh chứng."})
    checked = _check_files(report.files)
    update = ProgressUpdate.objects.create(
        task=task,
        occurrence=occurrence,
        due_on=occurrence.due_on,
        kind=UpdateKind.CONTRIBUTION,
        unit=actor.unit,
        author=actor,
        noted_on=report.noted_on,
        note=report.note.strip(),
    )
    _save_evidence(update, checked)
    files = f" ({len(checked)} tệp minh chứng)" if checked else ""
    record(
        actor=actor,
        action="progress.contribution",
        summary=f"{actor.unit} gửi nội dung phối hợp {_occurrence_summary(occurrence)}{files}",
        target=update,
        context=task.appendix.plan,
        after={"note": update.note},
    )
    return update
