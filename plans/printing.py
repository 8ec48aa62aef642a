"""A plan (Kế hoạch) as a document: what templates/documents/plan.html needs, read in a fixed
number of queries however many tasks the plan has."""

from dataclasses import dataclass

from plans.models import Plan
from tasks.selectors import appendix_tables

from .parts import (
    DOCUMENT_TYPES,
    DocumentHeader,
    Recipients,
    Signer,
    date_text,
    legal_basis_lines,
    number_text,
    paragraphs,
)

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

# Relative widths of the appendix columns: the content column takes the most room.
COLUMN_WEIGHTS = {"number": 0.55, "content": 4.0, "timing": 1.3, "note": 1.1}
UNIT_COLUMN_WEIGHT = 2.0
# A table with this many columns or more is printed on landscape pages.
LANDSCAPE_FROM_COLUMNS = 5


@dataclass
class Column:
    key: str
    label: str
    width: str  # percent of the table width, written for CSS (no decimal comma)


@dataclass
class Row:
    kind: str  # "group" or "task"
    number: str
    cells: list  # text per column after the number (a group row has one spanning cell)
    depth: int = 0


@dataclass
class AppendixPart:
    index: int
    label: str
    title: str
    subtitle: str
    columns: list
    rows: list
    landscape: bool

    @property
    def page_name(self) -> str:
        return f"phu-luc-{self.index}"

    @property
    def span(self) -> int:
        return len(self.columns) - 1


def plan_for_document(pk) -> Plan:
    return Plan.objects.select_related("issuing_unit").get(pk=pk)


def plan_header(plan: Plan) -> DocumentHeader:
    return DocumentHeader(
        issuing_body=plan.issuing_body_line,
        parent_body=plan.parent_body_line,
        number=plan.number if not plan.is_draft else "",
        symbol=plan.symbol,
        place=plan.place,
        date=plan.issued_on if not plan.is_draft else None,
        month=plan.dated_month or (plan.issued_on.month if plan.issued_on else None),
        year=plan.dated_year or (plan.issued_on.year if plan.issued_on else None),
        # A plan is a Kế hoạch (or a Chương trình...) whatever else its symbol was typed as.
        type_symbol="" if plan.symbol.split("-", 1)[0] in DOCUMENT_TYPES else "KH",
    )


def plan_context(plan: Plan) -> dict:
    """Everything the plan template prints. A draft keeps its number and day blank even when
    they are filled in: they are only final once the plan is issued."""
    header = plan_header(plan)
    sections = [(s.heading, paragraphs(s.body)) for s in plan.sections.all()]
    tables = appendix_tables(plan)
    appendices = [
        _appendix_part(plan, header, table, index, several=len(tables) > 1)
        for index, table in enumerate(tables, start=1)
    ]
    return {
        "plan": plan,
        "header": header,
        "document_title": f"{header.type.name} {header.reference.strip()} – {plan.title}",
        "subject": plan.title,
        "legal_bases": legal_basis_lines(plan.legal_basis_lines),
        "preamble": paragraphs(plan.preamble),
        "sections": sections,
        "closing": paragraphs(plan.closing),
        "signer": Signer(authority=plan.signer_authority, position=plan.signer_position, name=plan.signer_name),
        "recipients": Recipients(plan.recipient_lines),
        "appendices": appendices,
        "task_count": sum(len([r for r in a.rows if r.kind == "task"]) for a in appendices),
    }


def _appendix_part(plan, header, table, index, several) -> AppendixPart:
    appendix = table.appendix
    label = appendix.label.strip() or "PHỤ LỤC"
    if several and label.upper() == "PHỤ LỤC":
        label = f"PHỤ LỤC {ROMAN[index - 1] if index <= len(ROMAN) else index}"
    columns = _columns(appendix)
    rows = []
    for kind, item, depth in table.rows:
        if kind == "group":
            rows.append(Row(kind="group", number=item.number, cells=[item.title], depth=depth))
        else:
            rows.append(Row(kind="task", number=item.number, cells=[_cell(item, c.key) for c in columns[1:]]))
    return AppendixPart(
        index=index,
        label=label.upper(),
        title=appendix.title,
        subtitle=appendix.subtitle or _subtitle(plan, header),
        columns=columns,
        rows=rows,
        landscape=len(columns) >= LANDSCAPE_FROM_COLUMNS,
    )


def _columns(appendix) -> list[Column]:
    weights = [(key, label, COLUMN_WEIGHTS.get(key, UNIT_COLUMN_WEIGHT)) for key, label in appendix.header]
    total = sum(w for _, _, w in weights)
    return [Column(key=key, label=label, width=f"{100 * w / total:.2f}") for key, label, w in weights]


def _cell(task, key) -> str:
    if key == "content":
        return task.content
    if key == "timing":
        return task.timing_text
    if key == "note":
        return task.note
    # Unit cells print exactly as the plan wrote them; the registry links are for the portal.
    if key in task.unit_cells:
        return task.unit_cells[key]
    return "; ".join(a.text for a in task.assignments_for(key))


def _subtitle(plan, header) -> str:
    """ "(Kèm theo Kế hoạch số 196/KH-UBND ngày 24 tháng 12 năm 2024 của Ủy ban nhân dân tỉnh Hưng Yên)" """
    if header.is_draft:
        reference = header.reference
        dated = header.date_words
    else:
        reference = f"{number_text(plan.number)}/{plan.symbol}"
        dated = date_text(plan.issued_on)
    return f"(Kèm theo {header.type.name} số {reference} {dated} của {plan.issuing_unit.name})"
