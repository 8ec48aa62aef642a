from celery import shared_task

from . import mail


@shared_task(bind=True, name="notifications.send_email")
def send_email(self, email_id: int) -> str:
    """Send one outbox row; retry a failure with backoff, then mark it failed (notifications.mail)."""
    try:
        return "sent" if mail.deliver(email_id) else "skipped"
    except Exception as error:
        # Whatever the mail server or the connection to it raised (SMTPException, OSError, a
        # timeout…): counted on the row, retried while tries remain. In-process (no broker)
        # Celery would retry at once, inside the request: the demo gets one try only.
        countdown = mail.record_failure(email_id, error, retry_possible=not self.request.is_eager)
        if countdown is None:
            return "failed"
        raise self.retry(exc=error, countdown=countdown, max_retries=None) from error


@shared_task(name="notifications.send_waiting_emails")
def send_waiting_emails() -> int:
    """Queue again the rows left waiting past their time (beat runs this every few minutes)."""
    ids = mail.stale_ids()
    for pk in ids:
        send_email.delay(pk)
    return len(ids)
