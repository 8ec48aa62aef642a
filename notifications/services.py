from django.db import transaction
from django.utils import timezone

from .models import Notification


def notify(users, *, title: str, body: str = "", url: str = "") -> list[Notification]:
    """One notification per user, in one insert. Call inside the caller's transaction so the
    notifications exist exactly when what they announce does."""
    rows = [Notification(user=user, title=title[:300], body=body, url=url[:500]) for user in users]
    return Notification.objects.bulk_create(rows)


def build(user_id: int, *, title: str, body: str = "", url: str = "") -> Notification:
    """An unsaved notification, for callers that insert many different ones with one bulk_create."""
    return Notification(user_id=user_id, title=title[:300], body=body, url=url[:500])


@transaction.atomic
def mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read, or all of them; returns how many changed."""
    unread = Notification.objects.unread().filter(user=user)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
