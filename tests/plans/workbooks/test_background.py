import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobs.models import Job, JobStatus
from plans.models import AppendixImport
from tasks.models import Task
from tests.factories import PlanFactory, UserFactory
from units.models import Role, Unit

from .builders import demo_registry, province

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "seeds"


@pytest.mark.django_db(transaction=True)
def test_a_large_import_runs_in_the_worker_behind_a_progress_page(client, settings, celery_worker):
    settings.APPENDIX_IMPORT_INLINE_ROWS = 10
    demo_registry()
    plan = PlanFactory(issuing_unit=province("Bắc Ninh"), status="draft")
    editor = UserFactory(role=Role.PLAN_EDITOR, unit=Unit.objects.get(name="Sở Nội vụ", tree_root=plan.issuing_unit))
    client.force_login(editor)
    upload = SimpleUploadedFile("bac-ninh-2025.xlsx", (SEEDS / "bac-ninh-2025.xlsx").read_bytes())
    client.post(reverse("plans:import_start", args=[plan.pk]), {"file": upload})
    staged = AppendixImport.objects.get()
    response = client.post(staged.get_absolute_url(), {"sheet_0": "on", "target_0": "new", "action": "confirm"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    deadline = time.monotonic() + 30
    while not job.is_finished and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert (job.status, job.progress, job.message) == (
        JobStatus.SUCCEEDED,
        100,
        f"Đã nhập 1 phụ lục, 29 nhiệm vụ vào kế hoạch {plan.reference}.",
    )
    appendix = plan.appendices.get()
    assert job.result["url"] == f"/ke-hoach/{plan.pk}/#appendix-{appendix.pk}"
    assert Task.objects.filter(appendix=appendix).count() == 29
    assert not AppendixImport.objects.exists()
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Xem phụ lục đã nhập" in page
