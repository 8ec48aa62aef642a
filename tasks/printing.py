"""A plan's PDF: drawn once per plan version and kept, small plans at once, big ones in the worker.

Storing a PDF is a cache fill, not a change anyone made to the plan, so it writes no activity
log row; the plan's own writes (plans.services) are what the log records.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify

from jobs.models import Job, JobStatus
from jobs.services import JobFailed, start_job
from plans.models import Plan
from tasks.models import Task

from .models import RenderedDocument
from .plan_document import plan_context, plan_for_document
from .rendering import Pdf, html_to_pdf, render_html

# Bump when templates/documents or static/css/document.css change what a PDF looks like, so PDFs
# stored under the old layout are drawn again.
LAYOUT_REVISION = 1
PLAN_TEMPLATE = "documents/plan.html"
JOB_KIND = "documents.plan_pdf"


class PlanChanged(ValidationError):
    def __init__(self):
        super().__init__(
            "Kế hoạch vừa được sửa trong lúc tạo bản PDF; hãy bấm “Tải PDF” lại để lấy bản mới.", code="changed"
        )


def inline_max_tasks() -> int:
    """Plans with more tasks than this are drawn by the worker while the person watches progress."""
    return settings.DOCUMENTS_INLINE_MAX_TASKS


def plan_key(plan: Plan) -> str:
    return f"plan-{plan.pk}"


def forget_plan_pdf(sender, instance: Plan, **kwargs) -> None:
    """A deleted plan's stored PDF goes too (its file after commit: tdkt_portal.stored_files)."""
    RenderedDocument.objects.filter(key=plan_key(instance)).delete()


def plan_version(plan: Plan) -> str:
    return f"{plan.version}.r{LAYOUT_REVISION}"


def plan_filename(plan: Plan) -> str:
    """ "ke-hoach-196-kh-ubnd-2025.pdf"; a draft says so in its name."""
    if plan.is_draft or not plan.number:
        return f"du-thao-ke-hoach-{plan.year}-{plan.pk}.pdf"
    return f"ke-hoach-{slugify(f'{plan.number} {plan.symbol}')}-{plan.year}.pdf"


def cached_plan_pdf(plan: Plan) -> RenderedDocument | None:
    return RenderedDocument.objects.filter(key=plan_key(plan), version=plan_version(plan)).first()


def plan_task_count(plan: Plan) -> int:
    return Task.objects.filter(appendix__plan=plan).count()


def render_plan_html(plan: Plan, *, request=None, preview=False) -> str:
    return render_html(PLAN_TEMPLATE, plan_context(plan), request=request, preview=preview)


def render_plan(plan_id, *, on_page=None) -> tuple[Plan, Pdf]:
    """Draw a plan as it is now. Its version is read before and after its rows: every plan write
    bumps it in the same transaction, so equal versions mean the rows belong to that version."""
    plan = plan_for_document(plan_id)
    html = render_plan_html(plan)
    if Plan.objects.filter(pk=plan.pk).values_list("version", flat=True).get() != plan.version:
        raise PlanChanged()
    return plan, html_to_pdf(html, on_page=on_page)


@transaction.atomic
def store_plan_pdf(plan: Plan, pdf: Pdf) -> RenderedDocument:
    """Keep `pdf` as the plan's PDF for `plan.version`, replacing the one of an older version."""
    document = RenderedDocument.objects.select_for_update().filter(key=plan_key(plan)).first()
    old_file = document.file.name if document and document.file else None
    if document is None:
        document = RenderedDocument(key=plan_key(plan))
    document.version = plan_version(plan)
    document.page_count = pdf.page_count
    document.size = len(pdf.content)
    document.file.save(f"ke-hoach-{plan.pk}-v{plan.version}.pdf", ContentFile(pdf.content), save=False)
    document.save()
    if old_file and old_file != document.file.name:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return document


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
        func="documents.services.render_plan_job",
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
        expected_pages = _expected_pages(plan)
        job.report(10, "Đang dựng văn bản")

        def on_page(number):
            job.report(10 + min(80, number * 80 // expected_pages), f"Đang dàn trang: trang {number}")

        plan, pdf = render_plan(plan.pk, on_page=on_page)
        job.report(92, "Đang lưu tệp PDF")
        cached = store_plan_pdf(plan, pdf)
    job.result = {
        "url": reverse("documents:plan_pdf", args=[plan.pk]),
        "link_label": "Tải bản PDF",
        "filename": plan_filename(plan),
        "pages": cached.page_count,
    }
    job.report(100, f"Đã tạo bản PDF {cached.page_count} trang.")


def _expected_pages(plan: Plan) -> int:
    # About eight task rows fit a landscape page; the body rarely runs past a handful of pages.
    body = sum(len(s.body) for s in plan.sections.all())
    return max(2, 2 + body // 2500 + plan_task_count(plan) // 8)
