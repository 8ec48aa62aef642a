from celery import shared_task

from . import webhooks


@shared_task(bind=True, name="api.deliver_webhook")
def deliver_webhook(self, delivery_id: int) -> str:
    """Post one webhook delivery; retry a failure with backoff, then mark it failed (api.webhooks)."""
    try:
        return "sent" if webhooks.deliver(delivery_id) else "skipped"
    except Exception as error:
        # Whatever the receiver or the way to it did (an answer not 2xx, a refused or unreachable
        # address, a timeout, a TLS error…): counted on the row, retried while tries remain.
        # In-process (no broker) the demo gets one try only, as for e-mail.
        countdown = webhooks.record_failure(delivery_id, error, retry_possible=not self.request.is_eager)
        if countdown is None:
            return "failed"
        raise self.retry(exc=error, countdown=countdown, max_retries=None) from error


@shared_task(name="api.send_waiting_webhooks")
def send_waiting_webhooks() -> int:
    """Queue again the deliveries left waiting past their time (beat runs this every few minutes)."""
    ids = webhooks.stale_ids()
    for pk in ids:
        deliver_webhook.delay(pk)
    return len(ids)
