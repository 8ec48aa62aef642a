from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.web import button_action, flash_errors, flash_form_errors
from units.models import EmulationGroup, EmulationGroupMembership, Unit
from units.permissions import allowed

from .. import copying, services
from ..forms import CopyGroupForm, MemberReviewForm, SignatureForm
from ..models import Covenant, MembershipReview
from ..rules import remember_roles
from ..selectors import unscored_members
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
    can_review = allowed(request.user, "emulation.review_members", group)
    reviews = list(MembershipReview.objects.filter(group=group).select_related("previous_unit").order_by("id"))
    by_membership = {r.membership_id: r for r in reviews if r.membership_id}
    for member in members:
        member.copy_review = by_membership.get(member.pk)
    table = table_of(group)
    can_remind = table is not None and allowed(request.user, "emulation.remind_members", group)
    return render(
        request,
        "emulation/overview.html",
        {
            "left_out": [r for r in reviews if r.membership_id is None],
            "open_reviews": sum(1 for r in reviews if r.is_open) if can_review else 0,
            "can_review": can_review,
            "copy_form": CopyGroupForm(initial={"year": group.year + 1})
            if allowed(request.user, "emulation.copy_group", group)
            else None,
            "group": group,
            "covenant": covenant,
            "members": members,
            "signed": signed,
            "sign_form": sign_form,
            "table": table,
            "can_remind": can_remind,
            "unscored": unscored_members(table) if can_remind else [],
            "reminded_today": services.reminded_today(table) if can_remind else set(),
            "is_member": request.user.unit_id in {m.unit_id for m in members},
            **perms(
                request.user, group, ["edit_covenant", "edit_criteria", "score_own", "review_scores", "view_ranking"]
            ),
        },
    )


@login_required
@require_POST
def group_copy(request, pk):
    """Next year's list of the group, from this year's, with every member marked for review. On
    success the user lands on the new year's group (so not through button_action)."""
    group = group_for(request.user, pk, "emulation.copy_group")
    form = CopyGroupForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("emulation:overview", pk=group.pk)
    try:
        copy = copying.copy_group_to_year(actor=request.user, group=group, year=form.cleaned_data["year"])
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("emulation:overview", pk=group.pk)
    noun = copy.get_kind_display().lower()
    messages.success(request, f"Đã tạo danh sách {noun} năm {copy.year}. Hãy rà soát từng thành viên.")
    return redirect("emulation:overview", pk=copy.pk)


@login_required
@require_POST
def member_review(request, pk):
    """ "Đã rà soát": one of last year's members in this year's list, or all of them."""
    group = group_for(request.user, pk, "emulation.review_members")
    return button_action(
        request,
        lambda data: copying.clear_membership_reviews(
            actor=request.user,
            group=group,
            review_ids=None if data["all"] else [data["review"]] if data["review"] else [],
        ),
        success=lambda count: f"Đã đánh dấu {count} thành viên là đã rà soát.",
        then=reverse("emulation:overview", args=[group.pk]),
        form=MemberReviewForm(request.POST),
    )
