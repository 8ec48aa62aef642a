"""The Biên bản of a council session and the Quyết định khen thưởng as official documents: the
selectors' data laid out with documents.parts, for templates/awards/documents/*.html.

Both documents are small (one session, one decision), so they are drawn on request and not stored.
"""

import re

from django.utils import timezone
from django.utils.text import slugify

from documents.parts import (
    AppendixPart,
    Column,
    DocumentHeader,
    Paragraph,
    Recipients,
    Row,
    Signer,
    TablePart,
    date_text,
    legal_basis_lines,
    number_text,
    signer_rows,
)
from documents.rendering import Pdf, html_to_pdf, render_html
from documents.word import docx_from_context
from units.text import fold

from .models import NomineeKind
from .selectors import decision_document, minutes_document

MINUTES_TEMPLATE = "awards/documents/minutes.html"
DECISION_TEMPLATE = "awards/documents/decision.html"

ROMAN = ["I", "II", "III"]
NO_BREAK = "\u00a0"
# The appendix lists people, then households, then collectives, each group as its heading says.
GROUP_TITLES = {
    NomineeKind.PERSON.label: "CÁ NHÂN",
    NomineeKind.HOUSEHOLD.label: "HỘ GIA ĐÌNH",
    NomineeKind.COLLECTIVE.label: "TẬP THỂ",
}


def minutes_context(session) -> dict:
    doc = minutes_document(session)
    header = DocumentHeader(**{**doc["header"], **_council_header(session)})
    secretary, chair = (Signer(**s) for s in reversed(doc["signers"]))
    return {
        "session": session,
        "doc": doc,
        "header": header,
        "document_title": f"Biên bản {header.reference.strip()} – {doc['title']}",
        "subject": doc["title"],
        "blocks": _minutes_blocks(doc),
        # Decree 30: the secretary signs on the left, whoever presided on the right.
        "secretary_signer": secretary,
        "chair_signer": chair,
        "signer_rows": signer_rows([secretary, chair]),
    }


BALLOT_COLUMNS = [
    Column("number", "TT", "7"),
    Column("nominee", "Người, tập thể được đề nghị", "37"),
    Column("approvals", "Đồng ý", "13", align="center"),
    Column("rejections", "Không đồng ý", "15", align="center"),
    Column("percent", "Tỷ lệ đồng ý", "12", align="center"),
    Column("result", "Kết quả", "16", align="center"),
]


def _percent(value) -> str:
    """ "66,67%", "100%": two decimals at most, a decimal comma."""
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def _result(nominee) -> str:
    if nominee["passed"]:
        return "Đạt"
    if nominee["quorum_met"] is False:
        return "Không đủ số thành viên dự họp"
    return "Không đạt" if nominee["passed"] is not None else ""


def _minutes_blocks(doc) -> list:
    """The minutes' body, in order, for the PDF's template and the .docx alike."""
    present = doc["present"]
    blocks = [
        Paragraph(f"Thời gian: {_time_and_date(doc['meets_at'])}.", "plain"),
        *([Paragraph(f"Địa điểm: {doc['place']}.", "plain")] if doc["place"] else []),
        Paragraph(f"Chủ trì: {doc['presided_by'] or '…'}.", "plain"),
        Paragraph(
            f"Thư ký: {doc['secretary']['name'] or '…'}"
            + (f", {doc['secretary']['position']}" if doc["secretary"]["position"] else "")
            + ".",
            "plain",
        ),
        Paragraph(
            f"Thành viên {doc['council']} tham gia bỏ phiếu: {len(present)}/{doc['members_total']} thành viên"
            + (", gồm:" if present else "."),
            "plain",
        ),
        *(
            Paragraph(f"- {m['line']}{'.' if index == len(present) - 1 else ';'}", "list")
            for index, m in enumerate(present)
        ),
    ]
    if doc["written"]:
        lines = "; ".join(m["line"] for m in doc["written"])
        blocks.append(Paragraph(f"Vắng mặt, có ý kiến bằng văn bản: {lines}.", "plain"))
    if doc["absent"]:
        blocks.append(Paragraph(f"Vắng: {'; '.join(m['line'] for m in doc['absent'])}.", "plain"))
    blocks.append(Paragraph("NỘI DUNG", "heading"))
    if doc["discussion"]:
        blocks.append(Paragraph("1. Ý kiến thảo luận", "heading"))
        blocks += [Paragraph(line, "text") for line in doc["discussion"]]
    blocks.append(Paragraph(f"{2 if doc['discussion'] else 1}. Kết quả bỏ phiếu kín", "heading"))
    for index, item in enumerate(doc["agenda"], start=1):
        blocks.append(Paragraph(f"{index}) {item['unit']}: {item['title']}", "item"))
        basis = f" (theo {item['rule_basis']})" if item["rule_basis"] else ""
        threshold = _percent(item["threshold"])
        blocks.append(
            Paragraph(
                f"Danh hiệu, hình thức: {item['award_type']}; tỷ lệ phiếu đồng ý cần đạt: "
                f"{threshold} {item['vote_base'].lower()}{basis}.",
                "note",
            )
        )
        rows = [
            Row(
                kind="item",
                number=str(number),
                cells=[
                    n["description"],
                    "" if n["approvals"] is None else str(n["approvals"]),
                    "" if n["rejections"] is None else str(n["rejections"]),
                    _percent(n["approval_percent"]),
                    _result(n),
                ],
            )
            for number, n in enumerate(item["nominees"], start=1)
        ]
        blocks.append(TablePart(columns=BALLOT_COLUMNS, rows=rows, css="ballot"))
    ends_at = _closed_at(doc["meets_at"], doc["ends_at"]) or "…… giờ …… phút"
    blocks.append(
        Paragraph(
            f"Cuộc họp kết thúc vào hồi {ends_at}. Biên bản đã được đọc lại cho các thành viên dự họp "
            "cùng nghe và nhất trí thông qua./.",
            "text",
        )
    )
    return blocks


def decision_context(decision) -> dict:
    doc = decision_document(decision)
    header = DocumentHeader(**doc["header"])
    rows = doc["appendix"]
    award_and_year = doc["award_phrase"] + (f" năm {doc['year']}" if doc["year"] else "")
    return {
        "decision": decision,
        "doc": doc,
        "header": header,
        "document_title": f"Quyết định {header.reference} – {doc['title']}",
        "subject": doc["title"],
        "authority": _authority(decision),
        "legal_bases": legal_basis_lines(doc["legal_bases"]),
        "decides": "QUYẾT ĐỊNH:",
        "articles": _articles(doc, award_and_year, _count_phrase(rows)),
        "signer": Signer(**doc["signer"]),
        "recipients": Recipients(doc["recipients"]),
        "appendix": _appendix(decision, header, doc),
    }


def _articles(doc, award_and_year, awarded_count) -> list[Paragraph]:
    """Điều 1 (who is awarded), Điều 2 (the money, when there is any), then who carries it out."""
    articles = [
        f"Tặng {award_and_year} cho {awarded_count} {doc['achievement']} (có tên tại Phụ lục kèm theo Quyết định này)."
    ]
    prizes = doc["prizes"]
    if prizes:
        amounts = "; ".join(
            f"{'Mỗi' if index == 0 else 'mỗi'} {p['kind']} được thưởng {p['amount']} đồng "
            f"({p['coefficient']} lần mức lương cơ sở)"
            for index, p in enumerate(prizes["per_kind"])
        )
        basis = f" theo {prizes['salary_basis']}" if prizes.get("salary_basis") else ""
        articles.append(
            f"{amounts}. Mức lương cơ sở {prizes['base_salary']} đồng{basis}. Tổng số tiền thưởng "
            f"{prizes['total']} đồng, chi từ {doc['prize_fund'] or 'Quỹ Thi đua, khen thưởng'}."
        )
    articles.append(
        "Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các cơ quan, đơn vị liên quan và "
        f"{doc['awarded_people']} có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
    )
    return [Paragraph(text, "text", lead=f"Điều {n}.") for n, text in enumerate(articles, start=1)]


def minutes_filename(session) -> str:
    number = f"-{number_text(session.minutes_number)}" if session.minutes_number else ""
    return f"bien-ban{number}-{_slug(session.minutes_symbol)}-{timezone.localtime(session.meets_at):%Y-%m-%d}.pdf"


def decision_filename(decision) -> str:
    """ "quyet-dinh-1520-qd-ubnd-2025.pdf" """
    return f"quyet-dinh-{decision.number}-{_slug(decision.symbol)}-{decision.issued_on.year}.pdf"


def decision_key(decision) -> str:
    """Where the decision's signed copies are kept (documents.SignedDocument.key)."""
    return f"decision-{decision.pk}"


def render_decision(decision) -> Pdf:
    """The decision's PDF with where its blocks were drawn, for signing at the signer block."""
    return html_to_pdf(render_html(DECISION_TEMPLATE, decision_context(decision)))


def _slug(text: str) -> str:
    # slugify drops "Đ" (it has no decomposition); fold spells it "d" first.
    return slugify(fold(text))


def _time_and_date(moment) -> str:
    """ "08 giờ 00 phút, ngày 15 tháng 12 năm 2025" """
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} phút, {date_text(local.date())}"


def _council_header(session) -> dict:
    """The council under its administration: "UBND TỈNH BẮC NINH" above "HỘI ĐỒNG THI ĐUA - KHEN
    THƯỞNG" (the province is said once), which the header breaks by measured width
    (documents.parts.header_lines) into "HỘI ĐỒNG" over "THI ĐUA - KHEN THƯỞNG"."""
    government = session.council.government
    council = session.council.name
    place = government.committee_place
    if place and fold(council).endswith(fold(f"{place[0]} {place[1]}")):
        council = council[: -len(f"{place[0]} {place[1]}")].strip()
    return {"parent_body": government.short_name or government.name, "issuing_body": council}


def _closed_at(meets_at, closed_at) -> str:
    """When the meeting ended: the time alone on the day of the meeting, else the time and date."""
    if not closed_at:
        return ""
    if timezone.localtime(closed_at).date() == timezone.localtime(meets_at).date():
        return f"{timezone.localtime(closed_at):%H} giờ {timezone.localtime(closed_at):%M} phút cùng ngày"
    return _time_and_date(closed_at)


def _decider(decision) -> str:
    """Who decides, as the signer block says: "Chủ tịch" for "KT. CHỦ TỊCH" (a deputy signs for
    the chair), "" for "TM. ỦY BAN NHÂN DÂN" (the body decides as a whole)."""
    authority = decision.signer_authority.strip().upper()
    if authority.startswith("TM."):
        return ""
    head = re.sub(r"^(KT|TL|TUQ|Q)\.\s*", "", authority) or decision.signer_position.strip().upper()
    return head.capitalize()


def _authority(decision) -> str:
    """The line above the legal bases: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH"."""
    return " ".join(p for p in (_decider(decision), decision.issuing_unit.name) if p).upper()


def _count_phrase(rows) -> str:
    """ "02 cá nhân và 01 tập thể" """
    return " và ".join(f"{number_text(str(len(members)))} {kind.lower()}" for kind, members in _groups(rows).items())


def _groups(rows) -> dict[str, list]:
    """The appendix rows by kind, in the order of GROUP_TITLES, each kept in the decision's order."""
    order = list(GROUP_TITLES)
    groups = {}
    for row in sorted(rows, key=lambda r: order.index(r["kind"]) if r["kind"] in order else len(order)):
        groups.setdefault(row["kind"], []).append(row)
    return groups


def _appendix(decision, header, doc) -> AppendixPart:
    """The list of awarded nominees, people first and collectives after, numbered within each
    group ("I. CÁ NHÂN", "II. TẬP THỂ") when there are both."""
    groups = _groups(doc["appendix"])
    columns = _appendix_columns(groups)
    if doc["prizes"]:
        # The money column takes its width from the last (widest) text column.
        last = columns[-1]
        columns[-1] = Column(last.key, last.label, str(int(last.width) - 17))
        columns.append(Column("prize", "Tiền thưởng (đồng)", "17"))
    rows = []
    for index, (kind, members) in enumerate(groups.items()):
        if len(groups) > 1:
            rows.append(Row(kind="group", number=ROMAN[index], cells=[GROUP_TITLES.get(kind, kind.upper())]))
        for number, row in enumerate(members, start=1):
            cells = {
                "name": row["name"],
                "birth_year": row["birth_year"] or "",
                "workplace": ", ".join(p for p in (row["position"], row["workplace"]) if p),
                "prize": row["prize"],
            }
            rows.append(Row(kind="item", number=str(number), cells=[cells[c.key] for c in columns[1:]]))
    if doc["prizes"]:
        total = [f"Tổng cộng ({doc['prizes']['count']})"] + [""] * (len(columns) - 3) + [doc["prizes"]["total"]]
        rows.append(Row(kind="total", number="", cells=total))
    year = f" NĂM {doc['year']}" if doc["year"] else ""
    return AppendixPart(
        index=1,
        label="PHỤ LỤC",
        # The award on a line of its own: the list's title never breaks inside its name.
        title=f"DANH SÁCH {_kinds(groups)} ĐƯỢC TẶNG\n{doc['award_phrase'].upper()}{year}",
        # The decider's name on a line of its own, its words joined by no-break spaces: never split.
        subtitle=(
            f"(Kèm theo Quyết định số {header.reference} {date_text(decision.issued_on)}\n"
            f"của {_of_whom(decision).replace(' ', NO_BREAK)})"
        ),
        columns=columns,
        rows=rows,
        landscape=False,
    )


def _appendix_columns(groups) -> list[Column]:
    collectives = NomineeKind.COLLECTIVE.label in groups
    if not collectives:
        return [
            Column("number", "TT", "8"),
            Column("name", "Họ và tên", "32"),
            Column("birth_year", "Năm sinh", "13"),
            Column("workplace", "Chức vụ, đơn vị công tác", "47"),
        ]
    if len(groups) == 1:
        return [
            Column("number", "TT", "8"),
            Column("name", "Tên tập thể", "52"),
            Column("workplace", "Thuộc đơn vị", "40"),
        ]
    return [
        Column("number", "TT", "8"),
        Column("name", "Họ và tên, tên tập thể", "34"),
        Column("birth_year", "Năm sinh", "13"),
        Column("workplace", "Chức vụ, đơn vị công tác", "45"),
    ]


def _kinds(groups) -> str:
    """ "CÁ NHÂN", "TẬP THỂ" or "CÁ NHÂN, TẬP THỂ": who the list names."""
    return ", ".join(GROUP_TITLES.get(kind, kind.upper()) for kind in groups)


def _of_whom(decision) -> str:
    """ "Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh", as the appendix's subtitle names the decider."""
    return " ".join(p for p in (_decider(decision), decision.issuing_unit.name) if p)


# As Word files, from the same contexts -----------------------------------------------------------


def decision_docx(decision) -> bytes:
    """The decision and its list as a .docx: the PDF's context laid out by documents.word."""
    context = decision_context(decision)
    body = [
        Paragraph(context["authority"], "centered"),
        *(Paragraph(line, "legal") for line in context["legal_bases"]),
        Paragraph(context["decides"], "centered"),
        *context["articles"],
    ]
    return docx_from_context(context, body=body, appendices=[context["appendix"]])


def minutes_docx(session) -> bytes:
    """The minutes as a .docx: the PDF's blocks, the secretary and the chair side by side."""
    return docx_from_context(minutes_context(session))
