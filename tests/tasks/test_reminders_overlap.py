"""Two sweeps at once while the mail server is slow, and a plan issued in between: every
reminder reaches one e-mail and one notice, and none is marked sent without being in them."""

from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection

from notifications.models import Notification
from tasks.models import Reminder, ReminderDigest
from tasks.reminders import sweep
from tdkt_portal.celery import app
from tests.factories import ProvinceFactory, UnitFactory, UserFactory, issued_plan_with_tasks
from tests.tasks.slow_email import SlowLocmemBackend
from tests.tasks.test_reminders_worker import runs, wait_until  # noqa: F401 (runs is a fixture)
from units.models import Role

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs the suite's Redis (REDIS_URL)"),
]

DAY = date(2025, 4, 1)
ADDRESSES = {"Sở Công Thương": "congthuong", "Sở Nội vụ": "noivu", "Sở Y tế": "yte"}


def carriers(reminder: Reminder) -> tuple[int, int]:
    """How many e-mails and how many in-app notices name this reminder's task to its unit."""
    address = f"{ADDRESSES[reminder.unit.name]}@bacninh.gov.vn"
    content = reminder.task.content
    emails = [m for m in mail.outbox if m.to == [address] and content in m.body]
    notices = [n for n in Notification.objects.filter(user__unit=reminder.unit) if content in n.body]
    return len(emails), len(notices)


def reminders():
    return Reminder.objects.select_related("unit", "task", "digest").order_by("task__content")


def test_overlapping_sweeps_with_slow_mail_deliver_every_reminder_exactly_once(celery_worker, runs, settings):  # noqa: F811
    settings.REMINDER_QUARTER_WINDOW_DAYS = 0
    settings.REMINDER_DAYS_BEFORE = [7, 1]
    settings.EMAIL_BACKEND = "tests.tasks.slow_email.SlowLocmemBackend"
    settings.SLOW_EMAIL_SECONDS = 1.5
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    units = {name: UnitFactory(name=name, parent=province) for name in ADDRESSES}
    for name, address in ADDRESSES.items():
        UserFactory(role=Role.UNIT_OFFICER, unit=units[name], email=f"{address}@bacninh.gov.vn")
    issued_plan_with_tasks(
        [
            {"content": "Khảo sát phong trào thi đua", "timing": "Trước 06/4/2025", "leads": "Sở Công Thương"},
            {"content": "Tổng hợp sáng kiến", "timing": "Trước 06/4/2025", "leads": "Sở Nội vụ"},
            {"content": "Kiểm tra an toàn thực phẩm", "timing": "Trước 06/4/2025", "leads": "Sở Y tế"},
        ],
        province=province,
    )
    SlowLocmemBackend.sending.clear()
    mail.outbox.clear()

    # Beat's hourly sweep starts; while its first digest is on the wire a plan is issued and
    # someone runs the command.
    beat_run = app.send_task("tasks.tasks.send_reminders", args=[DAY.isoformat()])
    assert SlowLocmemBackend.sending.wait(timeout=30), "the first sweep never reached the mail server"
    issued_plan_with_tasks(
        [
            {"content": "Báo cáo nhanh về thương mại", "timing": "Trước 02/4/2025", "leads": "Sở Công Thương"},
            {"content": "Báo cáo nhanh về nhân sự", "timing": "Trước 02/4/2025", "leads": "Sở Nội vụ"},
            {"content": "Báo cáo nhanh về dịch bệnh", "timing": "Trước 02/4/2025", "leads": "Sở Y tế"},
        ],
        province=province,
    )
    call_command("send_reminders", "--today", DAY.isoformat(), stdout=StringIO())
    wait_until(lambda: (beat_run.id, "SUCCESS") in runs, timeout=60, message="the beat sweep did not finish")

    assert Reminder.objects.count() == 6  # both plans' tasks were decided today
    # A reminder counts as sent once its digest is marked sent: it must be in that e-mail and notice.
    marked_sent = [r for r in reminders() if r.digest and r.digest.emailed_at]
    assert {r.task.content: carriers(r) for r in marked_sent if carriers(r) != (1, 1)} == {}
    # Whatever missed today's digest (it was already on its way) is still waiting, not lost.
    assert all(r.digest is None or r.digest.emailed_at is None for r in reminders() if r not in marked_sent)

    settings.SLOW_EMAIL_SECONDS = 0
    sweep(date(2025, 4, 2))
    assert {r.task.content: carriers(r) for r in reminders()} == {
        "Báo cáo nhanh về dịch bệnh": (1, 1),
        "Báo cáo nhanh về nhân sự": (1, 1),
        "Báo cáo nhanh về thương mại": (1, 1),
        "Khảo sát phong trào thi đua": (1, 1),
        "Kiểm tra an toàn thực phẩm": (1, 1),
        "Tổng hợp sáng kiến": (1, 1),
    }
    assert not Reminder.objects.filter(digest__emailed_at__isnull=True).exists()
    assert not Reminder.objects.filter(digest__isnull=True).exists()
    message_ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert len(message_ids) == len(set(message_ids)) == ReminderDigest.objects.count()
