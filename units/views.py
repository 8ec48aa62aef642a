from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .models import Unit
from .permissions import allowed, require
from .services import delete_unit


@login_required
def unit_search(request):
    """Search-as-you-type for unit pickers; diacritics and case do not matter."""
    units = Unit.objects.search(request.GET.get("q", "")).select_related("parent")
    tree = request.GET.get("tree")
    if tree and tree.isdigit():
        units = units.in_tree(int(tree))
    return render(request, "units/_unit_options.html", {"units": units[:15], "target": request.GET.get("target")})


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
    try:
        delete_unit(actor=request.user, unit=unit)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Đã xoá đơn vị “{unit.name}”.")
    return redirect("units:list")
