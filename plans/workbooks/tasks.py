"""The background half of a big import: the jobs app runs this in the Celery worker."""

from django.urls import reverse

from jobs.services import JobFailed
from plans.models import AppendixImport

from .services import confirm_import


def run_import(job, *, import_id: str) -> None:
    staged = AppendixImport.objects.select_related("plan").filter(pk=import_id).first()
    if staged is None:
        raise JobFailed("Tệp chờ nhập không còn (đã nhập hoặc đã huỷ).")
    plan = staged.plan
    appendices = confirm_import(actor=job.owner, staged=staged, progress=job.report)
    count = sum(appendix.tasks.count() for appendix in appendices)
    job.result = {
        "url": f"{reverse('plans:detail', args=[plan.pk])}#appendix-{appendices[0].pk}",
        "link_label": "Xem phụ lục đã nhập",
        "appendices": [appendix.pk for appendix in appendices],
    }
    job.report(100, f"Đã nhập {len(appendices)} phụ lục, {count} nhiệm vụ vào kế hoạch {plan.reference}.")
