from django import template

from emulation.points import format_points

register = template.Library()


@register.filter
def points(value) -> str:
    """9.50 -> "9,5": points as officers write them."""
    return format_points(value) if value is not None else ""
