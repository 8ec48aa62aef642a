"""The filter bar of a list page, rendered in Python.

Django renders every <option> of every <select> through its own template include; with seven
filters that was a third of the unit task page's time. Same markup, a fraction of the cost."""

from html import escape

from django import forms, template
from django.utils.safestring import mark_safe

register = template.Library()


def _control(bound) -> str:
    widget = bound.field.widget
    name, auto_id = escape(bound.html_name), escape(bound.auto_id)
    value = bound.value()
    if isinstance(widget, forms.Select):
        selected = "" if value in (None, "") else str(value)
        # html.escape, what django.utils.html.escape wraps: a province's plan list runs to a hundred
        # options and more, and the wrapper's cost per call showed in the unit page's time.
        options = "".join(
            f'<option value="{escape(choice)}"{" selected" if choice == selected else ""}>{escape(str(label))}</option>'
            for choice, label in ((str(v) if v is not None else "", lbl) for v, lbl in bound.field.choices)
        )
        return f'<select name="{name}" id="{auto_id}">{options}</select>'
    return f'<input type="text" name="{name}" id="{auto_id}" value="{escape(str(value or ""))}">'


@register.simple_tag
def filter_fields(form):
    return mark_safe(
        "".join(
            f'<div><label for="{escape(bound.auto_id)}">{escape(str(bound.label))}</label>{_control(bound)}</div>'
            for bound in form
        )
    )
