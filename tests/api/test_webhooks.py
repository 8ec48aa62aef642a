"""Webhooks: admins register an address and its events; each event is written with the change
that causes it, posted by the Celery worker after the commit to a real HTTP receiver on this
machine, signed (HMAC-SHA256 over the timestamp and body), retried with backoff on failure, logged
in the admin with "Gửi lại"; a rolled-back change sends nothing; addresses inside the portal's
network are refused."""

import datetime
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from activity.models import ActivityLog
from api import targets, webhooks
from api.models import DeliveryStatus, WebhookDelivery, WebhookEvent, WebhookSubscription
from api.services import save_subscription
from plans.services import apply_transition
from tasks import progress
from tasks.services import add_task
from tests.factories import AppendixFactory, ProvinceFactory, UnitFactory, UserFactory
from tests.tasks.test_reminders_worker import wait_until
from units.models import Role

needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="needs the suite's Redis (REDIS_URL)")


class Receiver:
    """An HTTP server on 127.0.0.1 that keeps every request and answers the statuses it is given
    in turn (then 200)."""

    def __init__(self):
        self.requests, self.answers = [], []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                status = receiver.answers.pop(0) if receiver.answers else 200
                answer = b'{"ok": true}' if status < 300 else "Lỗi máy chủ nhận".encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/tdkt/su-kien?nguon=cong"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    with Receiver() as receiver:
        yield receiver


@pytest.fixture
def quick_retries(settings):
    """Three tries one, then two seconds apart, instead of minutes."""
    settings.WEBHOOK_RETRY_MAX = 2
    settings.WEBHOOK_RETRY_BACKOFF_SECONDS = 1
    settings.WEBHOOK_RETRY_BACKOFF_MAX_SECONDS = 2


@pytest.fixture
def celery_in_process():
    from tdkt_portal.celery import app

    previous, app.conf.task_always_eager = app.conf.task_always_eager, True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)


def subscribe(receiver, admin, events=(WebhookEvent.PLAN_ISSUED,), name="Hệ thống quản lý văn bản"):
    return save_subscription(
        actor=admin, subscription=WebhookSubscription(name=name, url=receiver.url, events=list(events))
    )


def draft_plan(title="Công tác thi đua, khen thưởng năm 2026"):
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    UnitFactory(name="Sở Nội vụ", parent=province)
    appendix = AppendixFactory(plan__issuing_unit=province, plan__status="draft", plan__number="196", plan__title=title)
    add_task(
        actor=None, appendix=appendix, data={"number": "1", "content": "Sơ kết", "unit_cells": {"leads": "Sở Nội vụ"}}
    )
    return appendix.plan


def verify(request, secret: str) -> dict:
    """What a receiver does: the signature over "<timestamp>." + the raw body, the clock, then JSON."""
    headers = request["headers"]
    timestamp = headers["X-TDKT-Timestamp"]
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + request["body"], hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-TDKT-Signature"], f"sha256={expected}")
    assert abs(time.time() - int(timestamp)) < 300
    return json.loads(request["body"])


# The worker and a real receiver ---------------------------------------------------------------


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_an_issued_plan_is_posted_once_signed_by_the_worker_after_the_commit(receiver, admin_user, celery_worker):
    subscription = subscribe(receiver, admin_user)
    other = subscribe(receiver, admin_user, events=[WebhookEvent.DECISION_ISSUED], name="Hệ thống báo cáo")
    plan = draft_plan()
    with transaction.atomic():
        apply_transition(actor=None, plan=plan, name="issue")
        (delivery,) = WebhookDelivery.objects.all()  # written with the issue; nothing for `other`
        time.sleep(0.5)
        assert receiver.requests == []  # nothing leaves before the commit
    wait_until(lambda: WebhookDelivery.objects.get().status == DeliveryStatus.SENT, message="not delivered")
    time.sleep(1)  # a second delivery would show up here
    (request,) = receiver.requests
    assert request["path"] == "/tdkt/su-kien?nguon=cong"
    headers = request["headers"]
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["X-TDKT-Event"] == "plan.issued"
    assert headers["Idempotency-Key"] == headers["X-TDKT-Event-Id"] == str(delivery.event_id)
    assert headers["Host"] == f"127.0.0.1:{receiver.server.server_port}"
    body = verify(request, subscription.secret)
    plan.refresh_from_db()
    assert body == {
        "id": str(delivery.event_id),
        "event": "plan.issued",
        "occurred_at": body["occurred_at"],
        "data": {
            "plan": {
                "id": plan.pk,
                "reference": "196/KH-UBND",
                "year": 2025,
                "title": "Công tác thi đua, khen thưởng năm 2026",
                "issuing_unit": plan.issuing_unit_id,
                "issuing_unit_name": "Ủy ban nhân dân tỉnh Hưng Yên",
                "issued_on": "2024-12-24",
                "version": plan.version,
                "web_url": f"http://127.0.0.1:8000/ke-hoach/{plan.pk}/",
                "api_url": f"http://127.0.0.1:8000/api/v1/plans/{plan.pk}/",
            }
        },
    }
    assert datetime.datetime.fromisoformat(body["occurred_at"]).utcoffset() == datetime.timedelta(hours=7)
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code, delivery.last_response, delivery.last_error) == (
        1,
        200,
        '{"ok": true}',
        "",
    )
    assert other.deliveries.count() == 0
    # A signature made with another secret does not verify.
    with pytest.raises(AssertionError):
        verify(request, "khoa-khac")


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_receiver_answering_500_is_retried_with_backoff_with_the_same_body_and_key(
    receiver, admin_user, quick_retries, celery_worker
):
    subscription = subscribe(receiver, admin_user)
    receiver.answers = [500, 503]
    apply_transition(actor=None, plan=draft_plan(), name="issue")
    wait_until(lambda: WebhookDelivery.objects.get().status == DeliveryStatus.SENT, message="not delivered")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.attempts, delivery.last_status_code, delivery.last_error) == (3, 200, "")
    assert len(receiver.requests) == 3
    assert {r["body"] for r in receiver.requests} == {delivery.body.encode()}
    assert {r["headers"]["Idempotency-Key"] for r in receiver.requests} == {str(delivery.event_id)}
    for request in receiver.requests:
        verify(request, subscription.secret)  # each try signed for its own timestamp
    # Waited 1 s, then 2 s.
    stamps = [int(r["headers"]["X-TDKT-Timestamp"]) for r in receiver.requests]
    assert stamps[2] - stamps[0] >= 2


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_delivery_that_keeps_failing_is_shown_in_the_admin_and_resent_from_there(
    client, receiver, admin_user, quick_retries, celery_worker
):
    subscription = subscribe(receiver, admin_user)
    receiver.answers = [500, 500, 500]
    apply_transition(actor=None, plan=draft_plan(), name="issue")
    wait_until(lambda: WebhookDelivery.objects.get().status == DeliveryStatus.FAILED, message="not failed")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.attempts, delivery.last_status_code, delivery.last_error, delivery.last_response) == (
        3,
        500,
        "Máy chủ nhận trả lời HTTP 500.",
        "Lỗi máy chủ nhận",
    )
    assert delivery.sent_at is None

    client.force_login(admin_user)
    changelist = reverse("admin:api_webhookdelivery_changelist")
    html = client.get(changelist, {"status__exact": "failed"}).content.decode()
    assert "Hệ thống quản lý văn bản" in html and "Gửi không được" in html and "trả lời HTTP 500" in html
    assert "Gửi lại" in html
    page = client.get(reverse("admin:api_webhookdelivery_change", args=[delivery.pk])).content.decode()
    assert "Lỗi máy chủ nhận" in page and str(delivery.event_id) in page

    response = client.post(changelist, {"action": "resend", "_selected_action": [delivery.pk]}, follow=True)
    assert "Đã đưa 1 lần gửi vào hàng đợi gửi lại." in response.content.decode()
    wait_until(lambda: WebhookDelivery.objects.get().status == DeliveryStatus.SENT, message="not resent")
    time.sleep(1)
    assert len(receiver.requests) == 4
    assert receiver.requests[3]["body"] == receiver.requests[0]["body"]
    assert receiver.requests[3]["headers"]["Idempotency-Key"] == str(delivery.event_id)
    verify(receiver.requests[3], subscription.secret)
    assert ActivityLog.objects.filter(action="webhook.resend", actor=admin_user, target_id=delivery.pk).count() == 1
    # A delivery that succeeded is not sent again.
    response = client.post(changelist, {"action": "resend", "_selected_action": [delivery.pk]}, follow=True)
    assert "Bỏ qua 1 lần gửi đã thành công hoặc của địa chỉ đã tắt." in response.content.decode()
    time.sleep(1)
    assert len(receiver.requests) == 4


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing(receiver, admin_user, celery_worker):
    subscribe(receiver, admin_user)
    plan = draft_plan()
    with pytest.raises(RuntimeError), transaction.atomic():
        apply_transition(actor=None, plan=plan, name="issue")
        assert WebhookDelivery.objects.count() == 1
        raise RuntimeError("thay đổi bị hủy")
    time.sleep(2)
    assert WebhookDelivery.objects.count() == 0
    assert receiver.requests == []
    plan.refresh_from_db()
    assert plan.status == "draft"


# Without a worker: what is written, and what is refused ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_turned_off_subscription_gets_nothing_more(receiver, admin_user, celery_in_process):
    subscription = subscribe(receiver, admin_user)
    with transaction.atomic():
        apply_transition(actor=None, plan=draft_plan(), name="issue")
        subscription.active = False
        save_subscription(actor=admin_user, subscription=subscription)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.CANCELLED, 0)
    assert receiver.requests == []
    # And no new rows while it is off.
    apply_transition(actor=None, plan=draft_plan("Kế hoạch khác"), name="issue")
    assert WebhookDelivery.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_address_that_now_resolves_inside_the_network_is_not_posted_to(
    receiver, admin_user, settings, celery_in_process
):
    subscribe(receiver, admin_user)
    settings.WEBHOOK_ALLOWED_NETWORKS = []  # e.g. the name now points at 127.0.0.1
    apply_transition(actor=None, plan=draft_plan(), name="issue")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED  # in-process: one try
    assert delivery.last_error.startswith("Không gửi tới “127.0.0.1”: địa chỉ 127.0.0.1 thuộc mạng nội bộ")
    assert receiver.requests == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://vanban.example.vn/", "Địa chỉ nhận phải bắt đầu bằng http:// hoặc https://."),
        ("https:///su-kien", "Địa chỉ nhận thiếu tên máy chủ."),
        ("https://user:pass@8.8.8.8/", "Địa chỉ nhận không được chứa tên đăng nhập hay mật khẩu"),
        ("https://8.8.8.8:99999/", "Địa chỉ nhận không hợp lệ (kiểm tra cổng và dấu ngoặc)."),
        ("http://localhost:8000/", "Không gửi tới “localhost”: địa chỉ 127.0.0.1"),
        ("http://127.0.0.1/", "Không gửi tới “127.0.0.1”: địa chỉ 127.0.0.1 thuộc mạng nội bộ"),
        ("http://10.1.2.3/", "Không gửi tới “10.1.2.3”"),
        ("http://192.168.1.10/", "Không gửi tới “192.168.1.10”"),
        ("http://169.254.169.254/latest/meta-data/", "Không gửi tới “169.254.169.254”"),
        ("http://100.64.0.1/", "Không gửi tới “100.64.0.1”"),
        ("http://0.0.0.0/", "Không gửi tới “0.0.0.0”"),
        ("http://[::1]/", "Không gửi tới “::1”"),
        ("http://[::ffff:127.0.0.1]/", "Không gửi tới “::ffff:127.0.0.1”"),
        ("http://[fd00::1]/", "Không gửi tới “fd00::1”"),
        ("http://224.0.0.1/", "Không gửi tới “224.0.0.1”"),
        ("https://khong-co-may-nay.invalid/", "Không tìm thấy máy chủ “khong-co-may-nay.invalid”."),
    ],
)
def test_addresses_inside_the_network_or_malformed_are_refused(settings, url, message):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    with pytest.raises(ValidationError) as error:
        targets.resolve(url)
    assert error.value.messages[0].startswith(message)


def test_a_public_address_and_an_allowed_network_pass(settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    target = targets.resolve("https://8.8.8.8/tdkt?x=1")
    assert (target.scheme, target.host, target.port, target.path, target.addresses) == (
        "https",
        "8.8.8.8",
        443,
        "/tdkt?x=1",
        ("8.8.8.8",),
    )
    assert target.host_header == "8.8.8.8"
    settings.WEBHOOK_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    assert targets.resolve("http://10.20.3.4:8080/").host_header == "10.20.3.4:8080"
    with pytest.raises(ValidationError):
        targets.resolve("http://10.21.0.1/")


def test_the_signature_is_hmac_sha256_of_the_timestamp_and_the_body():
    body = b'{"event":"plan.issued"}'
    expected = hmac.new(b"bi-mat", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert webhooks.signature("bi-mat", 1700000000, body) == expected


# The events ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_progress_reports_and_contributions_are_events(world, admin_user, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    save_subscription(
        actor=admin_user,
        subscription=WebhookSubscription(
            name="Báo cáo", url="http://127.0.0.1:9/", events=[WebhookEvent.PROGRESS_UPDATED]
        ),
    )
    people, task = world["people"], world["task"]
    occurrence = task.occurrences.get()
    with django_capture_on_commit_callbacks() as callbacks:
        update = progress.update_status(
            actor=people["officer"],
            occurrence=occurrence,
            status="in_progress",
            percent=40,
            report=progress.Report(noted_on=datetime.date(2025, 7, 1), note="Đã họp chuẩn bị"),
        )
        contribution = progress.add_contribution(
            actor=people["partner"],
            occurrence=occurrence,
            report=progress.Report(noted_on=datetime.date(2025, 7, 2), note="Đã bố trí kinh phí"),
        )
    # Each posted after its commit.
    assert len([c for c in callbacks if getattr(c, "func", None) is webhooks._enqueue]) == 2
    rows = list(WebhookDelivery.objects.order_by("pk"))
    assert [r.event for r in rows] == ["progress.updated", "progress.updated"]
    assert len({r.event_id for r in rows}) == 2
    first, second = (json.loads(r.body)["data"] for r in rows)
    assert (
        first["progress_update"]["id"],
        first["progress_update"]["status"],
        first["progress_update"]["percent"],
    ) == (
        update.pk,
        "in_progress",
        40,
    )
    assert first["progress_update"]["note"] == "Đã họp chuẩn bị"
    assert first["plan"] == {
        "id": task.appendix.plan_id,
        "reference": world["plan"].reference,
        "title": world["plan"].title,
    }
    assert (second["progress_update"]["id"], second["progress_update"]["kind"]) == (contribution.pk, "contribution")
    assert second["api_url"] == f"http://127.0.0.1:8000/api/v1/progress-updates/{contribution.pk}/"


@pytest.mark.django_db
def test_a_failure_writing_the_event_never_stops_the_change(world, admin_user, settings, monkeypatch):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    save_subscription(
        actor=admin_user,
        subscription=WebhookSubscription(
            name="Báo cáo", url="http://127.0.0.1:9/", events=[WebhookEvent.PROGRESS_UPDATED]
        ),
    )

    def broken(*args, **kwargs):
        raise RuntimeError("lỗi khi viết dữ liệu sự kiện")

    monkeypatch.setattr(webhooks.serializers, "ProgressUpdateSerializer", broken)
    update = progress.update_status(
        actor=world["people"]["officer"],
        occurrence=world["task"].occurrences.get(),
        status="done",
        percent=None,
        report=progress.Report(noted_on=datetime.date(2025, 7, 1)),
    )
    update.refresh_from_db()
    assert update.status == "done"
    assert WebhookDelivery.objects.count() == 0


# Registering in the admin -------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_admin_registers_an_address_in_the_admin_and_a_refused_one_is_said_on_the_form(client, admin_user, settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    client.force_login(admin_user)
    add = reverse("admin:api_webhooksubscription_add")
    form = {
        "name": "Hệ thống quản lý văn bản",
        "url": "http://10.0.0.5/nhan",
        "events": ["plan.issued"],
        "active": "on",
    }
    page = client.post(add, form).content.decode()
    assert "Không gửi tới “10.0.0.5”: địa chỉ 10.0.0.5 thuộc mạng nội bộ hoặc dành riêng" in page
    assert WebhookSubscription.objects.count() == 0
    page = client.post(add, {**form, "url": "https://8.8.8.8/nhan", "events": []}).content.decode()
    assert WebhookSubscription.objects.count() == 0
    response = client.post(add, {**form, "url": "https://8.8.8.8/nhan", "events": ["plan.issued", "decision.issued"]})
    assert response.status_code == 302
    subscription = WebhookSubscription.objects.get()
    assert (subscription.events, subscription.created_by, len(subscription.secret)) == (
        ["plan.issued", "decision.issued"],
        admin_user,
        43,
    )
    entry = ActivityLog.objects.get(action="webhook.create")
    assert entry.after["events"] == ["Kế hoạch được ban hành", "Quyết định khen thưởng được ban hành"]
    # The secret is shown to admins on the change page, to give to the receiving system.
    change = reverse("admin:api_webhooksubscription_change", args=[subscription.pk])
    assert subscription.secret in client.get(change).content.decode()
    # Renewing it: a new secret, logged.
    changelist = reverse("admin:api_webhooksubscription_changelist")
    old = subscription.secret
    client.post(changelist, {"action": "renew_secret", "_selected_action": [subscription.pk]})
    subscription.refresh_from_db()
    assert subscription.secret != old
    assert ActivityLog.objects.filter(action="webhook.renew_secret", target_id=subscription.pk).count() == 1


@pytest.mark.django_db
def test_staff_who_are_not_admins_cannot_register_or_see_the_secret(client, admin_user, settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    subscription = save_subscription(
        actor=admin_user,
        subscription=WebhookSubscription(name="Văn bản", url="https://8.8.8.8/", events=["plan.issued"]),
    )
    editor = UserFactory(role=Role.PLAN_EDITOR, is_staff=True)
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="api"))
    client.force_login(editor)
    assert client.get(reverse("admin:api_webhooksubscription_add")).status_code == 403
    page = client.get(reverse("admin:api_webhooksubscription_change", args=[subscription.pk]))
    assert page.status_code == 200 and subscription.secret not in page.content.decode()
    with pytest.raises(PermissionDenied):
        save_subscription(
            actor=editor, subscription=WebhookSubscription(name="X", url="https://8.8.8.8/", events=["plan.issued"])
        )
    assert WebhookSubscription.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_delivery_left_waiting_is_sent_by_the_periodic_sweep(receiver, admin_user, celery_in_process, monkeypatch):
    """Its task never reached the broker (Redis down at the commit): the row waits, and the sweep
    beat runs every ten minutes sends it once it is overdue."""
    from api.tasks import send_waiting_webhooks

    subscription = subscribe(receiver, admin_user)
    monkeypatch.setattr(webhooks, "_send_after_commit", lambda ids: None)  # the broker was unreachable
    apply_transition(actor=None, plan=draft_plan(), name="issue")
    delivery = WebhookDelivery.objects.get()
    assert send_waiting_webhooks() == 0  # not overdue yet: its own task may still come
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(minutes=11))
    assert send_waiting_webhooks() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    (request,) = receiver.requests
    verify(request, subscription.secret)
    assert send_waiting_webhooks() == 0
