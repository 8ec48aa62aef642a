"""Telling units about their tasks the moment a plan is issued, before any reminder is due."""

from collections import Counter, defaultdict

from django.db.models import Count
from django.urls import reverse

from notifications.models import Notification
from notifications.services import build
from units.models import User

from .models import AssignmentRole, TaskAssignment


def announce_plan_issued(plan) -> int:
    """One notice for every active unit officer of each registry unit the plan gives a task: how
    many tasks, in which roles, and a link to them. Call inside the issuing transaction, so the notices
    exist exactly when the issued plan does (plans.signals.plan_issued). Returns how many notices were written."""
    assignments = TaskAssignment.objects.filter(task__appendix__plan=plan, unit__isnull=False)
    by_role = defaultdict(Counter)
    for unit_id, role, count in assignments.values_list("unit_id", "role").annotate(n=Count("task", distinct=True)):
        by_role[unit_id][role] = count
    # A unit both leading and coordinating one task has one task, not two.
    totals = dict(assignments.values_list("unit_id").annotate(n=Count("task", distinct=True)))
    url = f"{reverse('tasks:unit_tasks')}?plan={plan.pk}"
    notices = []
    # Unit officers: the only accounts whose menu has "Nhiệm vụ của đơn vị", where the link goes.
    officers = User.objects.unit_officers().filter(unit_id__in=totals).order_by("pk")
    for user in officers:
        roles = by_role[user.unit_id]
        lines = [f"{label}: {roles[role]} nhiệm vụ" for role, label in AssignmentRole.choices if roles[role]]
        notices.append(
            build(
                user.pk,
                title=f"Kế hoạch {plan.reference} đã ban hành: đơn vị có {totals[user.unit_id]} nhiệm vụ",
                body="\n".join([plan.title, *lines, "Xem và báo cáo tiến độ tại mục “Nhiệm vụ của đơn vị”."]),
                url=url,
            )
        )
    Notification.objects.bulk_create(notices)
    return len(notices)


def issue_audience(plan) -> tuple[int, int]:
    """Who issuing `plan` would tell: (registry units with a task, their active unit officers)."""
    units = TaskAssignment.objects.filter(task__appendix__plan=plan, unit__isnull=False).values("unit_id")
    return units.distinct().count(), User.objects.unit_officers().filter(unit_id__in=units).count()


def on_plan_issued(sender, plan, **kwargs) -> None:
    """plans.signals.plan_issued receiver (connected in TasksConfig.ready)."""
    announce_plan_issued(plan)
