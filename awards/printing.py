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
    Recipients,
    Row,
    Signer,
    date_text,
    legal_basis_lines,
    number_text,
)
from units.text import fold

from .models import NomineeKind
from .selectors import decision_document, minutes_document

MINUTES_TEMPLATE = "awards/documents/minutes.html"
DECISION_TEMPLATE = "awards/documents/decision.html"

# About what one bold 13 pt line of the header's left column holds.
HEADER_LINE_CHARS = 26
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
        "meets_at": _time_and_date(doc["meets_at"]),
        # The meeting's own end, as the secretary recorded it; never the clock of the vote's closing.
        "ends_at": _closed_at(doc["meets_at"], doc["ends_at"]),
        # Decree 30: the secretary signs on the left, whoever presided on the right.
        "secretary_signer": secretary,
        "chair_signer": chair,
    }


def decision_context(decision) -> dict:
    doc = decision_document(decision)
    header = DocumentHeader(**doc["header"])
    rows = doc["appendix"]
    return {
        "decision": decision,
        "doc": doc,
        "header": header,
        "document_title": f"Quyết định {header.reference} – {doc['title']}",
        "subject": doc["title"],
        "authority": _authority(decision),
        "legal_bases": legal_basis_lines(doc["legal_bases"]),
        "awarded_count": _count_phrase(rows),
        "award_and_year": doc["award_phrase"] + (f" năm {doc['year']}" if doc["year"] else ""),
        "execution_article": 3 if doc["prizes"] else 2,
        "signer": Signer(**doc["signer"]),
        "recipients": Recipients(doc["recipients"]),
        "appendix": _appendix(decision, header, doc),
    }


def minutes_filename(session) -> str:
    number = f"-{number_text(session.minutes_number)}" if session.minutes_number else ""
    return f"bien-ban{number}-{_slug(session.minutes_symbol)}-{timezone.localtime(session.meets_at):%Y-%m-%d}.pdf"


def decision_filename(decision) -> str:
    """ "quyet-dinh-1520-qd-ubnd-2025.pdf" """
    return f"quyet-dinh-{decision.number}-{_slug(decision.symbol)}-{decision.issued_on.year}.pdf"


def _slug(text: str) -> str:
    # slugify drops "Đ" (it has no decomposition); fold spells it "d" first.
    return slugify(fold(text))


def _time_and_date(moment) -> str:
    """ "08 giờ 00 phút, ngày 15 tháng 12 năm 2025" """
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} phút, {date_text(local.date())}"


def _council_header(session) -> dict:
    """The council under its administration, each on lines that fit the header's left column:
    "UBND TỈNH BẮC NINH" above "HỘI ĐỒNG / THI ĐUA - KHEN THƯỞNG" (the province is said once)."""
    government = session.council.government
    council = session.council.name
    place = government.committee_place
    if place and fold(council).endswith(fold(f"{place[0]} {place[1]}")):
        council = council[: -len(f"{place[0]} {place[1]}")].strip()
    # "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" is wider than the column: two centred lines, not a lone word.
    if len(council) > HEADER_LINE_CHARS and fold(council).startswith("hoi dong "):
        council = f"{council[:8]}\n{council[9:]}"
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
