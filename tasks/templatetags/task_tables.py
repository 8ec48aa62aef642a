from django import template

from tasks.selectors import appendix_tables

register = template.Library()

FORM_FIELD_BY_COLUMN = {"number": "number", "content": "content", "timing": "timing_text", "note": "note"}


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
