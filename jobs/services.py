"""Start slow work now or in the Celery worker, and record how it ends."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError

from .models import Job, JobStatus

logger = logging.getLogger(__name__)

QUEUE_DOWN_MESSAGE = "Hàng đợi xử lý nền đang gián đoạn; công việc chưa được thực hiện. Vui lòng thử lại sau ít phút."
UNEXPECTED_MESSAGE = (
    "Có lỗi hệ thống khi xử lý; lỗi đã được ghi lại để quản trị viên kiểm tra. Không có dữ liệu nào bị thay đổi."
)


class JobFailed(Exception):
    """Raised by a job function to end the job with a message for the person waiting."""


def start_job(*, kind: str, title: str, owner, func: str, params: dict | None = None, inline: bool = False) -> Job:
    """Record the job and run `func(job, **params)`: now when `inline`, else in the worker.

    The worker is only asked after the surrounding transaction commits, so it always finds the
    job row (and whatever the caller saved with it).
    """
    import_string(func)  # fail at the call site on a typo, not later in the worker
    job = Job.objects.create(kind=kind, title=title, owner=owner, func=func, params=params or {})
    if inline:
        run(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: _enqueue(job))
    return job


def _enqueue(job: Job) -> None:
    from .tasks import run_job

    try:
        run_job.delay(str(job.pk))
    except OperationalError:
        logger.exception("Cannot reach the Celery broker for job %s", job.pk)
        job.mark(JobStatus.FAILED, message=QUEUE_DOWN_MESSAGE)


def run(job_id) -> None:
    """Run a queued job once: a redelivered message for a job already taken does nothing."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(status=JobStatus.RUNNING)
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)
    job.mark(JobStatus.RUNNING)
    try:
        import_string(job.func)(job, **job.params)
    except JobFailed as exc:
        job.mark(JobStatus.FAILED, message=str(exc))
    except ValidationError as exc:
        job.mark(JobStatus.FAILED, message=" ".join(exc.messages))
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.func)
        job.mark(JobStatus.FAILED, message=UNEXPECTED_MESSAGE)
    else:
        job.mark(JobStatus.SUCCEEDED, result=job.result)
