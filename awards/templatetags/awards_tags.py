from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def statistics_link(user):
    """This year's statistics of a plan editor's own administration (its UBND decides); nothing for
    others. Reads no more than the user's unit, which the page has usually read already."""
    from django.urls import reverse
    from django.utils import timezone

    from units.rules import is_plan_editor

    if not (is_plan_editor(user) and user.unit_id and user.unit.local_government_id):
        return ""
    return reverse("awards:statistics", args=[user.unit.local_government_id, timezone.localdate().year])
