"""Making and revoking the keys of a person's API tokens and calendar feed: one transaction and
one activity row each. The key is returned once and never stored. Registering and changing
webhook subscriptions (admins)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from activity.services import record
from units.permissions import require

from . import targets
from .models import ApiToken, CalendarFeed, TokenScope, WebhookEvent, WebhookSubscription, digest, new_key, new_secret

MAX_ACTIVE_TOKENS = 20


@transaction.atomic
def create_token(*, actor, name: str, scope: str) -> tuple[ApiToken, str]:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Hãy đặt tên gợi nhớ cho khoá (ví dụ: tên hệ thống dùng khoá)."})
    if scope not in TokenScope.values:
        raise ValidationError({"scope": "Quyền của khoá phải là “Chỉ đọc” hoặc “Đọc và ghi”."})
    # Lock the account's row so two clicks at once cannot pass the limit together.
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
    if ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            f"Mỗi tài khoản có tối đa {MAX_ACTIVE_TOKENS} khoá đang dùng: hãy thu hồi khoá không dùng."
        )
    key = new_key()
    token = ApiToken.objects.create(user=actor, name=name, scope=scope, prefix=key[:8], key_digest=digest(key))
    record(
        actor=actor,
        action="api.token_create",
        summary=f"Tạo khoá API “{name}” ({token.get_scope_display().lower()})",
        target=token,
        after={"name": name, "scope": token.get_scope_display()},
    )
    return token, key


@transaction.atomic
def revoke_token(*, actor, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
    if token is None or token.user_id != actor.pk:
        raise PermissionDenied("Khoá này không phải của bạn.")
    if token.revoked_at is not None:
        raise ValidationError("Khoá này đã bị thu hồi từ trước.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor=actor, action="api.token_revoke", summary=f"Thu hồi khoá API “{token.name}”", target=token)
    return token


@transaction.atomic
def renew_calendar(*, actor) -> str:
    """A new private address for the person's calendar; the old one stops working."""
    key = new_key()
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        user=actor, defaults={"key_digest": digest(key)}
    )
    if not created:
        feed.key_digest = digest(key)
        feed.last_read_at = None
        feed.save(update_fields=["key_digest", "last_read_at", "created_at"])
    record(
        actor=actor,
        action="api.calendar_renew",
        summary="Tạo địa chỉ lịch riêng" if created else "Đổi địa chỉ lịch riêng (địa chỉ cũ hết hiệu lực)",
        target=feed,
    )
    return key


@transaction.atomic
def stop_calendar(*, actor) -> None:
    feed = CalendarFeed.objects.select_for_update().filter(user=actor).first()
    if feed is None:
        raise ValidationError("Bạn chưa có địa chỉ lịch riêng.")
    record(actor=actor, action="api.calendar_stop", summary="Tắt địa chỉ lịch riêng", target=feed)
    feed.delete()


# Webhook subscriptions (admins, in the admin) ----------------------------------------------------

SUBSCRIPTION_FIELDS = ["name", "url", "events", "active"]


def _subscription_facts(subscription: WebhookSubscription) -> dict:
    return {
        "name": subscription.name,
        "url": subscription.url,
        "events": subscription.event_labels(),
        "active": "Đang gửi" if subscription.active else "Đã tắt",
    }


def check_subscription(*, name: str, url: str, events) -> None:
    """What a subscription must be: a name, at least one known event, an address we send to
    (api/targets.py: http(s), resolvable, not into the portal's own network)."""
    errors = {}
    if not (name or "").strip():
        errors["name"] = "Hãy đặt tên cho hệ thống nhận (ví dụ: Hệ thống quản lý văn bản)."
    unknown = [e for e in events or [] if e not in WebhookEvent.values]
    if not events or unknown:
        errors["events"] = "Hãy chọn ít nhất một sự kiện trong danh sách."
    try:
        targets.resolve(url or "")
    except ValidationError as error:
        errors["url"] = error.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_subscription(*, actor, subscription: WebhookSubscription) -> WebhookSubscription:
    """Register a new subscription or save a changed one (the admin's form), checked, with one
    activity row. The secret is made when the subscription is; see renew_webhook_secret."""
    require(actor, "api.manage_webhooks")
    subscription.name = subscription.name.strip()
    subscription.url = subscription.url.strip()
    subscription.events = [e for e in WebhookEvent.values if e in set(subscription.events)]
    check_subscription(name=subscription.name, url=subscription.url, events=subscription.events)
    if subscription.pk is None:
        subscription.created_by = actor
        subscription.save()
        record(
            actor=actor,
            action="webhook.create",
            summary=f"Đăng ký gửi sự kiện tới {subscription.name} ({subscription.url})",
            target=subscription,
            after=_subscription_facts(subscription),
        )
        return subscription
    before = _subscription_facts(WebhookSubscription.objects.select_for_update().get(pk=subscription.pk))
    subscription.save(update_fields=SUBSCRIPTION_FIELDS)
    after = _subscription_facts(subscription)
    if after != before:
        record(
            actor=actor,
            action="webhook.update",
            summary=f"Sửa đăng ký gửi sự kiện tới {subscription.name}",
            target=subscription,
            before=before,
            after=after,
        )
    return subscription


@transaction.atomic
def renew_webhook_secret(*, actor, subscription_id: int) -> WebhookSubscription:
    """A new secret: deliveries from now on are signed with it (the receiver must be given it)."""
    require(actor, "api.manage_webhooks")
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription_id)
    subscription.secret = new_secret()
    subscription.save(update_fields=["secret"])
    record(
        actor=actor,
        action="webhook.renew_secret",
        summary=f"Đổi khoá bí mật ký sự kiện gửi tới {subscription.name}",
        target=subscription,
    )
    return subscription
