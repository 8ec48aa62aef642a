from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from units.permissions import require

from ..models import AwardType
from ..selectors import award_history


@login_required
def history(request):
    require(request.user, "awards.view_records")
    query = request.GET.get("q", "").strip()
    return render(request, "awards/award_history.html", {"records": award_history(query)[:500], "q": query})


@login_required
def catalogue(request):
    require(request.user, "awards.view_catalogue")
    return render(request, "awards/catalogue.html", {"award_types": AwardType.objects.all()})
