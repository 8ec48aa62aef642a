from html import escape
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines

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


@register.simple_tag(takes_context=True)
def unit_task_rows(context, rows):
    """The rows of the unit's task list (tasks.selectors.task_rows), written here rather than in the
    template. Fifty rows of about twenty-five variables each were most of the page's time: the
    template engine resolves every dotted name by trying a dict key, then an attribute, then an
    index. bench/scale.py holds the page to 0.7 of the admin changelist of the same rows."""
    back = escape(urlencode({ORIGIN_PARAM: context["request"].get_full_path()}))
    return mark_safe("\n".join(_unit_task_row(row, back) for row in rows))


def _unit_task_row(row, back: str) -> str:
    # Every value passes through escape() exactly once, here; `back` came escaped. html.escape is
    # what django.utils.html.escape calls, without the lazy-string wrapper it adds to each call.
    task, current = row.task, row.current
    if task.timing_text:
        timing = escape(normalize_newlines(task.timing_text)).replace("\n", "<br>")  # linebreaksbr
        if task.schedule_note:
            timing += f'<div class="muted timing-summary">{escape(task.schedule_note)}</div>'
    else:
        timing = escape(task.schedule_note)
    due = current.due_on.strftime("%d/%m/%Y") if current and current.due_on else "—"
    if row.occurrence_count > 1:
        due += f'<div class="muted">{row.occurrence_count} kỳ</div>'
    status = ""
    if current:
        status = f'<span class="badge status-{escape(current.status)}">{escape(row.status_label)}</span>'
        if current.status == "in_progress":
            status += f' <span class="muted">{current.percent}%</span>'
    if row.overdue:
        status += ' <span class="badge badge-review">Quá hạn</span>'
    group = f"{escape(task.group.title)} – " if task.group else ""
    roles = "".join(f'<span class="badge">{escape(role)}</span> ' for role in row.roles)
    overdue = ' class="is-overdue"' if row.overdue else ""
    return (
        f'<tr data-task="{task.pk}"{overdue}>'
        f'<td><a href="{escape(row.plan_url)}">{escape(row.plan_reference)}</a>'
        f'<div class="muted">{escape(row.issuer)}</div></td>'
        f"<td>{group}{escape(task.number)}</td>"
        f"<td>{escape(task.content)}</td>"
        f"<td>{roles}</td>"
        f"<td>{timing}</td>"
        f"<td>{due}</td>"
        f'<td class="status-cell">{status}</td>'
        f'<td><a class="button small" href="{escape(row.progress_url)}?{back}">Tiến độ</a></td>'
        "</tr>"
    )


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
