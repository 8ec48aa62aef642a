import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from common.web import button_action

from .matching import search_units
from .models import Unit
from .permissions import allowed, require
from .services import delete_unit


def _day(text: str | None) -> datetime.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text or "", pattern).date()
        except ValueError:
            continue
    return None


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 12 else None


@login_required
def unit_search(request):
    """Search-as-you-type for unit pickers; diacritics, case and abbreviations do not matter.

    Optional: `tree` (the root's id), `issuer` (the plan's issuing unit: its own bodies answer to
    "UBND xã", "Văn phòng HĐND&UBND"…) and `on` (the plan's day, yyyy-mm-dd or dd/mm/yyyy: only
    units active that day). Units come best match first (`units.matching.search_units`)."""
    issuer_id = _number(request.GET.get("issuer"))
    issuer = Unit.objects.filter(pk=issuer_id).first() if issuer_id else None
    units = search_units(
        request.GET.get("q", ""),
        tree_root_id=_number(request.GET.get("tree")),
        issuer=issuer,
        on=_day(request.GET.get("on")),
    )
    return render(request, "units/_unit_options.html", {"units": units, "target": request.GET.get("target")})


# A loaded province brings over a thousand units (its communes and those before the 2025 reform).
UNITS_PER_PAGE = 50


@login_required
def unit_list(request):
    require(request.user, "units.view_units")
    query = request.GET.get("q", "")
    units = Unit.objects.search(query) if query else Unit.objects.all()
    units = units.select_related("parent", "tree_root").prefetch_related("aliases").order_by("tree_root__name", "name")
    page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("trang"))
    return render(
        request,
        "units/unit_list.html",
        {
            "page": page,
            "units": page.object_list,
            "q": query,
            "can_manage": allowed(request.user, "units.manage_units"),
        },
    )


@login_required
@require_POST
def unit_delete(request, pk):
    require(request.user, "units.manage_units")
    unit = get_object_or_404(Unit, pk=pk)
    return button_action(
        request,
        lambda: delete_unit(actor=request.user, unit=unit),
        success=f"Đã xoá đơn vị “{unit.name}”.",
        then="units:list",
    )
