from django.db.models import Count, Q

from units.models import Unit, UnitKind
from units.rules import is_admin, is_plan_editor

from .models import Plan


def visible_plans(user):
    """Plans a user may open: editors see their province's drafts too; everyone else issued plans."""
    plans = Plan.objects.select_related("issuing_unit").annotate(task_count=Count("appendices__tasks"))
    if is_admin(user) or (is_plan_editor(user) and user.unit_id is None):
        return plans
    if is_plan_editor(user):
        return plans.filter(Q(issuing_unit__tree_root_id=user.unit.tree_root_id) | Q(status="issued"))
    return plans.filter(status="issued")


def issuing_units_for(user):
    """Bodies an editor may write plans for: the people's committees and councils of their tree."""
    issuers = Unit.objects.filter(kind__in=[UnitKind.PEOPLES_COMMITTEE, UnitKind.COUNCIL])
    if user.unit_id and not is_admin(user):
        issuers = issuers.filter(tree_root_id=user.unit.tree_root_id)
    return issuers
