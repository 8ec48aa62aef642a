"""The outbox: e-mail is queued with the change, sent by the worker after the commit, retried with
backoff, and shown to admins when it finally fails. A mail server that is down never fails a page."""

import json
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from activity.models import ActivityLog
from awards.models import DossierStatus
from notifications.mail import queue_email
from notifications.models import EmailStatus, OutgoingEmail
from notifications.tasks import send_waiting_emails
from tests.awards.conftest import make_dossier, make_ready
from tests.factories import UserFactory
from tests.tasks.test_reminders_worker import database_url_of_test_db, wait_until
from units.models import Role

needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="needs the suite's Redis (REDIS_URL)")
REFUSED = "ConnectionRefusedError: [Errno 111] Connection refused"


def submit(client, world, dossier):
    """The officer presses "Gửi hồ sơ": the appraising staff (noivu@example.vn) get an e-mail."""
    client.force_login(world.officer)
    return client.post(reverse("awards:dossier_transition", args=[dossier.pk, "submit"]))


def queued_since(last_pk: int):
    return OutgoingEmail.objects.filter(pk__gt=last_pk).order_by("pk")


def last_pk() -> int:
    return OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.django_db(transaction=True)
def test_a_dossier_submitted_while_the_mail_server_is_down_is_saved_and_its_email_waits(client, world, smtp_down):
    dossier = make_dossier(world)
    response = submit(client, world, dossier)
    assert (response.status_code, response.url) == (302, dossier.get_absolute_url())
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    (email,) = OutgoingEmail.objects.all()
    assert (email.to, email.subject, email.status) == (
        "noivu@example.vn",
        "[TĐKT] Đề nghị tặng Lao động tiên tiến: đã gửi",
        EmailStatus.PENDING,
    )
    assert f"http://127.0.0.1:8000/khen-thuong/ho-so/{dossier.pk}/" in email.body
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_in_process_celery_a_mail_server_down_marks_the_email_failed_and_the_page_still_works(
    client, world, smtp_down, celery_in_process
):
    """The demo (no REDIS_URL): Celery runs inside the request, so the one try happens there;
    its failure is recorded on the row, never raised into the page."""
    dossier = make_dossier(world)
    response = submit(client, world, dossier)
    assert (response.status_code, response.url) == (302, dossier.get_absolute_url())
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    (email,) = OutgoingEmail.objects.all()
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.FAILED, 1, REFUSED)


@pytest.mark.django_db(transaction=True)
def test_in_process_celery_sends_after_the_commit_and_a_rolled_back_change_sends_nothing(
    mail_server_up, celery_in_process
):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(to=["a@example.vn"], subject="Không gửi", body="Thay đổi bị hủy.")
        raise RuntimeError("thay đổi bị hủy")
    assert OutgoingEmail.objects.count() == 0
    with transaction.atomic():
        queue_email(to=["b@example.vn", "B@example.vn", "", "c@example.vn"], subject="Gửi", body="Đã lưu.")
        assert mail.outbox == []  # nothing leaves before the commit
    assert sorted(m.to[0] for m in mail.outbox) == ["b@example.vn", "c@example.vn"]
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_each_council_member_their_own_message_once(client, world, mail_server_up, celery_worker):
    dossier = make_ready(world)
    before = last_pk()
    client.force_login(world.staff)
    response = client.post(reverse("awards:dossier_schedule", args=[dossier.pk]), {"session": world.session.pk})
    assert (response.status_code, response.url) == (302, dossier.get_absolute_url())
    addresses = sorted([u.email for u in world.members] + ["gddt@example.vn"])
    wait_until(
        lambda: queued_since(before).filter(status=EmailStatus.SENT).count() == len(addresses),
        message="the worker did not send the session's e-mails",
    )
    time.sleep(1)  # a second delivery would show up here
    rows = {row.message_id: row for row in queued_since(before)}
    messages = [m for m in mail.outbox if m.extra_headers["Message-ID"] in rows]
    assert sorted(m.to[0] for m in messages) == addresses  # each address once
    for message in messages:
        assert (len(message.to), message.cc, message.bcc) == (1, [], [])  # nobody sees another's address
        assert message.to[0] == rows[message.extra_headers["Message-ID"]].to
        assert message.message()["To"] == message.to[0]
    assert {(row.status, row.attempts) for row in rows.values()} == {(EmailStatus.SENT, 1)}


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_is_retried_with_backoff_then_the_failure_is_shown_and_resent_from_the_admin(
    client, world, smtp_down, quick_retries, celery_worker
):
    dossier = make_dossier(world)
    before = last_pk()
    response = submit(client, world, dossier)
    assert (response.status_code, response.url) == (302, dossier.get_absolute_url())
    (email,) = queued_since(before)
    wait_until(
        lambda: OutgoingEmail.objects.get(pk=email.pk).status == EmailStatus.FAILED,
        message="the e-mail was not marked failed",
    )
    email.refresh_from_db()
    assert (email.attempts, email.last_error, email.sent_at) == (3, REFUSED, None)
    # Three tries, waiting 1 s then 2 s between them.
    assert (email.last_attempt_at - email.created_at) >= timedelta(seconds=3)
    assert mail.outbox == []

    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    changelist = reverse("admin:notifications_outgoingemail_changelist")
    html = client.get(changelist, {"status__exact": "failed"}).content.decode()
    assert "noivu@example.vn" in html
    assert "[TĐKT] Đề nghị tặng Lao động tiên tiến: đã gửi" in html
    assert "Gửi không được" in html and REFUSED in html
    assert "Gửi lại" in html
    assert "noivu@example.vn" not in client.get(changelist, {"status__exact": "sent"}).content.decode()

    # The mail server is back; the admin resends.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(changelist, {"action": "resend", "_selected_action": [email.pk]}, follow=True)
    assert "Đã đưa 1 thư vào hàng đợi gửi lại." in response.content.decode()
    wait_until(lambda: OutgoingEmail.objects.get(pk=email.pk).status == EmailStatus.SENT, message="not resent")
    time.sleep(1)
    (sent,) = mail.outbox
    assert (sent.to, sent.subject, sent.extra_headers["Message-ID"]) == (
        ["noivu@example.vn"],
        "[TĐKT] Đề nghị tặng Lao động tiên tiến: đã gửi",
        email.message_id,
    )
    assert ActivityLog.objects.filter(action="email.resend", actor=admin, target_id=email.pk).count() == 1
    # A sent e-mail is not sent again by mistake.
    response = client.post(changelist, {"action": "resend", "_selected_action": [email.pk]}, follow=True)
    assert "Bỏ qua 1 thư đã gửi được" in response.content.decode()
    time.sleep(1)
    assert len(mail.outbox) == 1


@needs_redis
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the check process shares the test database")
@pytest.mark.django_db(transaction=True)
def test_an_email_queued_while_redis_is_down_waits_and_the_periodic_sweep_sends_it(
    world, mail_server_up, celery_worker
):
    dossier = make_dossier(world)
    done = subprocess.run(
        [sys.executable, "-m", "tests.notifications.broker_down_check", str(dossier.pk)],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": database_url_of_test_db(),
            "REDIS_URL": "redis://127.0.0.1:9/0",  # TCP 9 ("discard"): nothing listens there
            "DJANGO_SETTINGS_MODULE": "tdkt_portal.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"status": 302, "location": dossier.get_absolute_url()}
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    (email,) = OutgoingEmail.objects.all()
    assert (email.status, email.attempts) == (EmailStatus.PENDING, 0)

    send_waiting_emails.delay()
    time.sleep(1)
    assert OutgoingEmail.objects.get().status == EmailStatus.PENDING  # its own task may still be coming
    OutgoingEmail.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=11))  # ten minutes on
    send_waiting_emails.delay()
    wait_until(lambda: OutgoingEmail.objects.get().status == EmailStatus.SENT, message="the sweep did not send it")
    assert [m.to for m in mail.outbox] == [["noivu@example.vn"]]
