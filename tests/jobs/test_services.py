import time

import pytest
from django.db import transaction

from jobs.models import Job, JobStatus
from jobs.services import UNEXPECTED_MESSAGE, run, start_job
from tests.factories import UserFactory

FUNCS = "tests.jobs.job_functions"


@pytest.mark.django_db
def test_inline_job_runs_now_and_keeps_its_result_and_file():
    owner = UserFactory()
    job = start_job(
        kind="test", title="Đếm dòng", owner=owner, func=f"{FUNCS}.count_rows", params={"rows": 4}, inline=True
    )
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress == 100
    assert job.message == "Đã xử lý 4/4 dòng"
    assert job.result == {"rows": 4, "url": "/ke-hoach/", "link_label": "Về danh sách kế hoạch"}
    assert job.result_file.read().decode() == "4 dòng"
    assert job.started_at <= job.finished_at


@pytest.mark.django_db
def test_job_failed_keeps_the_message_for_the_person_waiting():
    job = start_job(kind="test", title="x", owner=UserFactory(), func=f"{FUNCS}.refuse", inline=True)
    assert (job.status, job.message) == (JobStatus.FAILED, "Tệp không có dòng tiêu đề.")


@pytest.mark.django_db
def test_a_bug_ends_the_job_with_a_plain_message_not_a_traceback(caplog):
    job = start_job(kind="test", title="x", owner=UserFactory(), func=f"{FUNCS}.crash", inline=True)
    assert (job.status, job.message) == (JobStatus.FAILED, UNEXPECTED_MESSAGE)
    assert "ZeroDivisionError" in caplog.text


@pytest.mark.django_db
def test_an_unknown_function_is_refused_before_anything_is_saved():
    with pytest.raises(ImportError):
        start_job(kind="test", title="x", owner=UserFactory(), func=f"{FUNCS}.missing")
    assert Job.objects.count() == 0


@pytest.mark.django_db
def test_a_redelivered_message_does_not_run_a_job_twice():
    job = start_job(
        kind="test", title="x", owner=UserFactory(), func=f"{FUNCS}.count_rows", params={"rows": 2}, inline=True
    )
    Job.objects.filter(pk=job.pk).update(progress=7)
    run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.progress) == (JobStatus.SUCCEEDED, 7)


@pytest.mark.django_db(transaction=True)
def test_queued_job_runs_in_the_celery_worker_after_commit(celery_worker):
    with transaction.atomic():
        job = start_job(kind="test", title="Đếm", owner=UserFactory(), func=f"{FUNCS}.count_rows", params={"rows": 3})
        assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    for _ in range(100):
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.1)
    assert (job.status, job.progress, job.result["rows"]) == (JobStatus.SUCCEEDED, 100, 3)
