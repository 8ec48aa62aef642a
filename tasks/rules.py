import rules

from plans.rules import manages_plan, plan_is_issued
from units.rules import is_unit_officer

from .models import LEAD_ROLES


# With no task (obj=None, as the admin asks) every predicate that needs one answers False.
@rules.predicate
def unit_has_role(user, task):
    return task is not None and any(a.unit_id == user.unit_id for a in task.assignments.all())


@rules.predicate
def unit_leads_task(user, task):
    """The user's unit leads (chủ trì) or carries out (thực hiện) the task: it owns the status."""
    return task is not None and any(a.unit_id == user.unit_id and a.role in LEAD_ROLES for a in task.assignments.all())


@rules.predicate
def task_plan_managed(user, task):
    return task is not None and manages_plan(user, task.appendix.plan)


@rules.predicate
def task_plan_issued(user, task):
    return task is not None and plan_is_issued(user, task.appendix.plan)


rules.add_perm("tasks.view_task", task_plan_managed | (is_unit_officer & task_plan_issued & unit_has_role))
rules.add_perm("tasks.view_unit_tasks", is_unit_officer)
rules.add_perm("tasks.update_status", is_unit_officer & task_plan_issued & unit_leads_task)
rules.add_perm("tasks.add_contribution", is_unit_officer & task_plan_issued & unit_has_role & ~unit_leads_task)
# `obj` is the plan.
rules.add_perm("tasks.view_dashboard", manages_plan)
# "Nhắc đơn vị" on the dashboard: the editors who follow the plan, once units have their tasks.
rules.add_perm("tasks.remind_units", manages_plan & plan_is_issued)
