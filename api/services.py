"""Making and revoking the keys of a person's API tokens and calendar feed: one transaction and
one activity row each. The key is returned once and never stored."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from activity.services import record

from .models import ApiToken, CalendarFeed, TokenScope, digest, new_key

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
