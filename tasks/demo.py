"""A few progress reports for the demo, so the dashboard and the unit lists are not empty.

Written through the same service as officers use; loading twice adds nothing."""

from datetime import date

from units.models import Role, User

from .models import LEAD_ROLES, Occurrence, ProgressUpdate, TaskStatus
from .progress import Report, update_status

# (status, percent, note, reason) for the first occurrences each demo officer's unit leads.
REPORTS = [
    (TaskStatus.DONE, None, "Đã hoàn thành, báo cáo kết quả gửi Ban Thi đua - Khen thưởng.", ""),
    (TaskStatus.IN_PROGRESS, 60, "Đang tổng hợp số liệu từ các đơn vị trực thuộc.", ""),
    (TaskStatus.IN_PROGRESS, 20, "Đã ban hành văn bản hướng dẫn, đang triển khai.", ""),
    (TaskStatus.NOT_DONE, 0, "", "Trung ương điều chỉnh lịch, nội dung chuyển sang năm sau."),
]


def load_demo_progress() -> int:
    if ProgressUpdate.objects.exists():
        return 0
    count = 0
    for officer in User.objects.filter(role=Role.UNIT_OFFICER, unit__isnull=False).order_by("username"):
        occurrences = (
            Occurrence.objects.in_issued_plans()
            .filter(task__assignments__unit=officer.unit, task__assignments__role__in=LEAD_ROLES)
            .select_related("task")
            .distinct()
            .order_by("due_on", "task__appendix__plan_id", "task__position", "task_id")
        )
        for occurrence, (status, percent, note, reason) in zip(occurrences, REPORTS, strict=False):
            noted_on = min(occurrence.due_on or date(2025, 12, 1), date(2025, 12, 1))
            update_status(
                actor=officer,
                occurrence=occurrence,
                status=status,
                percent=percent,
                reason=reason,
                report=Report(noted_on=noted_on, note=note),
            )
            count += 1
    return count
