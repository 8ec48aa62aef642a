"""Who is who. Predicates shared by views, templates ({% has_perm %}) and tests."""

import rules

from .models import Role


@rules.predicate
def is_admin(user):
    return user.is_superuser or getattr(user, "role", None) == Role.ADMIN


@rules.predicate
def is_plan_editor(user):
    return getattr(user, "role", None) == Role.PLAN_EDITOR


@rules.predicate
def is_unit_officer(user):
    return getattr(user, "role", None) == Role.UNIT_OFFICER and user.unit_id is not None


def same_level(user, unit) -> bool:
    """A plan editor works on the plans of their own administration: Sở Nội vụ on the province's,
    a Phòng Nội vụ on its district's or commune's. An editor with no unit works on all."""
    if user.unit_id is None:
        return True
    return user.unit.local_government_id == unit.local_government_id


@rules.predicate
def adds_under_own_administration(user, parent):
    """A plan editor adds units, from an import's unmatched names, only under their own
    administration's units (a commune's Phòng Nội vụ under the commune's UBND)."""
    return parent is not None and is_plan_editor(user) and same_level(user, parent)


rules.add_perm("units.manage_units", is_admin)
rules.add_perm("units.add_unit", is_admin | adds_under_own_administration)
rules.add_perm("units.view_units", rules.is_authenticated)
