"""Loading a group for a page, and what the user may do there."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from units.models import EmulationGroup
from units.permissions import allowed, require

from ..models import CriteriaTable


def group_for(user, pk, perm="emulation.view_group") -> EmulationGroup:
    group = get_object_or_404(EmulationGroup.objects.select_related("organiser"), pk=pk)
    require(user, perm, group)
    return group


def table_of(group) -> CriteriaTable | None:
    return CriteriaTable.objects.filter(group=group).first()


def perms(user, group, names) -> dict:
    return {name: allowed(user, f"emulation.{name}", group) for name in names}


def at_criterion(name, criterion, **kwargs) -> str:
    """A page's address scrolled to one criterion's row."""
    return reverse(f"emulation:{name}", kwargs=kwargs) + f"#criterion-{criterion.pk}"
