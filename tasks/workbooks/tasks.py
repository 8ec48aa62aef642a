"""The background half of a big import: the jobs app runs this in the Celery worker."""

from django.urls import reverse

from jobs.services import JobFailed
from plans.models import AppendixImport

from .services import AlreadyImported, confirm_import

LINK_LABEL = "Xem phụ lục đã nhập"


def run_import(job, *, import_id: str) -> None:
    staged = AppendixImport.objects.select_related("plan").filter(pk=import_id).first()
    if staged is None:
        raise JobFailed("Tệp chờ nhập không còn (đã huỷ hoặc quá một ngày); hãy tải lên lại.")
    plan = staged.plan
    try:
        appendices = confirm_import(actor=job.owner, staged=staged, progress=job.report)
    except AlreadyImported as done:
        # Another confirm of the same upload did the work: point to it rather than fail.
        job.result = {"url": done.url, "link_label": LINK_LABEL, "appendices": [done.staged.appendix_id]}
        job.report(100, done.messages[0])
        return
    count = sum(appendix.tasks.count() for appendix in appendices)
    job.result = {
        "url": f"{reverse('plans:detail', args=[plan.pk])}#appendix-{appendices[0].pk}",
        "link_label": LINK_LABEL,
        "appendices": [appendix.pk for appendix in appendices],
    }
    job.report(100, f"Đã nhập {len(appendices)} phụ lục, {count} nhiệm vụ vào kế hoạch {plan.reference}.")
