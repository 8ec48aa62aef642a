"""The covenant and the ranking as official documents, through the one document module."""

import datetime

from django.utils import timezone

from documents.parts import date_text, partial_date_text
from documents.rendering import render_html, render_pdf
from units.models import EmulationGroup, EmulationGroupKind

from .models import CriteriaTable
from .selectors import ranking

COVENANT_TEMPLATE = "emulation/documents/covenant.html"
RANKING_TEMPLATE = "emulation/documents/ranking.html"


def _place(group: EmulationGroup, preferred: str = "") -> str:
    if preferred:
        return preferred
    place = group.organiser.committee_place
    return place[1] if place else ""


def _organiser_line(group: EmulationGroup) -> str:
    """ "UBND TỈNH BẮC NINH": the short form official headers use for a people's committee."""
    place = group.organiser.committee_place
    if place:
        return f"UBND {place[0]} {place[1]}".upper()
    return group.organiser.display_short.upper()


def _group_header(group: EmulationGroup, place: str, date: datetime.date | None) -> dict:
    words = date_text(date) if date else partial_date_text(None, group.year)
    return {
        "parent_body": _organiser_line(group),
        "issuing_body": group.name.upper(),
        "place_date_line": f"{place}, {words}" if place else words[0].upper() + words[1:],
    }


def _leader_title(group: EmulationGroup) -> str:
    return "CỤM TRƯỞNG" if group.kind == EmulationGroupKind.CLUSTER else "KHỐI TRƯỞNG"


def covenant_context(group: EmulationGroup) -> dict:
    covenant = group.covenant
    signatures = {s.unit_id: s for s in covenant.signatures.all()}
    signers = [
        {"unit": m.unit, "role": m.get_role_display(), "signature": signatures.get(m.unit_id)}
        for m in group.memberships.select_related("unit").order_by("unit__name")
    ]
    return {
        "document_title": covenant.title,
        "group": group,
        "covenant": covenant,
        "group_header": _group_header(group, _place(group, covenant.place), covenant.signed_on),
        "signers": signers,
    }


def ranking_context(table: CriteriaTable) -> dict:
    group = table.group
    date = timezone.localdate(table.published_at) if table.published_at else None
    leader = group.memberships.filter(role="truong").select_related("unit").first()
    return {
        "document_title": f"Kết quả chấm điểm, xếp hạng thi đua năm {group.year} – {group.name}",
        "group": group,
        "table": table,
        "rows": ranking(table),
        "group_header": _group_header(group, _place(group), date),
        "leader_title": _leader_title(group),
        "leader_unit": leader.unit.name.upper() if leader else "",
    }


def covenant_html(group, *, request=None, preview=False) -> str:
    return render_html(COVENANT_TEMPLATE, covenant_context(group), request=request, preview=preview)


def covenant_pdf(group) -> bytes:
    return render_pdf(COVENANT_TEMPLATE, covenant_context(group))


def ranking_html(table, *, request=None, preview=False) -> str:
    return render_html(RANKING_TEMPLATE, ranking_context(table), request=request, preview=preview)


def ranking_pdf(table) -> bytes:
    return render_pdf(RANKING_TEMPLATE, ranking_context(table))
