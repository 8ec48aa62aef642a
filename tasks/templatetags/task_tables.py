from django import template

register = template.Library()

FORM_FIELD_BY_COLUMN = {"number": "number", "content": "content", "timing": "timing_text", "note": "note"}


@register.filter
def assignments_for(task, role):
    return task.assignments_for(role)


@register.filter
def field_for_column(form, key):
    """The TaskForm field that edits a table column ("leads" -> unit_leads)."""
    return form[FORM_FIELD_BY_COLUMN.get(key, f"unit_{key}")]
