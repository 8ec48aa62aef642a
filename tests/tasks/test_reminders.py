import re
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import CommandError, call_command

from notifications.models import Notification
from tasks.models import UNDECIDED, Occurrence, Reminder, ReminderDigest
from tasks.progress import Report, update_status
from tasks.reminders import sweep
from tests.factories import ProvinceFactory, UnitFactory, UserFactory, issued_plan_with_tasks
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    units = {name: UnitFactory(name=name, parent=province) for name in ("Sở Nội vụ", "Sở Tài chính", "Sở Y tế")}
    officers = {
        "Sở Nội vụ": UserFactory(role=Role.UNIT_OFFICER, unit=units["Sở Nội vụ"], email="noivu@bacninh.gov.vn"),
        "Sở Tài chính": UserFactory(
            role=Role.UNIT_OFFICER, unit=units["Sở Tài chính"], email="taichinh@bacninh.gov.vn"
        ),
    }
    UserFactory(role=Role.UNIT_OFFICER, unit=units["Sở Nội vụ"], email="nghi-huu@bacninh.gov.vn", is_active=False)
    # Writes the plans but reports on no task: not a reminder contact of the unit.
    UserFactory(role=Role.PLAN_EDITOR, unit=units["Sở Nội vụ"], email="bientap@bacninh.gov.vn")
    plan, tasks = issued_plan_with_tasks(
        [
            {"content": "Đăng ký thi đua", "timing": "Quý II", "leads": "Sở Nội vụ", "coordinates": "Sở Tài chính"},
            {"content": "Hội nghị sơ kết", "timing": "Trước 15/4/2025", "leads": "Sở Nội vụ"},
            {"content": "Kiểm tra y tế", "timing": "Quý III", "leads": "Sở Y tế"},
            {
                "content": "Báo cáo tháng",
                "timing": "Ngày 20 hằng tháng",
                "leads": "Sở Tài chính",
                "directs": "Sở Nội vụ",
            },
        ],
        province=province,
    )
    return {"plan": plan, "tasks": tasks, "units": units, "officers": officers}


def keys():
    return sorted(Reminder.objects.values_list("task__content", "unit__name", "kind", "period"))


def test_quarter_start_lists_each_units_tasks_of_the_quarter(world):
    result = sweep(date(2025, 4, 1))
    # Each month of the monthly report is an occurrence of its own: January, February and March
    # were never reported, so each is overdue (in its 11th, 6th and 2nd week). The directing unit
    # (Sở Nội vụ on the monthly report) and the Quý III task's unit hear nothing today.
    assert keys() == [
        ("Báo cáo tháng", "Sở Tài chính", "overdue", "2025-01-20:w10"),
        ("Báo cáo tháng", "Sở Tài chính", "overdue", "2025-02-20:w5"),
        ("Báo cáo tháng", "Sở Tài chính", "overdue", "2025-03-20:w1"),
        ("Báo cáo tháng", "Sở Tài chính", "quarter_start", "2025-Q2"),
        ("Hội nghị sơ kết", "Sở Nội vụ", "quarter_start", "2025-Q2"),
        ("Đăng ký thi đua", "Sở Nội vụ", "quarter_start", "2025-Q2"),
        ("Đăng ký thi đua", "Sở Tài chính", "quarter_start", "2025-Q2"),
    ]
    assert dict(result.sent) == {"quarter_start": 4, "overdue": 3}
    assert result.digests == 2


def test_the_quarter_list_is_caught_up_within_its_window_only(world, settings):
    settings.REMINDER_QUARTER_WINDOW_DAYS = 10
    for task in world["tasks"][:2] + world["tasks"][3:]:
        task.occurrences.update(status="done")
    sweep(date(2025, 7, 11))  # the 11th day of Quý III: too late for a "start of quarter" list
    assert keys() == []
    sweep(date(2025, 7, 10))
    assert keys() == [("Kiểm tra y tế", "Sở Y tế", "quarter_start", "2025-Q3")]


def test_due_soon_at_seven_days_and_one_day_then_weekly_overdue(world):
    world["tasks"][3].occurrences.update(status="done")  # keep the monthly report out of the way
    days = {}
    sweep(date(2025, 4, 1))
    for day in (
        date(2025, 4, 7),
        date(2025, 4, 8),
        date(2025, 4, 14),
        date(2025, 4, 16),
        date(2025, 4, 22),
        date(2025, 4, 23),
    ):
        mail.outbox.clear()
        sweep(day)
        days[day.isoformat()] = sorted(
            Reminder.objects.filter(digest__day=day, task__content="Hội nghị sơ kết").values_list("kind", "period")
        )
    assert days == {
        "2025-04-07": [],
        "2025-04-08": [("due_soon", "2025-04-15:7")],
        "2025-04-14": [("due_soon", "2025-04-15:1")],
        "2025-04-16": [("overdue", "2025-04-15:w0")],
        "2025-04-22": [],
        "2025-04-23": [("overdue", "2025-04-15:w1")],
    }


def test_a_missed_day_is_caught_up_not_skipped(world):
    world["tasks"][3].occurrences.update(status="done")
    sweep(date(2025, 4, 10))  # the sweep did not run on 08/04, seven days before
    assert sorted(Reminder.objects.filter(task__content="Hội nghị sơ kết").values_list("kind", "period")) == [
        ("due_soon", "2025-04-15:7"),
        ("quarter_start", "2025-Q2"),
    ]


def test_done_or_declined_tasks_are_not_chased(world):
    officer = world["officers"]["Sở Nội vụ"]
    conference = world["tasks"][1].occurrences.get()
    update_status(actor=officer, occurrence=conference, status="done", percent=None, report=Report(date(2025, 4, 9)))
    world["tasks"][3].occurrences.update(status="not_done", reason="Gộp vào báo cáo quý")
    sweep(date(2025, 4, 16))
    assert keys() == []


def test_one_digest_per_unit_per_day_in_vietnamese_with_links(world, settings):
    settings.PORTAL_URL = "https://tdkt.bacninh.gov.vn"
    sweep(date(2025, 4, 1))
    assert sorted((m.to, m.subject) for m in mail.outbox) == [
        (["noivu@bacninh.gov.vn"], "[Cổng TĐKT] Nhắc việc ngày 01/04/2025 – Sở Nội vụ: 2 nội dung"),
        (["taichinh@bacninh.gov.vn"], "[Cổng TĐKT] Nhắc việc ngày 01/04/2025 – Sở Tài chính: 5 nội dung"),
    ]
    finance = next(m for m in mail.outbox if m.to == ["taichinh@bacninh.gov.vn"])
    conference, registration, monthly = (world["tasks"][i] for i in (1, 0, 3))
    assert finance.body.startswith("Kính gửi Sở Tài chính,\n")
    assert "Nhiệm vụ trong quý II/2025 (2):" in finance.body
    assert "Nhiệm vụ đã quá hạn, chưa báo cáo hoàn thành (3):" in finance.body
    assert "Báo cáo tháng – hạn 20/03/2025 (quá hạn 12 ngày)" in finance.body
    assert f"https://tdkt.bacninh.gov.vn/nhiem-vu/{monthly.pk}/tien-do/" in finance.body
    assert f"/nhiem-vu/{conference.pk}/" not in finance.body  # not theirs
    assert f"/nhiem-vu/{registration.pk}/tien-do/" in finance.alternatives[0][0]
    assert re.fullmatch(
        rf"<nhac-viec-{world['units']['Sở Tài chính'].pk}-20250401-[0-9a-f]{{10}}@tdkt\.bacninh\.gov\.vn>",
        finance.extra_headers["Message-ID"],
    )
    assert ReminderDigest.objects.filter(emailed_at__isnull=False).count() == 2
    # New reminders after today's digest went out wait for tomorrow's.
    late = issued_plan_with_tasks(
        [{"content": "Việc giao thêm", "timing": "Trước 05/4/2025", "leads": "Sở Nội vụ"}],
        province=world["plan"].issuing_unit,
    )
    mail.outbox.clear()
    assert dict(sweep(date(2025, 4, 1)).sent) == {}
    assert mail.outbox == []
    assert dict(sweep(date(2025, 4, 2)).sent) == {"due_soon": 1, "quarter_start": 1}
    assert [m.subject for m in mail.outbox] == ["[Cổng TĐKT] Nhắc việc ngày 02/04/2025 – Sở Nội vụ: 2 nội dung"]
    assert "Việc giao thêm – hạn 05/04/2025 (còn 3 ngày)" in mail.outbox[0].body
    assert late[1][0].pk in Reminder.objects.filter(digest__day=date(2025, 4, 2)).values_list("task_id", flat=True)


def test_the_same_items_appear_as_notifications_for_every_active_unit_officer(world):
    sweep(date(2025, 4, 1))
    officer = world["officers"]["Sở Nội vụ"]
    (notification,) = Notification.objects.filter(user=officer)
    assert notification.title == "[Cổng TĐKT] Nhắc việc ngày 01/04/2025 – Sở Nội vụ: 2 nội dung"
    assert notification.body_lines == [
        f"Nhiệm vụ trong quý II/2025: [{world['plan'].reference}] 2 Hội nghị sơ kết – hạn 15/04/2025",
        f"Nhiệm vụ trong quý II/2025: [{world['plan'].reference}] 1 Đăng ký thi đua – hạn 30/06/2025",
    ]
    assert Notification.objects.count() == 2  # the retired officer and the plan editor get nothing


def test_running_twice_sends_nothing_twice(world):
    first = sweep(date(2025, 4, 1))
    count = Reminder.objects.count()
    mail.outbox.clear()
    second = sweep(date(2025, 4, 1))
    assert (sum(first.sent.values()), sum(second.sent.values()), mail.outbox) == (7, 0, [])
    assert Reminder.objects.count() == count
    assert Notification.objects.count() == 2


def test_send_reminders_command_prints_counts_by_kind(world):

    out = StringIO()
    call_command("send_reminders", "--today", "2025-04-01", stdout=out)
    assert out.getvalue() == (
        "Nhắc việc ngày 01/04/2025: 2 đơn vị có nhắc việc, 2 thư điện tử đã gửi.\n"
        "  Nhiệm vụ trong quý: 4\n"
        "  Sắp đến hạn: 0\n"
        "  Quá hạn: 3\n"
    )
    out = StringIO()
    call_command("send_reminders", "--today", "2025-04-01", stdout=out)
    assert out.getvalue().splitlines()[1:] == ["  Nhiệm vụ trong quý: 0", "  Sắp đến hạn: 0", "  Quá hạn: 0"]


def test_a_unit_with_no_one_to_tell_is_named_and_its_reminders_are_not_counted_as_sent(world, client):
    out = StringIO()
    call_command("send_reminders", "--today", "2025-07-01", stdout=out)
    reached = Counter(Reminder.objects.exclude(unit__name="Sở Y tế").values_list("kind", flat=True))
    assert list(Reminder.objects.filter(unit__name="Sở Y tế").values_list("kind", flat=True)) == ["quarter_start"]
    assert out.getvalue().splitlines() == [
        "Nhắc việc ngày 01/07/2025: 3 đơn vị có nhắc việc, 2 thư điện tử đã gửi.",
        f"  Nhiệm vụ trong quý: {reached['quarter_start']}",
        f"  Sắp đến hạn: {reached['due_soon']}",
        f"  Quá hạn: {reached['overdue']}",
        "Không có ai nhận nhắc việc ở 1 đơn vị (chưa có cán bộ đơn vị nào có tài khoản, "
        "cũng chưa có địa chỉ thư nhận nhắc việc): Sở Y tế.",
    ]
    assert sweep(date(2025, 7, 1)).unreachable == []  # told once, like every other unit
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    response = client.get("/quan-tri/tasks/reminderdigest/", {"nguoi_nhan": "khong"})
    assert [digest.unit.name for digest in response.context["cl"].result_list] == ["Sở Y tế"]


def test_send_reminders_command_refuses_a_bad_date(world):
    with pytest.raises(CommandError) as error:
        call_command("send_reminders", "--today", "01/04/2025")
    assert str(error.value) == "Ngày “01/04/2025” không hợp lệ: hãy ghi dạng YYYY-MM-DD, ví dụ 2025-04-01."
    assert Reminder.objects.count() == 0


def test_the_schedule_is_declared_once_and_shows_in_the_admin(client):
    from django_celery_beat.models import PeriodicTask

    from tasks.schedule import install_beat_schedule

    installed = install_beat_schedule()
    assert sorted((p.name, p.task, p.crontab.minute, p.crontab.hour) for p in installed) == [
        ("nhac-viec-hang-ngay", "tasks.tasks.send_reminders", "0", "7-17"),
        # E-mails left waiting in the outbox (notifications.mail).
        ("thu-dien-tu-cho-gui", "notifications.send_waiting_emails", "*/10", "*"),
        # Webhook deliveries left waiting (api.webhooks).
        ("webhook-cho-gui", "api.send_waiting_webhooks", "*/10", "*"),
    ]
    assert {str(p.crontab.timezone) for p in installed} == {"Asia/Ho_Chi_Minh"}
    assert PeriodicTask.objects.filter(name="nhac-viec-hang-ngay").count() == 1  # installing again adds nothing
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    html = client.get("/quan-tri/django_celery_beat/periodictask/").content.decode()
    assert "nhac-viec-hang-ngay" in html and "thu-dien-tu-cho-gui" in html


def test_sweep_queries_do_not_grow_with_the_number_of_tasks(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        sweep(date(2025, 4, 1))
    # Start over: forget the reminders and the sweep's bookmarks on the occurrences.
    Reminder.objects.all().delete()
    ReminderDigest.objects.all().delete()
    Notification.objects.all().delete()
    Occurrence.objects.update(decided_on=None, next_reminder_on=UNDECIDED)
    issued_plan_with_tasks(
        [
            {"content": f"Việc thêm {n}", "timing": "Quý II", "leads": "Sở Nội vụ", "coordinates": "Sở Tài chính"}
            for n in range(40)
        ],
        province=world["plan"].issuing_unit,
    )
    with CaptureQueriesContext(connection) as many:
        result = sweep(date(2025, 4, 1))
    assert result.sent["quarter_start"] == 4 + 80
    assert len(many) == len(few)


def test_extra_contact_addresses_receive_the_digest_once(world):
    from tasks.models import ReminderContact

    ReminderContact.objects.create(unit=world["units"]["Sở Y tế"], email="vanthu.syt@bacninh.gov.vn")
    ReminderContact.objects.create(unit=world["units"]["Sở Nội vụ"], email="NoiVu@bacninh.gov.vn", name="Văn thư")
    sweep(date(2025, 7, 1))
    recipients = {m.subject.split(" – ")[1].split(":")[0]: m.to for m in mail.outbox}
    assert recipients["Sở Y tế"] == ["vanthu.syt@bacninh.gov.vn"]
    assert recipients["Sở Nội vụ"] == ["noivu@bacninh.gov.vn"]
    assert Notification.objects.filter(user__unit=world["units"]["Sở Y tế"]).count() == 0


class AcceptThenCrashBackend(LocmemBackend):
    """The mail server accepts the message, then the worker dies before the digest's commit."""

    crashes_left = 0

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        if AcceptThenCrashBackend.crashes_left:
            AcceptThenCrashBackend.crashes_left -= 1
            raise RuntimeError("Tiến trình bị dừng ngay sau khi máy chủ thư nhận thư")
        return sent


def test_a_digest_resent_after_a_crash_before_commit_keeps_its_message_id_unless_it_changed(world, settings):
    """What "exactly once" leaves open: the mail server has the message, our commit never
    happened. The next sweep sends the digest again; the same reminders give the same Message-ID
    (mail clients fold the copy), a digest that gained a reminder meanwhile gets a new one."""
    settings.EMAIL_BACKEND = "tests.tasks.test_reminders.AcceptThenCrashBackend"
    AcceptThenCrashBackend.crashes_left = 1
    with pytest.raises(RuntimeError):
        sweep(date(2025, 4, 1))
    assert ReminderDigest.objects.filter(emailed_at__isnull=False).count() == 0
    assert Notification.objects.count() == 0  # rolled back with the digest
    sweep(date(2025, 4, 1))
    first, again = [m for m in mail.outbox if m.to == ["noivu@bacninh.gov.vn"]]
    assert again.extra_headers["Message-ID"] == first.extra_headers["Message-ID"]
    assert again.body == first.body
    assert Notification.objects.filter(user=world["officers"]["Sở Nội vụ"]).count() == 1

    mail.outbox.clear()
    issued_plan_with_tasks(
        [{"content": "Hội nghị giao ban", "timing": "Trước 09/4/2025", "leads": "Sở Tài chính"}],
        province=world["plan"].issuing_unit,
    )
    AcceptThenCrashBackend.crashes_left = 1
    with pytest.raises(RuntimeError):
        sweep(date(2025, 4, 2))
    issued_plan_with_tasks(
        [{"content": "Việc giao thêm", "timing": "Trước 05/4/2025", "leads": "Sở Tài chính"}],
        province=world["plan"].issuing_unit,
    )
    sweep(date(2025, 4, 2))
    crashed, resent = [m for m in mail.outbox if m.to == ["taichinh@bacninh.gov.vn"]]
    assert "Hội nghị giao ban" in crashed.body and "Việc giao thêm" not in crashed.body
    assert "Hội nghị giao ban" in resent.body and "Việc giao thêm" in resent.body
    assert resent.extra_headers["Message-ID"] != crashed.extra_headers["Message-ID"]
