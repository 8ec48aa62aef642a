"""What a council's level sends upward once it voted for an award it cannot decide: the unit's
Tờ trình (Decree 30, through `documents`) with the list of nominees as its appendix, the council's
minutes, and the papers of the nominees; as one .zip for the level above.

A dossier forwarded inside the portal arrives upstairs as a dossier of its own (`forwarded_from`);
the package of any dossier holds every hop below it, lowest first."""

import io
import zipfile
from pathlib import Path

from django.utils.text import slugify

from documents.parts import AppendixPart, Column, DocumentHeader, Recipients, Row, Signer
from documents.rendering import render_pdf
from units.text import fold

from . import printing
from .models import DecidingLevel, Dossier, Outcome, VoteResult

PROPOSAL_TEMPLATE = "awards/documents/proposal.html"

# Whom a Tờ trình is addressed to when the award belongs to the central level.
CENTRAL_RECIPIENT = {
    DecidingLevel.STATE: "Chủ tịch nước (qua Bộ Nội vụ)",
    DecidingLevel.GOVERNMENT: "Thủ tướng Chính phủ (qua Bộ Nội vụ)",
}


def chain(dossier: Dossier) -> list[Dossier]:
    """The dossier and the lower ones it was forwarded from, lowest first."""
    hops = [dossier]
    while hops[-1].forwarded_from_id:
        hops.append(
            Dossier.objects.select_related("council__government", "session", "unit").get(pk=hops[-1].forwarded_from_id)
        )
    return list(reversed(hops))


def forwarded_nominees(dossier: Dossier):
    return dossier.nominees.filter(outcome=Outcome.FORWARDED).select_related("unit")


def recipient(dossier: Dossier, upper=None) -> str:
    if upper is not None:
        return f"{upper.head_title} {upper.government.name}"
    return CENTRAL_RECIPIENT.get(dossier.award_type.deciding_level, "cấp có thẩm quyền")


def proposal_context(dossier: Dossier) -> dict:
    """The Tờ trình of the dossier's council proposing its forwarded nominees to the level above."""
    from .routing import next_council

    council = dossier.council
    unit = council.government
    upper = next_council(council)
    place = unit.committee_place or (unit.tree_root.committee_place if unit.tree_root_id else None)
    nominees = list(forwarded_nominees(dossier))
    results = {r.nominee_id: r for r in VoteResult.objects.filter(nominee__in=nominees)}
    if unit.committee_place:
        header = {
            "parent_body": "",
            "issuing_body": f"ỦY BAN NHÂN DÂN\n{unit.committee_place[0]} {unit.committee_place[1]}".upper(),
        }
        signer = Signer(authority="TM. ỦY BAN NHÂN DÂN", position=council.head_title, name=council.head_name)
    else:
        above = unit.parent
        header = {
            "parent_body": (above.short_name or above.name).upper() if above else "",
            "issuing_body": unit.name.upper(),
        }
        signer = Signer(authority="", position=council.head_title, name=council.head_name)
    header = DocumentHeader(
        **header, symbol=council.proposal_symbol, place=place[1] if place else "", date=dossier.forwarded_on
    )
    to = recipient(dossier, upper)
    session = dossier.session
    phrase = dossier.award_type.award_phrase
    count = len(nominees)
    rows = []
    for number, nominee in enumerate(nominees, start=1):
        result = results.get(nominee.pk)
        votes = f"{result.approvals}/{result.members_total}" if result else ""
        rows.append(
            Row(
                kind="item",
                number=str(number),
                cells=[nominee.display_name, nominee.position or "", nominee.workplace or dossier.unit.name, votes],
            )
        )
    appendix = AppendixPart(
        index=1,
        label="DANH SÁCH",
        title=f"DANH SÁCH ĐỀ NGHỊ TẶNG\n{phrase.upper()} NĂM {dossier.year}",
        subtitle=f"(Kèm theo Tờ trình số {header.reference} của {unit.name})",
        columns=[
            Column("number", "TT", "8"),
            Column("name", "Họ và tên, tên tập thể", "32"),
            Column("position", "Chức vụ", "20"),
            Column("workplace", "Đơn vị công tác", "26"),
            Column("votes", "Phiếu đồng ý / tổng số thành viên", "14"),
        ],
        rows=rows,
        landscape=False,
    )
    meeting = f" ngày {session.meets_at:%d/%m/%Y}" if session else ""
    body = [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        f"Căn cứ kết quả bỏ phiếu kín của {council.name}{f' tại {session.title}' if session else ''}{meeting},",
        f"{unit.name} kính trình {to} xem xét, tặng {phrase} năm {dossier.year} cho {count:02d} cá nhân, "
        "tập thể có tên trong danh sách kèm theo.",
        f"Hồ sơ kèm theo gồm: Biên bản họp {council.name}, báo cáo thành tích và tài liệu của từng cá nhân, tập thể.",
        f"Kính trình {to} xem xét, quyết định./.",
    ]
    return {
        "dossier": dossier,
        "header": header,
        "subject": f"Về việc đề nghị tặng {phrase} năm {dossier.year}",
        "document_title": f"Tờ trình {header.reference} – đề nghị tặng {dossier.award_type} năm {dossier.year}",
        "to": to,
        "body": body,
        "signer": signer,
        "recipients": Recipients(["Như trên;", "Lưu: VT."]),
        "appendix": appendix,
    }


def proposal_filename(dossier: Dossier) -> str:
    return f"to-trinh-{slugify(fold(dossier.council.proposal_symbol))}-ho-so-{dossier.pk}.pdf"


def package(dossier: Dossier) -> bytes:
    """The whole package as a .zip: for each hop, lowest first, its Tờ trình and its council's
    minutes when it was forwarded, and the papers of the first (the unit's own dossier)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        hops = chain(dossier)
        for step, hop in enumerate(hops, start=1):
            folder = f"{step:02d}-{slugify(fold(hop.council.government.name)) if hop.council_id else 'don-vi'}"
            if hop.status == "forwarded" and hop.council_id:
                archive.writestr(
                    f"{folder}/{proposal_filename(hop)}", render_pdf(PROPOSAL_TEMPLATE, proposal_context(hop))
                )
            if hop.session_id and hop.session.voting_closed_at:
                archive.writestr(
                    f"{folder}/{printing.minutes_filename(hop.session)}",
                    render_pdf(printing.MINUTES_TEMPLATE, printing.minutes_context(hop.session)),
                )
        for attachment in hops[0].attachments.select_related("nominee").order_by("kind", "id"):
            with attachment.file.open("rb") as handle:
                name = slugify(fold(Path(attachment.original_name).stem))
                archive.writestr(
                    f"01-tai-lieu/{attachment.pk}-{name}{Path(attachment.file.name).suffix}", handle.read()
                )
    return buffer.getvalue()


def package_filename(dossier: Dossier) -> str:
    return f"ho-so-{dossier.pk}-tron-bo.zip"
