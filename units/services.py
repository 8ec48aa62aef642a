from axes.utils import reset as reset_login_failures
from django.core.exceptions import ValidationError
from django.db import transaction

from activity.services import record
from activity.snapshot import snapshot

from .models import Unit


@transaction.atomic
def delete_unit(*, actor, unit: Unit) -> None:
    """Remove a unit from the registry, unless plans, tasks, accounts or other units still point to it."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    uses = [
        (unit.task_assignments.count(), "nhiệm vụ"),
        (unit.plans.count(), "kế hoạch"),
        (unit.children.count(), "đơn vị trực thuộc"),
        (unit.users.count(), "tài khoản"),
        (unit.group_memberships.count(), "cụm, khối thi đua"),
        (unit.progress_reports.count(), "báo cáo tiến độ"),
    ]
    in_use = [f"{count} {what}" for count, what in uses if count]
    if in_use:
        raise ValidationError(
            f"Không xoá được “{unit.name}” vì đơn vị đang gắn với {', '.join(in_use)}. "
            "Nếu đơn vị đã sáp nhập hoặc đổi tên, hãy ghi ngày thôi hoạt động và đơn vị kế thừa thay vì xoá."
        )
    record(
        actor=actor,
        action="unit.delete",
        summary=f"Xoá đơn vị “{unit.name}”",
        target=unit,
        before=snapshot(unit, ["name", "short_name", "kind", "level", "parent"]),
    )
    unit.delete()


@transaction.atomic
def unlock_logins(*, actor, users) -> int:
    """Let accounts locked out by failed logins (django-axes) log in again at once, from every address.

    Returns how many of the accounts had failures counted; each of those gets one activity row."""
    unlocked = 0
    for user in users:
        if reset_login_failures(username=user.get_username()):
            unlocked += 1
            record(
                actor=actor,
                action="user.login_unlock",
                summary=f"Mở khoá đăng nhập cho tài khoản {user.get_username()}",
                target=user,
            )
    return unlocked
