from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from common.web import download
from units.models import Unit
from units.permissions import require

from ..services import prizes


@login_required
def prize_report(request, unit_id, year):
    """The awards a deciding unit gave in a year and the money they carry, as a workbook."""
    unit = get_object_or_404(Unit, pk=unit_id)
    require(request.user, "awards.view_prize_report", unit)
    return download(prizes.yearly_report(unit, year), f"khen-thuong-tien-thuong-{year}-{unit.pk}.xlsx")
