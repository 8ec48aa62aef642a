import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from .mail import queue_email
from .models import DailyReminder, Notification


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


# "Nhắc đơn vị": a reminder sent by hand, at most once a day per unit and per thing it is about.
# The Cụm/Khối leader's "Nhắc đơn vị chưa chấm" and the plan dashboard's "Nhắc đơn vị" both claim
# their units here, then tell them with notify_and_email.


def reminded_on(about, day: datetime.date) -> set[int]:
    """Ids of the units reminded about `about` on `day`."""
    return set(
        DailyReminder.objects.filter(
            about_type=ContentType.objects.get_for_model(about), about_id=about.pk, day=day
        ).values_list("unit_id", flat=True)
    )


def claim_daily_reminders(*, about, unit_ids: Iterable[int], actor, day: datetime.date) -> list[int]:
    """Take today's reminder of each unit about `about`; returns the ids taken now, in the order
    given. A unit reminded already today, or being reminded right now by another request, is left
    out: its row exists, or the other transaction's uncommitted row makes our insert wait and
    then fail once that one commits. Call inside the caller's transaction, so a change that rolls
    back leaves the units free to be reminded."""
    about_type = ContentType.objects.get_for_model(about)
    claimed = []
    for unit_id in dict.fromkeys(unit_ids):
        try:
            with transaction.atomic():
                DailyReminder.objects.create(
                    about_type=about_type, about_id=about.pk, unit_id=unit_id, day=day, sent_by=actor
                )
        except IntegrityError:
            continue
        claimed.append(unit_id)
    return claimed


def notify_and_email(users, *, title: str, body: str, url: str, extra_addresses: Iterable[str] = ()):
    """The same news in the portal (one notice per person) and by e-mail through the outbox (one
    per address: the people's own and any extra ones), inside the caller's transaction; the
    e-mail leaves after the commit, and a mail server that is down cannot undo the notices."""
    people = list({user.pk: user for user in users}.values())
    notices = notify(people, title=title, body=body, url=url)
    addresses = [user.email for user in people if user.email] + list(extra_addresses)
    link = f"{settings.PORTAL_URL}{url}" if url.startswith("/") else url
    emails = queue_email(
        to=addresses, subject=f"[TĐKT] {title}", body=f"{body}\n\nXem chi tiết: {link}\n" if link else f"{body}\n"
    )
    return notices, emails
