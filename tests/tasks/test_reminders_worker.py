"""The reminder sweep on a real Celery worker over the suite's Redis, fired the way beat fires it."""

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
import redis
from celery.signals import task_postrun
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection
from django.utils import timezone

from notifications.models import Notification
from tasks.models import Reminder, ReminderDigest
from tasks.schedule import install_beat_schedule
from tdkt_portal.celery import app
from tests.factories import ProvinceFactory, UnitFactory, UserFactory, issued_plan_with_tasks
from units.models import Role

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs the suite's Redis (REDIS_URL)"),
]

BASE_DIR = Path(settings.BASE_DIR)
UNITS = ("Sở Nội vụ", "Sở Tài chính", "Sở Y tế", "Sở Xây dựng")


def build_world(today: date):
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    units = {name: UnitFactory(name=name, parent=province) for name in UNITS}
    for name, address in zip(UNITS, ("noivu", "taichinh", "yte", "xaydung"), strict=True):
        UserFactory(role=Role.UNIT_OFFICER, unit=units[name], email=f"{address}@bacninh.gov.vn")

    def due(days):
        return f"Trước {today + timedelta(days=days):%d/%m/%Y}"

    plan, tasks = issued_plan_with_tasks(
        [
            {"content": "Báo cáo chuyên đề", "timing": due(7), "leads": "Sở Nội vụ", "coordinates": "Sở Tài chính"},
            {"content": "Hội nghị giao ban", "timing": due(1), "leads": "Sở Tài chính"},
            {"content": "Kiểm tra cơ sở", "timing": due(-3), "leads": "Sở Y tế", "coordinates": "Sở Nội vụ"},
            {"content": "Việc còn xa", "timing": due(30), "leads": "Sở Xây dựng"},
        ],
        province=province,
        year=today.year,
    )
    return units, tasks


@pytest.fixture
def runs():
    """(task_id, state) of every send_reminders run the in-process worker finishes."""
    finished = []

    def on_postrun(task_id=None, task=None, state=None, **kwargs):
        if task is not None and task.name == "tasks.tasks.send_reminders":
            finished.append((task_id, state))

    task_postrun.connect(on_postrun, weak=False)
    yield finished
    task_postrun.disconnect(on_postrun)


def wait_until(condition, timeout=30.0, message="timed out"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(message)


def fire_beat_entry():
    """What beat does at the scheduled minute: read the entry from django-celery-beat's table and
    publish it through the scheduler's own apply_async."""
    from django_celery_beat.schedulers import DatabaseScheduler

    install_beat_schedule()
    scheduler = DatabaseScheduler(app=app, lazy=True)
    return scheduler.apply_async(scheduler.schedule["nhac-viec-hang-ngay"])


def digests_by_address():
    return {tuple(m.to): m for m in mail.outbox}


def test_beat_fires_the_sweep_on_a_real_worker_and_each_unit_gets_its_digest_once(celery_worker, runs, settings):
    settings.REMINDER_QUARTER_WINDOW_DAYS = 0  # keep "start of quarter" lists out: they depend on today's date
    settings.REMINDER_DAYS_BEFORE = [7, 1]
    today = timezone.localdate()
    units, tasks = build_world(today)
    mail.outbox.clear()

    first = fire_beat_entry()
    wait_until(lambda: (first.id, "SUCCESS") in runs, message="the first sweep did not finish")
    sent = digests_by_address()
    assert sorted(sent) == [("noivu@bacninh.gov.vn",), ("taichinh@bacninh.gov.vn",), ("yte@bacninh.gov.vn",)]
    day = f"{today:%d/%m/%Y}"
    assert sent[("taichinh@bacninh.gov.vn",)].subject == f"[Cổng TĐKT] Nhắc việc ngày {day} – Sở Tài chính: 2 nội dung"
    body = sent[("taichinh@bacninh.gov.vn",)].body
    assert "Nhiệm vụ sắp đến hạn (2):" in body
    assert "Báo cáo chuyên đề" in body and "Hội nghị giao ban" in body and "Kiểm tra cơ sở" not in body
    # The coordinator of the overdue task is not chased for the lead's status.
    assert "Kiểm tra cơ sở" not in sent[("noivu@bacninh.gov.vn",)].body
    assert "Nhiệm vụ đã quá hạn, chưa báo cáo hoàn thành (1):" in sent[("yte@bacninh.gov.vn",)].body
    assert sorted(Reminder.objects.values_list("unit__name", "kind", "task__content")) == [
        ("Sở Nội vụ", "due_soon", "Báo cáo chuyên đề"),
        ("Sở Tài chính", "due_soon", "Báo cáo chuyên đề"),
        ("Sở Tài chính", "due_soon", "Hội nghị giao ban"),
        ("Sở Y tế", "overdue", "Kiểm tra cơ sở"),
    ]

    second = fire_beat_entry()
    wait_until(lambda: (second.id, "SUCCESS") in runs, message="the second sweep did not finish")
    assert len(mail.outbox) == 3
    assert Notification.objects.count() == 3
    assert ReminderDigest.objects.filter(emailed_at__isnull=True).count() == 0


def test_a_sweep_that_dies_midway_then_reruns_sends_each_reminder_exactly_once(celery_worker, runs, settings):
    settings.REMINDER_QUARTER_WINDOW_DAYS = 0
    settings.EMAIL_BACKEND = "tests.tasks.test_reminders_worker.FlakyBackend"
    FlakyBackend.failures_left = 1
    FlakyBackend.sent_before_failure = 1
    today = timezone.localdate()
    build_world(today)
    mail.outbox.clear()

    first = app.send_task("tasks.tasks.send_reminders")
    wait_until(lambda: any(task_id == first.id for task_id, _ in runs), message="the first sweep did not finish")
    assert [state for task_id, state in runs if task_id == first.id] == ["FAILURE"]
    assert len(mail.outbox) == 1
    assert ReminderDigest.objects.filter(emailed_at__isnull=False).count() == 1
    assert Notification.objects.count() == 1  # the failed digest's notifications rolled back with it

    rerun = app.send_task("tasks.tasks.send_reminders")
    wait_until(lambda: (rerun.id, "SUCCESS") in runs, message="the rerun did not finish")
    addresses = sorted(tuple(m.to) for m in mail.outbox)
    assert addresses == [("noivu@bacninh.gov.vn",), ("taichinh@bacninh.gov.vn",), ("yte@bacninh.gov.vn",)]
    assert_each_reminder_in_exactly_one_message([m.body for m in mail.outbox])
    assert Notification.objects.count() == 3


class FlakyBackend(LocmemBackend):
    """Django's in-memory backend that loses the connection once, after `sent_before_failure` messages."""

    failures_left = 0
    sent_before_failure = 0

    def send_messages(self, messages):
        if FlakyBackend.failures_left and len(mail.outbox) >= FlakyBackend.sent_before_failure:
            FlakyBackend.failures_left -= 1
            raise RuntimeError("Máy chủ thư ngắt kết nối giữa chừng")
        return super().send_messages(messages)


def assert_each_reminder_in_exactly_one_message(bodies):
    for reminder in Reminder.objects.select_related("task", "unit"):
        holders = [b for b in bodies if b.startswith(f"Kính gửi {reminder.unit.name},") and reminder.task.content in b]
        assert len(holders) == 1, f"{reminder} arrived {len(holders)} times"


def start_worker_process(env_overrides, log_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url_of_test_db(),
        "REDIS_URL": settings.REDIS_URL,
        **env_overrides,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tdkt_portal",
            "worker",
            "--pool",
            "solo",
            "-l",
            "info",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=open(log_path, "wb"),
        stderr=subprocess.STDOUT,
    )


def database_url_of_test_db() -> str:
    params = connection.settings_dict
    host = params["HOST"] or "127.0.0.1"
    port = params["PORT"] or 5432
    user = params["USER"] or "postgres"
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{params['NAME']}"


def forget_unacked_messages():
    """A SIGKILLed worker leaves its message unacknowledged in Redis; Redis would hand it to some
    later worker after the visibility timeout. Drop it so no later test meets it."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete("unacked", "unacked_index", "unacked_mutex")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes share the PostgreSQL test database")
def test_worker_process_killed_midway_then_rerun_sends_each_reminder_exactly_once(tmp_path, settings):
    settings.REMINDER_QUARTER_WINDOW_DAYS = 0
    today = timezone.localdate()
    build_world(today)
    outbox = tmp_path / "thu"
    outbox.mkdir()
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.tasks.kill_settings",
        "EMAIL_FILE_PATH": str(outbox),
        "REMINDER_DAYS_BEFORE": "7,1",
        "REMINDER_QUARTER_WINDOW_DAYS": "0",
    }
    app.control.purge()
    doomed = start_worker_process({**env, "KILL_AFTER_MESSAGES": "1"}, tmp_path / "worker1.log")
    survivor = None
    try:
        app.send_task("tasks.tasks.send_reminders")
        assert doomed.wait(timeout=60) == -signal.SIGKILL, (tmp_path / "worker1.log").read_text()
        forget_unacked_messages()
        assert len(list(outbox.iterdir())) == 1
        assert ReminderDigest.objects.filter(emailed_at__isnull=False).count() == 1
        assert ReminderDigest.objects.filter(emailed_at__isnull=True).count() == 2
        assert Notification.objects.count() == 1  # the killed digest's transaction never committed

        survivor = start_worker_process({**env, "KILL_AFTER_MESSAGES": "1000"}, tmp_path / "worker2.log")
        app.send_task("tasks.tasks.send_reminders")
        wait_until(
            lambda: ReminderDigest.objects.filter(emailed_at__isnull=True).count() == 0,
            timeout=60,
            message=(tmp_path / "worker2.log").read_text() if (tmp_path / "worker2.log").exists() else "no log",
        )
        app.send_task("tasks.tasks.send_reminders")  # and once more: nothing new
        time.sleep(3)
    finally:
        for process in (doomed, survivor):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        forget_unacked_messages()
    files = sorted(outbox.iterdir())
    bodies = [path.read_text() for path in files]
    recipients = sorted(line for body in bodies for line in body.splitlines() if line.startswith("To: "))
    assert recipients == ["To: noivu@bacninh.gov.vn", "To: taichinh@bacninh.gov.vn", "To: yte@bacninh.gov.vn"]
    assert Notification.objects.count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes share the PostgreSQL test database")
def test_two_workers_sweeping_at_once_send_each_digest_once(tmp_path, settings):
    settings.REMINDER_QUARTER_WINDOW_DAYS = 0
    build_world(timezone.localdate())
    outbox = tmp_path / "thu"
    outbox.mkdir()
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.tasks.kill_settings",
        "EMAIL_FILE_PATH": str(outbox),
        "KILL_AFTER_MESSAGES": "1000",
        "REMINDER_QUARTER_WINDOW_DAYS": "0",
    }
    app.control.purge()
    workers = [start_worker_process(env, tmp_path / f"worker{n}.log") for n in (1, 2)]
    try:
        time.sleep(3)  # both listening before the tasks go out
        for _ in range(4):
            app.send_task("tasks.tasks.send_reminders")
        wait_until(
            lambda: ReminderDigest.objects.filter(emailed_at__isnull=False).count() == 3,
            timeout=60,
            message="digests were not all sent",
        )
        time.sleep(3)  # let the other sweeps finish: they must find nothing left to send
    finally:
        for process in workers:
            process.terminate()
            process.wait(timeout=30)
        forget_unacked_messages()
    recipients = sorted(
        line for path in outbox.iterdir() for line in path.read_text().splitlines() if line.startswith("To: ")
    )
    assert recipients == ["To: noivu@bacninh.gov.vn", "To: taichinh@bacninh.gov.vn", "To: yte@bacninh.gov.vn"]
    assert Notification.objects.count() == 3
