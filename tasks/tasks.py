from datetime import date
from smtplib import SMTPException

from celery import shared_task
from django.db import DatabaseError

from . import reminders


@shared_task(
    autoretry_for=(DatabaseError, SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=1800,
    max_retries=10,
)
def send_reminders(day: str | None = None) -> dict:
    """The daily reminder sweep (beat runs it every working hour; reruns send nothing twice)."""
    return reminders.sweep(date.fromisoformat(day) if day else None).as_dict()
