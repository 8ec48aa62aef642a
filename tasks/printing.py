"""A plan printed with its appendix tables, and its PDF: drawn once per plan version and kept,
small plans at once, big ones in the worker; signed (Ký số) likewise, at once or in the worker.

The plan's own parts (header, body, file name, stored PDF) are plans.printing's; the appendix
tables are tasks, so the whole document is put together here, the lowest app that sees both.
"""

from django.conf import settings
from django.urls import reverse

from documents.models import RenderedDocument, SignedDocument
from documents.parts import AppendixPart, Column, DocumentHeader, Paragraph, Row
from documents.rendering import Pdf, html_to_pdf, render_html
from documents.signing import SignedPdf, signer_from_settings
from documents.word import docx_from_context
from jobs.models import Job, JobStatus
from jobs.services import JobFailed, start_job
from plans.models import Plan
from plans.printing import (
    PLAN_TEMPLATE,
    PlanChanged,
    appendix_subtitle,
    cached_plan_pdf,
    plan_context,
    plan_filename,
    plan_for_document,
    plan_header,
    store_plan_pdf,
)
from plans.signing import ensure_signable, sign_issued_plan

from .models import Task
from .selectors import appendix_tables

# Stored in Job rows; it names the job's kind, not a module, so it stays as it was.
JOB_KIND = "documents.plan_pdf"
SIGN_JOB_KIND = "documents.plan_sign"

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

# Relative widths of the appendix columns: the content column takes the most room.
COLUMN_WEIGHTS = {"number": 0.55, "content": 4.0, "timing": 1.3, "note": 1.1}
UNIT_COLUMN_WEIGHT = 2.0
# A table with this many columns or more is printed on landscape pages.
LANDSCAPE_FROM_COLUMNS = 5


def plan_document_context(plan: Plan) -> dict:
    """Everything templates/plans/documents/plan.html prints, read in a fixed number of queries
    however many tasks the plan has."""
    header = plan_header(plan)
    tables = appendix_tables(plan)
    appendices = [
        _appendix_part(plan, header, table, index, several=len(tables) > 1)
        for index, table in enumerate(tables, start=1)
    ]
    return plan_context(plan, header, appendices)


def _appendix_part(plan, header: DocumentHeader, table, index, several) -> AppendixPart:
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
        subtitle=appendix.subtitle or appendix_subtitle(plan, header),
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


# Drawing and keeping the PDF -------------------------------------------------------------------


def inline_max_tasks() -> int:
    """Plans with more tasks than this are drawn by the worker while the person watches progress."""
    return settings.DOCUMENTS_INLINE_MAX_TASKS


def plan_task_count(plan: Plan) -> int:
    return Task.objects.filter(appendix__plan=plan).count()


def render_plan_html(plan: Plan, *, request=None, preview=False) -> str:
    return render_html(PLAN_TEMPLATE, plan_document_context(plan), request=request, preview=preview)


def plan_docx(plan: Plan) -> bytes:
    """The plan as a Word file: the PDF's context, laid out by documents.word."""
    context = plan_document_context(plan)
    body = list(context["preamble"])
    for heading, paragraphs in context["sections"]:
        body += [Paragraph(text=heading, kind="heading"), *paragraphs]
    body += context["closing"]
    return docx_from_context(context, body=body, legal_bases=context["legal_bases"], appendices=context["appendices"])


def render_plan(plan_id, *, on_page=None) -> tuple[Plan, Pdf]:
    """Draw a plan as it is now. Its version is read before and after its rows: every plan write
    bumps it in the same transaction, so equal versions mean the rows belong to that version."""
    plan = plan_for_document(plan_id)
    html = render_plan_html(plan)
    if Plan.objects.filter(pk=plan.pk).values_list("version", flat=True).get() != plan.version:
        raise PlanChanged()
    return plan, html_to_pdf(html, on_page=on_page)


def plan_pdf(plan: Plan, *, on_page=None) -> RenderedDocument:
    """The plan's PDF for its current version, drawn now if not kept yet."""
    cached = cached_plan_pdf(plan)
    if cached:
        return cached
    plan, pdf = render_plan(plan.pk, on_page=on_page)
    return store_plan_pdf(plan, pdf)


def request_plan_pdf(*, user, plan: Plan) -> RenderedDocument | Job:
    """What the "Tải PDF" button gets: the PDF itself when it is kept or quick to draw, otherwise
    a job drawing it in the worker (the person's own unfinished one for this version, if any)."""
    cached = cached_plan_pdf(plan)
    if cached:
        return cached
    if plan_task_count(plan) <= inline_max_tasks():
        return plan_pdf(plan)
    running = Job.objects.filter(
        kind=JOB_KIND,
        owner=user,
        status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
        params__plan_id=plan.pk,
        params__version=plan.version,
    ).first()
    if running:
        return running
    return start_job(
        kind=JOB_KIND,
        title=f"Tạo bản PDF kế hoạch {plan.reference.strip()} – {plan.title}",
        owner=user,
        func="tasks.printing.render_plan_job",
        params={"plan_id": plan.pk, "version": plan.version},
    )


def render_plan_job(job: Job, plan_id: int, version: int) -> None:
    """Job function: draw the plan in the worker, reporting progress page by page."""
    job.report(5, "Đang đọc kế hoạch")
    try:
        plan = plan_for_document(plan_id)
    except Plan.DoesNotExist:
        raise JobFailed("Kế hoạch không còn tồn tại.") from None
    if plan.version != version:
        # Someone changed it after pressing the button; draw what is there now.
        job.report(5, "Kế hoạch vừa được sửa; đang tạo bản PDF theo nội dung mới nhất")
    cached = cached_plan_pdf(plan)
    if cached is None:
        job.report(10, "Đang dựng văn bản")
        plan, pdf = render_plan(plan.pk, on_page=_page_progress(job, plan, start=10, span=80))
        job.report(92, "Đang lưu tệp PDF")
        cached = store_plan_pdf(plan, pdf)
    job.result = {
        "url": reverse("tasks:plan_pdf", args=[plan.pk]),
        "link_label": "Tải bản PDF",
        "filename": plan_filename(plan),
        "pages": cached.page_count,
    }
    job.report(100, f"Đã tạo bản PDF {cached.page_count} trang.")


def request_plan_signing(*, user, plan: Plan) -> SignedPdf | Job:
    """What the "Ký số" button gets: the plan signed now when it is quick to draw, otherwise a job
    drawing and signing it in the worker (the person's own unfinished one for the plan, if any).
    A draft or an unusable certificate is refused here, before anyone waits for a job."""
    if plan_task_count(plan) <= inline_max_tasks():
        signed_plan, pdf = render_plan(plan.pk)
        return sign_issued_plan(signed_plan, pdf, actor=user)
    ensure_signable(plan)
    signer_from_settings()
    running = Job.objects.filter(
        kind=SIGN_JOB_KIND, owner=user, status__in=[JobStatus.QUEUED, JobStatus.RUNNING], params__plan_id=plan.pk
    ).first()
    if running:
        return running
    return start_job(
        kind=SIGN_JOB_KIND,
        title=f"Ký số kế hoạch {plan.reference.strip()} – {plan.title}",
        owner=user,
        func="tasks.printing.sign_plan_job",
        params={"plan_id": plan.pk},
    )


def sign_plan_job(job: Job, plan_id: int) -> None:
    """Job function: draw the plan in the worker, reporting progress page by page, then sign it as
    the request would have (plans.signing.sign_issued_plan, logged as the person who asked)."""
    job.report(5, "Đang đọc kế hoạch")
    try:
        plan = plan_for_document(plan_id)
    except Plan.DoesNotExist:
        raise JobFailed("Kế hoạch không còn tồn tại.") from None
    ensure_signable(plan)  # reopened since the button was pressed: not signed
    job.report(10, "Đang dựng văn bản")
    plan, pdf = render_plan(plan.pk, on_page=_page_progress(job, plan, start=10, span=75))
    job.report(90, "Đang ký số bằng chứng thư số của cơ quan")
    signed = sign_issued_plan(plan, pdf, actor=job.owner)
    stored = SignedDocument.objects.get(sha256=signed.sha256)
    job.result = {
        "url": reverse("tasks:plan_signed", args=[plan.pk, stored.pk]),
        "link_label": "Tải bản đã ký số",
        "signed_id": stored.pk,
        "sha256": signed.sha256,
        "pages": pdf.page_count,
    }
    job.report(100, f"Đã ký số kế hoạch {plan.reference} bằng chứng thư số của {signed.organisation}.")


def _page_progress(job: Job, plan: Plan, *, start: int, span: int):
    """WeasyPrint's page callback as job progress: from start to start + span percent, by the
    pages drawn against the pages expected (an estimate, so it stops at start + span)."""
    expected_pages = _expected_pages(plan)

    def on_page(number):
        job.report(start + min(span, number * span // expected_pages), f"Đang dàn trang: trang {number}")

    return on_page


def _expected_pages(plan: Plan) -> int:
    # About eight task rows fit a landscape page; the body rarely runs past a handful of pages.
    body = sum(len(s.body) for s in plan.sections.all())
    return max(2, 2 + body // 2500 + plan_task_count(plan) // 8)
