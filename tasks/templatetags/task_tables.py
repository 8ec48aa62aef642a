from urllib.parse import urlencode

from django import template
from django.urls import reverse

from common.web import ORIGIN_PARAM
from tasks.notices import issue_audience
from tasks.selectors import appendix_tables
from tasks.services import RESTORE_KEY, deleted_tasks
from units.permissions import allowed

register = template.Library()

FORM_FIELD_BY_COLUMN = {"number": "number", "content": "content", "timing": "timing_text", "note": "note"}


@register.filter
def from_here(url, request):
    """`url` carrying this page (path, filters, page number) as where it was opened from, so the
    page it opens can offer "←" back to exactly this list (common.web.origin)."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({ORIGIN_PARAM: request.get_full_path()})}"


@register.filter
def assignments_for(task, role):
    return task.assignments_for(role)


@register.filter
def field_for_column(form, key):
    """The TaskForm field that edits a table column ("leads" -> unit_leads)."""
    return form[FORM_FIELD_BY_COLUMN.get(key, f"unit_{key}")]


@register.simple_tag
def plan_appendix_tables(plan, review_only=""):
    """The plan page's appendix tables. The plan page belongs to plans, which sit below tasks and
    so cannot ask tasks for them; the template does, through this tag. `review_only` (the page's
    "?can_kiem_tra=1"): only tasks whose timing was not understood."""
    return appendix_tables(plan, review_only=bool(review_only))


@register.filter
def review_count(tables) -> int:
    """How many tasks of the tables have timing flagged "Cần kiểm tra"."""
    return sum(1 for table in tables for kind, row, _ in table.rows if kind == "task" and row.needs_review)


@register.simple_tag
def plan_issue_question(plan) -> str:
    """The confirmation before issuing: what issuing will do, with the number of units told."""
    units, officers = issue_audience(plan)
    told = (
        f"{units} đơn vị có nhiệm vụ sẽ nhận thông báo ({officers} cán bộ đơn vị)"
        if units
        else "không đơn vị nào nhận thông báo (chưa nhiệm vụ nào gắn với đơn vị trong danh mục)"
    )
    return f"Ban hành kế hoạch {plan.reference.strip()}? Mọi người dùng sẽ xem được kế hoạch; {told}."


@register.simple_tag
def restorable_tasks(plan, user) -> dict:
    """For the plan's history: {log row id: restore URL} of tasks deleted and not yet restored,
    when the user may still edit the plan (a draft of their administration)."""
    if not allowed(user, "plans.change_plan", plan):
        return {}
    return {
        entry.pk: reverse("tasks:task_restore", args=[entry.before[RESTORE_KEY]["appendix"], entry.pk])
        for entry in deleted_tasks(plan)
    }


@register.filter
def restore_url(restorable: dict, entry) -> str:
    return restorable.get(entry.pk, "")
