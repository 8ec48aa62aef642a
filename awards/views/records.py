from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.web import button_action, download, form_page
from units.models import Unit
from units.permissions import allowed, require

from .. import statistics
from ..forms import PersonMatchForm, RevocationForm
from ..models import AwardRecord, AwardType
from ..selectors import award_history, person_history, possible_duplicates, unit_history
from ..services.records import confirm_person_match, revoke_award


@login_required
def history(request):
    require(request.user, "awards.view_records")
    query = request.GET.get("q", "").strip()
    records = award_history(query, by_citizen_id=request.user.has_perm("awards.view_duplicates"))
    return render(request, "awards/award_history.html", {"records": records[:500], "q": query})


@login_required
def unit_records(request, unit_id):
    """A unit's awards with those of the units merged into it."""
    require(request.user, "awards.view_records")
    unit = get_object_or_404(Unit, pk=unit_id)
    records = list(unit_history(unit)[:500])
    merged = sorted({r.unit for r in records if r.unit_id != unit.pk}, key=str)
    return render(request, "awards/unit_history.html", {"unit": unit, "records": records, "merged": merged})


def _award(pk):
    return get_object_or_404(AwardRecord.objects.select_related("award_type", "unit", "decided_by", "decision"), pk=pk)


@login_required
def person_records(request, pk):
    """One person's awards, found by citizen ID or by name, birth year and unit."""
    require(request.user, "awards.view_records")
    award = _award(pk)
    records = person_history(award)
    can_confirm = allowed(request.user, "awards.confirm_person", award)
    return render(
        request,
        "awards/person_history.html",
        {"award": award, "records": records, "can_confirm": can_confirm},
    )


@login_required
def duplicates(request):
    """Rows that may be one person (same name and birth year, a different or missing ID)."""
    require(request.user, "awards.view_duplicates")
    user = request.user
    scope = None if user.unit_id is None or allowed(user, "units.manage_units") else user.unit.tree_root_id
    pairs = [
        pair
        for pair in possible_duplicates(scope)
        if allowed(user, "awards.confirm_person", pair["first"])
        and allowed(user, "awards.confirm_person", pair["second"])
    ]
    return render(request, "awards/duplicates.html", {"pairs": pairs})


@login_required
@require_POST
def person_confirm(request, pk):
    award = _award(pk)
    require(request.user, "awards.confirm_person", award)
    form = PersonMatchForm(request.POST)

    def save(data):
        other = get_object_or_404(AwardRecord.objects.select_related("unit", "decided_by"), pk=data["other"])
        require(request.user, "awards.confirm_person", other)
        return confirm_person_match(actor=request.user, first=award, second=other, same=data["same"])

    return button_action(
        request,
        save,
        form=form,
        success=lambda m: "Đã ghi nhận: cùng một người." if m.same else "Đã ghi nhận: hai người khác nhau.",
        then=reverse("awards:duplicates"),
    )


@login_required
def revoke(request, pk):
    award = _award(pk)
    require(request.user, "awards.revoke_award", award)
    initial = {}
    prize = getattr(award.nominee, "prize", None) if award.nominee_id else None
    if prize is not None:
        initial["amount_to_recover"] = prize.amount
    form = RevocationForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        save=lambda data: revoke_award(actor=request.user, award=award, data=data),
        success=f"Đã ghi nhận việc thu hồi “{award.award_type.name}” của {award.display_name}.",
        then=reverse("awards:person", args=[award.pk]),
        template="awards/revoke.html",
        context={"award": award, "prize": prize},
    )


def _statistics_unit(unit_id, whole_province):
    unit = get_object_or_404(Unit, pk=unit_id)
    if whole_province and unit.tree_root_id and unit.tree_root_id != unit.pk:
        unit = unit.tree_root
    return unit


@login_required
def statistics_page(request, unit_id, year, whole_province=False):
    unit = _statistics_unit(unit_id, whole_province)
    require(request.user, "awards.view_statistics", unit)
    stats = statistics.yearly_statistics(unit, year, whole_province=whole_province)
    name = "awards:province_statistics" if whole_province else "awards:statistics"
    return render(
        request,
        "awards/statistics.html",
        {
            "stats": stats,
            "chart": statistics.award_chart(stats),
            "kind_chart": statistics.chart(stats.by_kind),
            "sector_chart": statistics.chart(stats.by_sector),
            "previous": reverse(name, args=[unit.pk, year - 1]),
            "next": reverse(name, args=[unit.pk, year + 1]),
            "xlsx": reverse(f"{name}_xlsx", args=[unit.pk, year]),
            "province": unit.tree_root or unit,
            "can_see_province": not whole_province
            and allowed(request.user, "awards.view_statistics", unit.tree_root or unit),
        },
    )


@login_required
def statistics_xlsx(request, unit_id, year, whole_province=False):
    unit = _statistics_unit(unit_id, whole_province)
    require(request.user, "awards.view_statistics", unit)
    stats = statistics.yearly_statistics(unit, year, whole_province=whole_province)
    scope = "toan-tinh" if whole_province else "don-vi"
    return download(statistics.statistics_workbook(stats), f"thong-ke-khen-thuong-{year}-{scope}-{unit.pk}.xlsx")


@login_required
def catalogue(request):
    require(request.user, "awards.view_catalogue")
    return render(request, "awards/catalogue.html", {"award_types": AwardType.objects.all()})
