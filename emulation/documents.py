"""The covenant and the ranking as official documents, through the one document module: one
context each (documents.parts), drawn as HTML/PDF (documents.rendering) and as .docx
(documents.word) from the same parts."""

import datetime

from django.utils import timezone

from documents.parts import Column, DocumentHeader, Paragraph, Recipients, Row, Signer, TablePart, signer_rows
from documents.rendering import render_html, render_pdf
from documents.word import docx_from_context
from units.models import EmulationGroup, EmulationGroupKind, MembershipRole

from .models import CriteriaTable
from .points import format_points as points
from .selectors import ranking

COVENANT_TEMPLATE = "emulation/documents/covenant.html"
RANKING_TEMPLATE = "emulation/documents/ranking.html"
# Where a member has not signed yet: said in words, never a blank block that looks forgotten.
UNSIGNED = "(Chưa ký giao ước)"
# Room to write the signer's name by hand when the portal does not know it.
NAME_TO_WRITE = "…………………………………"


def _place(group: EmulationGroup, preferred: str = "") -> str:
    if preferred:
        return preferred
    place = group.organiser.committee_place
    return place[1] if place else ""


def _organiser_name(group: EmulationGroup) -> str:
    """ "UBND tỉnh Bắc Ninh": the short form official papers use for a people's committee."""
    place = group.organiser.committee_place
    if place:
        return f"UBND {place[0]} {place[1]}"
    return group.organiser.display_short


def _group_header(
    group: EmulationGroup, place: str, date: datetime.date | None, heading: str, *, draft: bool = False
) -> DocumentHeader:
    """A Cụm/Khối's papers carry no register number: the group under its organiser on the left."""
    return DocumentHeader(
        parent_body=_organiser_name(group),
        issuing_body=group.name,
        symbol="",
        place=place,
        date=date,
        year=group.year,
        numbered=False,
        draft=draft,
        heading=heading,
    )


def _leader_title(group: EmulationGroup) -> str:
    return "CỤM TRƯỞNG" if group.kind == EmulationGroupKind.CLUSTER else "KHỐI TRƯỞNG"


def _member_signer(unit, signature) -> Signer:
    if signature is None:
        return Signer(authority=f"ĐẠI DIỆN {unit.name}", note=UNSIGNED)
    return Signer(authority=f"ĐẠI DIỆN {unit.name}", position=signature.signer_position, name=signature.signer_name)


def covenant_context(group: EmulationGroup) -> dict:
    covenant = group.covenant
    signatures = {s.unit_id: s for s in covenant.signatures.all()}
    signers = [
        _member_signer(m.unit, signatures.get(m.unit_id))
        for m in group.memberships.select_related("unit").order_by("unit__name")
    ]
    heading = f"GIAO ƯỚC THI ĐUA NĂM {group.year}"
    signed = f" ngày {covenant.signed_on:%d/%m/%Y}" if covenant.signed_on else ""
    return {
        "document_title": covenant.title,
        "group": group,
        "covenant": covenant,
        "header": _group_header(group, _place(group, covenant.place), covenant.signed_on, heading),
        "subject": group.name,
        "blocks": [
            *(Paragraph(text, "text") for text in covenant.content_paragraphs),
            *([Paragraph("Các chỉ tiêu thi đua", "heading")] if covenant.target_lines else []),
            *(Paragraph(f"- {target}", "text") for target in covenant.target_lines),
            Paragraph(
                f"Giao ước này được các đơn vị thành viên thống nhất ký kết{signed}; các đơn vị có trách "
                "nhiệm tổ chức thực hiện và là căn cứ chấm điểm, xếp hạng thi đua cuối năm.",
                "text",
            ),
        ],
        "signer_rows": signer_rows(signers),
    }


def _ranking_signer(group: EmulationGroup) -> Signer:
    """The leader signs for the group: its head as recorded on the covenant, else a line to write
    the name on."""
    leader = group.memberships.filter(role=MembershipRole.LEADER).select_related("unit").first()
    signature = None
    if leader and hasattr(group, "covenant"):
        signature = group.covenant.signatures.filter(unit=leader.unit).first()
    parts = (signature.signer_position if signature else "", leader.unit.name if leader else "")
    post = " ".join(p for p in parts if p)
    return Signer(
        authority=f"TM. {group.name}",
        position="\n".join(p for p in (_leader_title(group), post) if p),
        name=signature.signer_name if signature else "",
        note="" if signature else NAME_TO_WRITE,
    )


RANKING_COLUMNS = [
    Column("rank", "Xếp hạng", "9"),
    Column("unit", "Đơn vị", "43"),
    Column("base", "Điểm tiêu chí", "12", align="num"),
    Column("bonus", "Điểm thưởng", "12", align="num"),
    Column("penalty", "Điểm trừ", "12", align="num"),
    Column("total", "Tổng điểm", "12", align="num", bold=True),
]


def _ranking_blocks(group, table, rows) -> list:
    """The ranked members, then those that scored nothing: they are not ranked level with the
    others at 0 points but named as not scored."""
    ranked = [
        Row(
            kind="item",
            number=str(row.rank),
            cells=[row.unit.name, points(row.base), points(row.bonus), points(row.penalty), points(row.total)],
        )
        for row in rows
        if row.scored
    ]
    unscored = [row.unit.name for row in rows if not row.scored]
    return [
        *([] if table.is_published else [Paragraph("(Kết quả chưa công bố)", "note")]),
        TablePart(columns=RANKING_COLUMNS, rows=ranked, css="ranking"),
        *([Paragraph(f"Chưa chấm điểm, không xếp hạng: {', '.join(unscored)}.", "text")] if unscored else []),
        Paragraph(
            f"Tổng điểm tính theo điểm sau thẩm định của {_leader_title(group).lower()}; khi bằng điểm: "
            f"{table.get_tie_break_display().lower()}; vẫn bằng thì đồng hạng.",
            "text",
        ),
    ]


def ranking_context(table: CriteriaTable) -> dict:
    group = table.group
    date = timezone.localdate(table.published_at) if table.published_at else None
    rows = ranking(table)
    heading = f"KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM {group.year}"
    kind = group.get_kind_display()
    return {
        "document_title": f"Kết quả chấm điểm, xếp hạng thi đua năm {group.year} – {group.name}",
        "group": group,
        "table": table,
        "header": _group_header(group, _place(group), date, heading, draft=not table.is_published),
        "subject": group.name,
        "blocks": _ranking_blocks(group, table, rows),
        "signer": _ranking_signer(group),
        "recipients": Recipients(
            [f"Các đơn vị thành viên {kind};", f"{_organiser_name(group)} (để báo cáo);", "Lưu: VT."]
        ),
    }


def covenant_html(group, *, request=None, preview=False) -> str:
    return render_html(COVENANT_TEMPLATE, covenant_context(group), request=request, preview=preview)


def covenant_pdf(group) -> bytes:
    return render_pdf(COVENANT_TEMPLATE, covenant_context(group))


def ranking_html(table, *, request=None, preview=False) -> str:
    return render_html(RANKING_TEMPLATE, ranking_context(table), request=request, preview=preview)


def ranking_pdf(table) -> bytes:
    return render_pdf(RANKING_TEMPLATE, ranking_context(table))


def covenant_docx(group) -> bytes:
    """The covenant as a .docx: the PDF's blocks, every member's signature block two a row."""
    return docx_from_context(covenant_context(group))


def ranking_docx(table) -> bytes:
    """The ranking as a .docx: the PDF's blocks, recipients and the leader's signature."""
    return docx_from_context(ranking_context(table))
