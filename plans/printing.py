"""A plan (Kế hoạch) as an official document: its header, body and closing laid out with
documents.parts for templates/plans/documents/plan.html, its file name, and its stored PDF.

The appendix tables are tasks, which plans cannot see: tasks.printing builds them and draws the
whole document, handing them to `plan_context` here.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from documents.models import RenderedDocument
from documents.parts import (
    DOCUMENT_TYPES,
    AppendixPart,
    DocumentHeader,
    Recipients,
    Signer,
    date_text,
    legal_basis_lines,
    number_text,
    paragraphs,
)
from documents.rendering import Pdf
from documents.services import forget_pdf, store_pdf, stored_pdf

from .models import Plan

PLAN_TEMPLATE = "plans/documents/plan.html"
# Bump when the plan template, templates/documents or static/css/document.css change what a PDF
# looks like, so PDFs stored under the old layout are drawn again.
LAYOUT_REVISION = 1


class PlanChanged(ValidationError):
    def __init__(self):
        super().__init__(
            "Kế hoạch vừa được sửa trong lúc tạo bản PDF; hãy bấm “Tải PDF” lại để lấy bản mới.", code="changed"
        )


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


def plan_context(plan: Plan, header: DocumentHeader, appendices: list[AppendixPart]) -> dict:
    """Everything the plan template prints. A draft keeps its number and day blank even when
    they are filled in: they are only final once the plan is issued."""
    sections = [(s.heading, paragraphs(s.body)) for s in plan.sections.all()]
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


def appendix_subtitle(plan: Plan, header: DocumentHeader) -> str:
    """ "(Kèm theo Kế hoạch số 196/KH-UBND ngày 24 tháng 12 năm 2024 của Ủy ban nhân dân tỉnh Hưng Yên)" """
    if header.is_draft:
        reference = header.reference
        dated = header.date_words
    else:
        reference = f"{number_text(plan.number)}/{plan.symbol}"
        dated = date_text(plan.issued_on)
    return f"(Kèm theo {header.type.name} số {reference} {dated} của {plan.issuing_unit.name})"


def plan_filename(plan: Plan) -> str:
    """ "ke-hoach-196-kh-ubnd-2025.pdf"; a draft says so in its name."""
    if plan.is_draft or not plan.number:
        return f"du-thao-ke-hoach-{plan.year}-{plan.pk}.pdf"
    return f"ke-hoach-{slugify(f'{plan.number} {plan.symbol}')}-{plan.year}.pdf"


# The stored PDF ------------------------------------------------------------------------------


def plan_key(plan: Plan) -> str:
    return f"plan-{plan.pk}"


def plan_version(plan: Plan) -> str:
    return f"{plan.version}.r{LAYOUT_REVISION}"


def cached_plan_pdf(plan: Plan) -> RenderedDocument | None:
    return stored_pdf(plan_key(plan), plan_version(plan))


def store_plan_pdf(plan: Plan, pdf: Pdf) -> RenderedDocument:
    """Keep `pdf` as the plan's PDF for `plan.version`, replacing the one of an older version."""
    return store_pdf(plan_key(plan), plan_version(plan), pdf, f"ke-hoach-{plan.pk}-v{plan.version}.pdf")


def forget_plan_pdf(sender, instance: Plan, **kwargs) -> None:
    """post_delete receiver (PlansConfig.ready): a stored PDF names its plan by key, not by
    foreign key, so no cascade removes it."""
    forget_pdf(plan_key(instance))
