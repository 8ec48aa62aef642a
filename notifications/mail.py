"""Every e-mail the portal sends, except the reminder digests (tasks.reminders has its own
exactly-once delivery), goes through this outbox.

- `queue_email` writes one `OutgoingEmail` row per address inside the caller's transaction: a
  change that rolls back sends nothing, a change that commits is never lost with its e-mail.
- After the commit the Celery task `notifications.send_email` sends it: no page waits on the
  mail server, and a mail server that is down cannot fail a change already saved.
- A failed try is retried with exponential backoff (`MAIL_RETRY_BACKOFF_SECONDS`, doubling, at
  most `MAIL_RETRY_BACKOFF_MAX_SECONDS`) up to `MAIL_RETRY_MAX` times; then the row is marked
  failed with the error, for admins to see and resend ("Gửi lại").
- A row whose task never reached the broker (Redis down at the commit) or whose retry was lost
  is picked up by `notifications.send_waiting_emails`, which beat runs every few minutes.
- With no broker (the demo: Celery runs in-process) there is no worker to retry later: one try
  in the request, and a failure marks the row failed at once. Either way nothing is raised into
  the request.

Each row is sent and marked sent inside one transaction holding its lock, so two workers never
send it both. The one window for a second copy is a worker dying after the mail server accepted
the message and before that commit; the copy carries the row's own Message-ID.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta
from email.utils import make_msgid
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from activity.services import record

from .models import EmailStatus, OutgoingEmail

logger = logging.getLogger(__name__)

# How long a waiting row is left to the task queued at its commit (or its scheduled retry)
# before the periodic sweep takes it over.
STALE_AFTER = timedelta(minutes=10)


def queue_email(
    *, to: Iterable[str], subject: str, body: str, html_body: str = "", from_email: str | None = None
) -> list[OutgoingEmail]:
    """Queue the same message to each address, one row (and one e-mail) per address.

    Call inside the transaction of the change the e-mail reports; it is sent after the commit."""
    addresses = {}
    for address in to:
        address = (address or "").strip()
        if address:
            addresses.setdefault(address.lower(), address)
    if not addresses:
        return []
    now = timezone.now()
    rows = OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                to=address,
                from_email=from_email or settings.DEFAULT_FROM_EMAIL,
                subject=" ".join(subject.split())[:1000],
                body=body,
                html_body=html_body,
                message_id=_message_id(),
                next_attempt_at=now,
            )
            for address in sorted(addresses.values(), key=str.lower)
        ]
    )
    _send_after_commit([row.pk for row in rows])
    return rows


def _message_id() -> str:
    # A domain given, so make_msgid never asks DNS for this host's name.
    return make_msgid(idstring="tdkt", domain=urlsplit(settings.PORTAL_URL).hostname or "localhost")


def _send_after_commit(ids: list[int]) -> None:
    # robust: whatever goes wrong handing the rows to Celery is logged, never raised into the
    # request whose change has already committed.
    transaction.on_commit(partial(_enqueue, ids), robust=True)


def _enqueue(ids: list[int]) -> None:
    from .tasks import send_email

    for pk in ids:
        try:
            send_email.delay(pk)
        except OperationalError:
            # The rows wait; the periodic sweep sends them once the broker is back.
            logger.warning("Celery broker unreachable: %d e-mail(s) wait in the outbox", len(ids))
            return


def deliver(email_id: int) -> bool:
    """Send one waiting e-mail and mark it sent, both under its row lock. False when there is
    nothing to do: sent already, failed for good, or being sent by another worker right now.
    A mail error propagates, with nothing marked."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=EmailStatus.PENDING)
            .first()
        )
        if email is None:
            return False
        message = EmailMultiAlternatives(
            email.subject,
            email.body,
            email.from_email,
            [email.to],
            headers={"Message-ID": email.message_id},
        )
        if email.html_body:
            message.attach_alternative(email.html_body, "text/html")
        message.send()
        now = timezone.now()
        email.status = EmailStatus.SENT
        email.attempts += 1
        email.sent_at = email.last_attempt_at = now
        email.next_attempt_at = None
        email.save(update_fields=["status", "attempts", "sent_at", "last_attempt_at", "next_attempt_at"])
    return True


def backoff(attempts: int) -> int:
    """Seconds to wait after the `attempts`-th failed try: the base, doubling, capped."""
    return min(settings.MAIL_RETRY_BACKOFF_SECONDS * 2 ** (attempts - 1), settings.MAIL_RETRY_BACKOFF_MAX_SECONDS)


def record_failure(email_id: int, error: BaseException, *, retry_possible: bool = True) -> int | None:
    """Count a failed try. Returns the seconds until the next try, or None when the row is now
    failed for good (retries used up, or no worker to retry: the in-process demo)."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id, status=EmailStatus.PENDING).first()
        if email is None:
            return None
        now = timezone.now()
        email.attempts += 1
        email.last_attempt_at = now
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        countdown = backoff(email.attempts) if retry_possible and email.attempts <= settings.MAIL_RETRY_MAX else None
        if countdown is None:
            email.status = EmailStatus.FAILED
            email.next_attempt_at = None
            logger.error("E-mail %s to %s failed for good: %s", email.pk, email.to, email.last_error)
        else:
            email.next_attempt_at = now + timedelta(seconds=countdown)
        email.save(update_fields=["attempts", "last_attempt_at", "last_error", "status", "next_attempt_at"])
    return countdown


def stale_ids(limit: int = 500) -> list[int]:
    """Waiting rows whose try is overdue by more than STALE_AFTER: their task never reached the
    broker, or was lost with a worker."""
    return list(
        OutgoingEmail.objects.filter(status=EmailStatus.PENDING, next_attempt_at__lt=timezone.now() - STALE_AFTER)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


@transaction.atomic
def resend(*, actor, ids: Iterable[int]) -> list[int]:
    """Put failed or still-waiting e-mails back in the queue with a fresh count of tries (the admin
    action "Gửi lại"). Sent ones are left alone: their recipient has them already. Returns the
    ids queued again."""
    emails = list(
        OutgoingEmail.objects.select_for_update()
        .filter(pk__in=list(ids), status__in=[EmailStatus.FAILED, EmailStatus.PENDING])
        .order_by("pk")
    )
    now = timezone.now()
    for email in emails:
        before = {"status": email.status, "attempts": email.attempts}
        email.status = EmailStatus.PENDING
        email.attempts = 0
        email.next_attempt_at = now
        email.save(update_fields=["status", "attempts", "next_attempt_at"])
        record(
            actor=actor,
            action="email.resend",
            summary=f"Gửi lại thư “{email.subject}” tới {email.to}",
            target=email,
            before=before,
            after={"status": email.status, "attempts": 0},
        )
    queued = [email.pk for email in emails]
    if queued:
        _send_after_commit(queued)
    return queued
