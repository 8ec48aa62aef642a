"""Webhooks: other systems told, by a signed POST, that something happened in the portal.

What is sent
    A JSON body `{"id": <event id>, "event": "plan.issued", "occurred_at": <ISO 8601>, "data": {…}}`
    to every active subscription that lists the event (`api.models.WebhookEvent`):

    - `plan.issued`: `data.plan` (id, reference, year, title, issuing unit, issue date, version,
      its page and its API address);
    - `progress.updated`: `data.progress_update` as `/api/v1/progress-updates/<id>/` shows it
      (a lead unit's status report or a coordinating unit's contribution) and `data.plan`;
    - `dossier.status_changed`: `data.dossier` as `/api/v1/dossiers/<id>/` shows it, with
      `from_status`, `to_status`, `transition` and `reason`; `dossier.decided` the same when a
      decision has closed the dossier (`to_status` "decided", `decision` its reference);
    - `decision.issued`: `data.decision` as `/api/v1/decisions/<id>/` shows it and `nominee_count`.

How it is signed
    `X-TDKT-Timestamp: <unix seconds of this try>` and `X-TDKT-Signature: sha256=<hex>`, the
    HMAC-SHA256 of `"<timestamp>." + body` with the subscription's secret. A receiver recomputes
    it over the raw body, compares in constant time and refuses a timestamp more than five minutes
    away from its clock (a replayed request). `X-TDKT-Event` names the event; `Idempotency-Key`
    (and `X-TDKT-Event-Id`) is the event's id: the same on every try and every resend, so a
    receiver that has seen it answers 2xx and does nothing more.

How it is delivered (the e-mail outbox's way, notifications/mail.py)
    - The event's rows (`WebhookDelivery`, one per subscription, at most one per event:
      a unique constraint) are written inside the transaction of the change, by receivers of the
      apps' signals (plans.signals.plan_issued, tasks.signals.progress_reported,
      workflows.signals.transitioned for dossiers, awards.signals.decision_issued): a change that
      rolls back sends nothing. The body is fixed there, so every try sends the same bytes.
    - After the commit the Celery task `api.deliver_webhook` posts it (api/targets.py checks the
      address again, then connects to the address it checked). A 2xx answer is success; anything
      else, a timeout or a refused address is a failed try, retried with exponential backoff
      (`WEBHOOK_RETRY_BACKOFF_SECONDS`, doubling, at most `WEBHOOK_RETRY_BACKOFF_MAX_SECONDS`) up to
      `WEBHOOK_RETRY_MAX` times; then the row is failed, for admins to see and resend ("Gửi lại").
    - Rows whose task never reached the broker are picked up by `api.send_waiting_webhooks` (beat).
    - A row is posted and marked sent under its row lock, so two workers never both send it; a
      worker dying between the receiver's answer and that commit sends it again, with the same
      idempotency key.
    - A failure to write the rows (a bug here) is logged and never stops the change it reports.
"""

import hashlib
import hmac
import json
import logging
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import partial

import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from activity.services import record
from awards.models import Dossier, DossierStatus

from . import serializers, targets
from .models import DeliveryStatus, WebhookDelivery, WebhookEvent, WebhookSubscription

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)
EXCERPT = 2000  # characters of a receiver's answer kept on the row
USER_AGENT = "TDKT-Portal-Webhook/1"


# Queueing ------------------------------------------------------------------------------------


def queue_event(event: str, data: Callable[[], dict]) -> list[WebhookDelivery]:
    """Write one delivery row per active subscription listing `event`, in the caller's
    transaction; they are posted after the commit. `data` builds the payload's data, only when
    someone listens. A failure here is logged, never raised into the change."""
    subscriptions = [s for s in WebhookSubscription.objects.filter(active=True).order_by("pk") if event in s.events]
    if not subscriptions:
        return []
    try:
        with transaction.atomic():  # a savepoint: a failed insert leaves the caller's change whole
            event_id = uuid.uuid4()
            payload = {
                "id": str(event_id),
                "event": event,
                "occurred_at": timezone.localtime().isoformat(),
                "data": data(),
            }
            body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
            now = timezone.now()
            rows = WebhookDelivery.objects.bulk_create(
                [
                    WebhookDelivery(subscription=s, event=event, event_id=event_id, body=body, next_attempt_at=now)
                    for s in subscriptions
                ]
            )
    except Exception:
        logger.exception("Webhook event %s could not be queued; the change it reports goes on", event)
        return []
    _send_after_commit([row.pk for row in rows])
    return rows


def _send_after_commit(ids: list[int]) -> None:
    transaction.on_commit(partial(_enqueue, ids), robust=True)


def _enqueue(ids: list[int]) -> None:
    from .tasks import deliver_webhook

    for pk in ids:
        try:
            deliver_webhook.delay(pk)
        except OperationalError:
            logger.warning("Celery broker unreachable: %d webhook deliveries wait", len(ids))
            return


# The events' data ----------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return f"{settings.PORTAL_URL}{path}"


def plan_data(plan) -> dict:
    return {
        "id": plan.pk,
        "reference": plan.reference,
        "year": plan.year,
        "title": plan.title,
        "issuing_unit": plan.issuing_unit_id,
        "issuing_unit_name": plan.issuing_unit.name if plan.issuing_unit_id else "",
        "issued_on": plan.issued_on,
        "version": plan.version,
        "web_url": _absolute(plan.get_absolute_url()),
        "api_url": _absolute(reverse("api:plan-detail", args=[plan.pk])),
    }


def on_plan_issued(sender, plan, **kwargs) -> None:
    queue_event(WebhookEvent.PLAN_ISSUED, lambda: {"plan": plan_data(plan)})


def on_progress_reported(sender, update, **kwargs) -> None:
    def data():
        plan = update.task.appendix.plan
        return {
            "progress_update": serializers.ProgressUpdateSerializer(update).data,
            "plan": {"id": plan.pk, "reference": plan.reference, "title": plan.title},
            "api_url": _absolute(reverse("api:progress-update-detail", args=[update.pk])),
        }

    queue_event(WebhookEvent.PROGRESS_UPDATED, data)


def on_transition(sender, change, **kwargs) -> None:
    if sender is not Dossier:
        return
    dossier, transition = change.obj, change.transition

    def data():
        return {
            "dossier": serializers.DossierSerializer(dossier).data,
            "from_status": change.source,
            "to_status": transition.target,
            "transition": transition.name,
            "reason": change.reason,
            **({"decision": change.facts["decision"]} if "decision" in change.facts else {}),
            "web_url": _absolute(dossier.get_absolute_url()),
            "api_url": _absolute(reverse("api:dossier-detail", args=[dossier.pk])),
        }

    queue_event(WebhookEvent.DOSSIER_STATUS_CHANGED, data)
    if transition.target == DossierStatus.DECIDED:
        queue_event(WebhookEvent.DOSSIER_DECIDED, data)


def on_decision_issued(sender, decision, nominee_count, **kwargs) -> None:
    def data():
        return {
            "decision": serializers.DecisionSerializer(decision).data,
            "nominee_count": nominee_count,
            "api_url": _absolute(reverse("api:decision-detail", args=[decision.pk])),
        }

    queue_event(WebhookEvent.DECISION_ISSUED, data)


def connect() -> None:
    """Listen to the apps' signals (ApiConfig.ready): they cannot import api, it sits above them."""
    from awards.signals import decision_issued
    from plans.signals import plan_issued
    from tasks.signals import progress_reported
    from workflows.signals import transitioned

    plan_issued.connect(on_plan_issued, dispatch_uid="api.webhooks.plan_issued")
    progress_reported.connect(on_progress_reported, dispatch_uid="api.webhooks.progress_reported")
    transitioned.connect(on_transition, dispatch_uid="api.webhooks.transitioned")
    decision_issued.connect(on_decision_issued, dispatch_uid="api.webhooks.decision_issued")


# Signing and posting -------------------------------------------------------------------------


def signature(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def headers_for(delivery: WebhookDelivery, body: bytes, timestamp: int) -> dict:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-TDKT-Event": delivery.event,
        "X-TDKT-Event-Id": str(delivery.event_id),
        "Idempotency-Key": str(delivery.event_id),
        "X-TDKT-Timestamp": str(timestamp),
        "X-TDKT-Signature": f"sha256={signature(delivery.subscription.secret, timestamp, body)}",
    }


class DeliveryFailed(Exception):
    """The receiver answered, but not 2xx."""

    def __init__(self, status: int, excerpt: str):
        super().__init__(f"HTTP {status}")
        self.status, self.excerpt = status, excerpt


def post(target: targets.Target, body: bytes, headers: dict) -> tuple[int, str]:
    """POST to the checked addresses in turn (the next only when one cannot be connected to).
    Returns the status and the start of the answer; no redirect is followed."""
    timeout = urllib3.Timeout(connect=settings.WEBHOOK_TIMEOUT_SECONDS, read=settings.WEBHOOK_TIMEOUT_SECONDS)
    tls = (
        {"server_hostname": target.host, "assert_hostname": target.host, "cert_reqs": "CERT_REQUIRED"}
        if target.scheme == "https"
        else {}
    )
    pool_class = urllib3.HTTPSConnectionPool if target.scheme == "https" else urllib3.HTTPConnectionPool
    for index, address in enumerate(target.addresses):
        with pool_class(address, target.port, timeout=timeout, retries=False, maxsize=1, **tls) as pool:
            try:
                response = pool.urlopen(
                    "POST",
                    target.path,
                    body=body,
                    headers={**headers, "Host": target.host_header},
                    redirect=False,
                    assert_same_host=False,
                    preload_content=False,
                )
            except urllib3.exceptions.NewConnectionError:
                if index + 1 < len(target.addresses):
                    continue
                raise
            try:
                excerpt = response.read(EXCERPT * 4, decode_content=True)
            finally:
                response.release_conn()
            return response.status, excerpt.decode("utf-8", "replace")[:EXCERPT]
    raise AssertionError("targets.resolve returns at least one address")


def deliver(delivery_id: int) -> bool:
    """Post one waiting delivery and mark it sent, both under its row lock. False when there is
    nothing to do: sent or failed already, being sent by another worker, or its subscription
    turned off (the row is then marked so). A failed try raises, with nothing marked."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None:
            return False
        if not delivery.subscription.active:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.CANCELLED, None
            delivery.save(update_fields=["status", "next_attempt_at"])
            return False
        target = targets.resolve(delivery.subscription.url)
        body = delivery.body.encode()
        status, excerpt = post(target, body, headers_for(delivery, body, int(time.time())))
        if not 200 <= status < 300:
            raise DeliveryFailed(status, excerpt)
        now = timezone.now()
        delivery.status = DeliveryStatus.SENT
        delivery.attempts += 1
        delivery.last_status_code, delivery.last_response, delivery.last_error = status, excerpt, ""
        delivery.sent_at = delivery.last_attempt_at = now
        delivery.next_attempt_at = None
        delivery.save(
            update_fields=[
                "status",
                "attempts",
                "last_status_code",
                "last_response",
                "last_error",
                "sent_at",
                "last_attempt_at",
                "next_attempt_at",
            ]
        )
    return True


def backoff(attempts: int) -> int:
    """Seconds to wait after the `attempts`-th failed try: the base, doubling, capped."""
    return min(settings.WEBHOOK_RETRY_BACKOFF_SECONDS * 2 ** (attempts - 1), settings.WEBHOOK_RETRY_BACKOFF_MAX_SECONDS)


def describe(error: BaseException) -> str:
    if isinstance(error, DeliveryFailed):
        return f"Máy chủ nhận trả lời HTTP {error.status}."
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return f"{type(error).__name__}: {error}"


def record_failure(delivery_id: int, error: BaseException, *, retry_possible: bool = True) -> int | None:
    """Count a failed try. Returns the seconds until the next try, or None when the row is now
    failed for good (tries used up, or no worker to retry: the in-process demo)."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update().filter(pk=delivery_id, status=DeliveryStatus.PENDING).first()
        )
        if delivery is None:
            return None
        now = timezone.now()
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.last_error = describe(error)[:2000]
        delivery.last_status_code = error.status if isinstance(error, DeliveryFailed) else None
        delivery.last_response = error.excerpt if isinstance(error, DeliveryFailed) else ""
        retry = retry_possible and delivery.attempts <= settings.WEBHOOK_RETRY_MAX
        countdown = backoff(delivery.attempts) if retry else None
        if countdown is None:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
            logger.error("Webhook delivery %s failed for good: %s", delivery.pk, delivery.last_error)
        else:
            delivery.next_attempt_at = now + timedelta(seconds=countdown)
        delivery.save(
            update_fields=[
                "attempts",
                "last_attempt_at",
                "last_error",
                "last_status_code",
                "last_response",
                "status",
                "next_attempt_at",
            ]
        )
    return countdown


def stale_ids(limit: int = 500) -> list[int]:
    """Waiting rows overdue by more than STALE_AFTER: their task never reached the broker, or was
    lost with a worker."""
    return list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lt=timezone.now() - STALE_AFTER)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


@transaction.atomic
def resend(*, actor, ids) -> list[int]:
    """Put failed, waiting or cancelled deliveries of active subscriptions back in the queue with a
    fresh count of tries (the admin action "Gửi lại"): the same body and idempotency key. Sent
    ones are left alone. Returns the ids queued again."""
    deliveries = list(
        WebhookDelivery.objects.select_for_update(of=("self",))
        .select_related("subscription")
        .filter(
            pk__in=list(ids),
            subscription__active=True,
            status__in=[DeliveryStatus.FAILED, DeliveryStatus.PENDING, DeliveryStatus.CANCELLED],
        )
        .order_by("pk")
    )
    now = timezone.now()
    for delivery in deliveries:
        before = {"status": delivery.get_status_display(), "attempts": delivery.attempts}
        delivery.status, delivery.attempts, delivery.next_attempt_at = DeliveryStatus.PENDING, 0, now
        delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
        record(
            actor=actor,
            action="webhook.resend",
            summary=f"Gửi lại sự kiện “{delivery.get_event_display()}” tới {delivery.subscription.name}",
            target=delivery,
            before=before,
            after={"status": delivery.get_status_display(), "attempts": 0},
        )
    queued = [d.pk for d in deliveries]
    if queued:
        _send_after_commit(queued)
    return queued
