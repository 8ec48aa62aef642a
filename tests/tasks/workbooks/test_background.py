import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

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
    staged.refresh_from_db()
    assert (staged.appendix, staged.file.name) == (appendix, "")
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Xem phụ lục đã nhập" in page


def staged_upload(client, plan, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("bac-ninh-2025.xlsx", (SEEDS / "bac-ninh-2025.xlsx").read_bytes())
    client.post(reverse("plans:import_start", args=[plan.pk]), {"file": upload})
    return AppendixImport.objects.get()


@pytest.fixture
def big_import(settings):
    settings.APPENDIX_IMPORT_INLINE_ROWS = 10  # the 29 tasks of Bắc Ninh's appendix go to the worker
    demo_registry()
    plan = PlanFactory(issuing_unit=province("Bắc Ninh"), status="draft")
    editor = UserFactory(role=Role.PLAN_EDITOR, unit=Unit.objects.get(name="Sở Nội vụ", tree_root=plan.issuing_unit))
    return plan, editor


@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_once_of_a_large_import_start_one_job(big_import):
    from django.test import Client

    from jobs.services import run
    from tdkt_portal.celery import app
    from tests.concurrently import run_at_once

    plan, editor = big_import
    first, second = Client(), Client()
    second.force_login(editor)
    staged = staged_upload(first, plan, editor)
    form = {"sheet_0": "on", "target_0": "new", "action": "confirm"}
    try:
        responses = run_at_once(
            lambda: first.post(staged.get_absolute_url(), form),
            lambda: second.post(staged.get_absolute_url(), form),
            holding=staged,  # both confirms wait to save their choices, then go on together
        )
        job = Job.objects.get()
        page = reverse("jobs:detail", args=[job.pk])
        assert [response["Location"] for response in responses] == [page, page]
        said = {" ".join(str(m) for m in client.get(page).context["messages"]) for client in (first, second)}
        assert said == {"", "Tệp “bac-ninh-2025.xlsx” đang được nhập; không nhập lại lần nữa."}
        run(job.pk)  # what the worker does with the queued job
    finally:
        app.control.purge()  # no worker ran here: drop the queued message
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert Task.objects.filter(appendix=plan.appendices.get()).count() == 29


@pytest.mark.django_db(transaction=True)
def test_two_jobs_of_one_upload_at_once_import_it_once(client, big_import):
    from jobs.services import run
    from tests.concurrently import run_at_once

    plan, editor = big_import
    staged = staged_upload(client, plan, editor)
    # Two jobs for one upload, as a redelivered message or a second worker process would run it.
    jobs = [
        Job.objects.create(
            kind="appendix_import",
            title="Nhập phụ lục",
            owner=editor,
            func="tasks.workbooks.tasks.run_import",
            params={"import_id": str(staged.pk)},
        )
        for _ in range(2)
    ]
    run_at_once(lambda: run(jobs[0].pk), lambda: run(jobs[1].pk), holding=plan)

    appendix = plan.appendices.get()
    assert Task.objects.filter(appendix=appendix).count() == 29
    for job in jobs:
        job.refresh_from_db()
    staged.refresh_from_db()
    when = timezone.localtime(staged.imported_at)
    assert sorted((job.status, job.message, job.result["url"]) for job in jobs) == [
        (
            JobStatus.SUCCEEDED,
            f"Tệp “bac-ninh-2025.xlsx” đã được nhập vào kế hoạch lúc {when:%H:%M} ngày {when:%d/%m/%Y}; "
            "không nhập lại lần nữa.",
            staged.imported_url,
        ),
        (JobStatus.SUCCEEDED, f"Đã nhập 1 phụ lục, 29 nhiệm vụ vào kế hoạch {plan.reference}.", staged.imported_url),
    ]
    assert staged.imported_url == f"/ke-hoach/{plan.pk}/#appendix-{appendix.pk}"
