from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render

from units.models import EmulationGroup, EmulationGroupMembership, Unit
from units.permissions import allowed

from ..forms import SignatureForm
from ..models import Covenant
from ..rules import remember_roles
from .access import group_for, perms, table_of


@login_required
def group_list(request):
    """Every Cụm/Khối with its members; a link into the ones the user may open."""
    groups = (
        EmulationGroup.objects.select_related("organiser")
        .prefetch_related(
            Prefetch("memberships", EmulationGroupMembership.objects.leader_first().select_related("unit"))
        )
        .order_by("-year", "kind", "name")
    )
    year = request.GET.get("year")
    if year and year.isdigit():
        groups = groups.filter(year=int(year))
    groups = list(groups)
    remember_roles(request.user, groups)
    for group in groups:
        group.can_open = allowed(request.user, "emulation.view_group", group)
    return render(request, "emulation/group_list.html", {"groups": groups})


@login_required
def overview(request, pk):
    group = group_for(request.user, pk)
    covenant = Covenant.objects.filter(group=group).prefetch_related("signatures__unit").first()
    signed = {s.unit_id for s in covenant.signatures.all()} if covenant else set()
    members = list(group.memberships.leader_first().select_related("unit"))
    sign_form = None
    if covenant and allowed(request.user, "emulation.edit_covenant", group):
        unsigned = Unit.objects.filter(pk__in=[m.unit_id for m in members]).exclude(pk__in=signed)
        sign_form = SignatureForm(units=unsigned) if unsigned.exists() else None
    return render(
        request,
        "emulation/overview.html",
        {
            "group": group,
            "covenant": covenant,
            "members": members,
            "signed": signed,
            "sign_form": sign_form,
            "table": table_of(group),
            "is_member": request.user.unit_id in {m.unit_id for m in members},
            **perms(
                request.user, group, ["edit_covenant", "edit_criteria", "score_own", "review_scores", "view_ranking"]
            ),
        },
    )
