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
from units.permissions import allowed
from workflows import StatusField, Transition, Workflow

from .models import (
    UNDECIDED,
    Evidence,
    Occurrence,
    ProgressUpdate,
    Task,
    TaskStatus,
    UpdateKind,
)
from .signals import progress_reported

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


# The status workflow ------------------------------------------------------------------------
# A status may always be kept with a new percent or note: every state is a source of the
# transition to itself. A unit may find that work reported done is not, or take up a task it had
# declined: both go back to in progress.


def leads_the_task(user, occurrence: Occurrence) -> bool:
    """`tasks.update_status` on the occurrence's task: the user's unit leads it, its plan is issued."""
    return allowed(user, "tasks.update_status", occurrence.task)


def plan_is_issued(occurrence: Occurrence, change) -> None:
    """Progress is reported on an issued plan only, not on one reopened for editing."""
    _ensure_issued(occurrence.task)


def copy_is_current(occurrence: Occurrence, change) -> None:
    """The update was typed on the occurrence's latest version; otherwise someone saved first (code "stale")."""
    expected = change.params.get("expected_version")
    if expected is not None and expected != occurrence.version:
        raise ValidationError(conflict_message(occurrence), code="stale")


def _percent(occurrence: Occurrence, status: str, percent: int | None) -> int:
    if status == TaskStatus.DONE:
        return 100
    if status == TaskStatus.NOT_STARTED:
        return 0
    return occurrence.percent if percent is None else percent


def percent_fits_status(occurrence: Occurrence, change) -> None:
    """The percent is 0 to 100, and 100% is reported as “Hoàn thành”, not “Đang thực hiện”."""
    status = change.transition.target
    percent = _percent(occurrence, status, change.params.get("percent"))
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": "Tiến độ phải từ 0 đến 100%."})
    if status == TaskStatus.IN_PROGRESS and percent == 100:
        raise ValidationError({"percent": "Tiến độ 100% thì hãy chọn trạng thái “Hoàn thành”."})


class OccurrenceStatus(StatusField):
    """The occurrence's `status` with its percent, reason, version and who updated it, in one UPDATE."""

    def write(self, occurrence: Occurrence, target: str, change) -> None:
        # A query, not a save: the locked copy keeps the values from before, which the log reports.
        Occurrence.objects.filter(pk=occurrence.pk).update(
            status=target,
            percent=_percent(occurrence, target, change.params.get("percent")),
            reason=change.reason if target == TaskStatus.NOT_DONE else "",
            version=F("version") + 1,
            updated_at=timezone.now(),
            updated_by=change.user,
            # Reopened, or a new status: the next sweep decides it again (tasks/reminders.py).
            decided_on=None,
            next_reminder_on=UNDECIDED,
        )


def write_progress_update(occurrence: Occurrence, change) -> dict:
    """The update's row with its note and evidence files. The files are checked first: one bad
    file refuses the whole update, and the status goes back with it."""
    report, status = change.params["report"], change.transition.target
    checked = _check_files(report.files)
    update = ProgressUpdate.objects.create(
        task=occurrence.task,
        occurrence=occurrence,
        due_on=occurrence.due_on,
        kind=UpdateKind.STATUS,
        unit=change.user.unit,
        author=change.user,
        status=status,
        percent=_percent(occurrence, status, change.params.get("percent")),
        noted_on=report.noted_on,
        note=report.note.strip(),
        reason=change.reason if status == TaskStatus.NOT_DONE else "",
    )
    _save_evidence(update, checked)
    progress_reported.send(sender=ProgressUpdate, update=update)
    return {"update": update}


def progress_log(change) -> dict:
    """Logged in words on the plan's history, which shows these values as they are."""
    occurrence, update = change.obj, change.facts["update"]
    label = TaskStatus(update.status).label
    return {
        "action": "progress.status",
        "summary": f"{update.unit} cập nhật {_occurrence_summary(occurrence)}: {label}, {update.percent}%",
        "target": update,
        "context": occurrence.task.appendix.plan,
        "before": {"status": TaskStatus(change.source).label, "percent": occurrence.percent},
        "after": {"status": label, "percent": update.percent},
    }


def _locked_occurrence(occurrence: Occurrence) -> Occurrence:
    return (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("task__appendix__plan", "updated_by")
        .get(pk=occurrence.pk)
    )


_REPORT = {
    "permission": leads_the_task,
    "guards": (percent_fits_status,),
    "effects": (write_progress_update,),
}
S = TaskStatus

# Each transition is named after the status it reports, which is what the status form posts.
STATUS_WORKFLOW = Workflow(
    name="progress",
    title="Tiến độ nhiệm vụ (từng kỳ thực hiện)",
    noun="nhiệm vụ",
    model=Occurrence,
    states=TaskStatus,
    initial=S.NOT_STARTED,
    state=OccurrenceStatus(),
    lock=_locked_occurrence,
    preconditions=(plan_is_issued, copy_is_current),
    log=progress_log,
    reason_message="Chọn “Không thực hiện” thì phải ghi rõ lý do.",
    wrong_state="Không chuyển được từ “{state}” sang “{target}”.",
    unknown="Trạng thái không hợp lệ.",
    error_field="status",
    transitions=[
        Transition(
            name=S.NOT_STARTED,
            sources=(S.NOT_STARTED,),
            target=S.NOT_STARTED,
            label="Ghi nhận chưa thực hiện",
            **_REPORT,
        ),
        Transition(
            name=S.IN_PROGRESS,
            sources=(S.NOT_STARTED, S.IN_PROGRESS, S.DONE, S.NOT_DONE),
            target=S.IN_PROGRESS,
            label="Báo cáo đang thực hiện",
            **_REPORT,
        ),
        Transition(
            name=S.DONE,
            sources=(S.NOT_STARTED, S.IN_PROGRESS, S.DONE),
            target=S.DONE,
            label="Báo cáo hoàn thành",
            **_REPORT,
        ),
        Transition(
            name=S.NOT_DONE,
            sources=(S.NOT_STARTED, S.IN_PROGRESS, S.NOT_DONE),
            target=S.NOT_DONE,
            label="Báo cáo không thực hiện",
            needs_reason=True,
            **_REPORT,
        ),
    ],
)


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
    change = STATUS_WORKFLOW.apply(
        occurrence, status, actor, reason=reason, percent=percent, report=report, expected_version=expected_version
    )
    return change.facts["update"]


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
    progress_reported.send(sender=ProgressUpdate, update=update)
    return update
