from celery import shared_task


@shared_task(name="jobs.run_job")
def run_job(job_id: str) -> None:
    from .services import run

    run(job_id)
