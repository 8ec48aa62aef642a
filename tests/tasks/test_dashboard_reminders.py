""" "Nhắc đơn vị" on the plan's dashboard: an editor of the plan's administration sends a unit one
reminder now about its overdue tasks — a notice to each of its officers and an e-mail to them and
its reminder contacts — at most once a day per unit and plan, logged on the plan's history."""

import datetime
import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from activity.models import ActivityLog
from notifications.models import DailyReminder, EmailStatus, Notification, OutgoingEmail
from plans.models import Plan, PlanStatus
from tasks import services
from tasks.models import ReminderContact
from tests.factories import CouncilMemberFactory, ProvinceFactory, UserFactory
from units.models import Role

from .dashboard_world import build_world

REFUSED = "ConnectionRefusedError: [Errno 111] Connection refused"


@pytest.fixture
def world(db):
    world = build_world()
    health = world.units["Sở Y tế"]
    # Who hears about Sở Y tế: its active officers (with or without an address) and its contact.
    world.second_officer = UserFactory(role=Role.UNIT_OFFICER, unit=health)
    UserFactory(role=Role.UNIT_OFFICER, unit=health, email="nghiviec@example.vn", is_active=False)
    UserFactory(role=Role.PLAN_EDITOR, unit=health, email="bientap.yte@example.vn")
    ReminderContact.objects.create(unit=health, email="vanthu.yte@example.vn", name="Văn thư")
    world.justice_officer = UserFactory(role=Role.UNIT_OFFICER, unit=world.units["Sở Tư pháp"], email="tp@example.vn")
    return world


def remind(world, unit_name="Sở Y tế", **kwargs):
    return services.remind_unit(actor=world.editor, plan=world.plan, unit=world.units[unit_name], **kwargs)


def remind_url(world, unit_name="Sở Y tế"):
    return reverse("tasks:dashboard_remind", args=[world.plan.pk, world.units[unit_name].pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_the_unit_is_told_of_its_overdue_tasks_in_the_portal_and_by_email(world):
    tasks = remind(world)
    assert [t.content for t in tasks] == ["Khám sức khoẻ", "Giám sát dịch"]
    title = f"Nhắc 2 nhiệm vụ quá hạn: Kế hoạch {world.plan.reference}"
    body = (
        f"Ủy ban nhân dân tỉnh Bắc Ninh đề nghị Sở Y tế thực hiện và cập nhật tiến độ 2 nhiệm vụ đã quá hạn "
        f"của Kế hoạch {world.plan.reference}:\n"
        "- Nhiệm vụ số 1 thuộc nhóm “I Quý I”: “Khám sức khoẻ”\n"
        "- Nhiệm vụ số 4 thuộc nhóm “II Quý II”: “Giám sát dịch”"
    )
    url = f"{reverse('tasks:unit_tasks')}?plan={world.plan.pk}&overdue=co"
    notices = Notification.objects.order_by("user_id")
    assert [(n.user, n.title, n.body, n.url) for n in notices] == [
        (world.health_officer, title, body, url),
        (world.second_officer, title, body, url),
    ]
    assert sorted(OutgoingEmail.objects.values_list("to", "subject")) == [
        ("vanthu.yte@example.vn", f"[TĐKT] {title}"),
        ("yte@example.vn", f"[TĐKT] {title}"),
    ]
    assert OutgoingEmail.objects.get(to="yte@example.vn").body == (
        f"{body}\n\nXem chi tiết: http://127.0.0.1:8000{url}\n"
    )
    log = ActivityLog.objects.get(action="plan.remind_unit")
    assert (log.actor, log.target, log.summary) == (world.editor, world.plan, "Nhắc Sở Y tế về 2 nhiệm vụ quá hạn")
    assert log.after == {
        "đơn vị được nhắc": "Sở Y tế",
        "nhiệm vụ quá hạn": [
            "Nhiệm vụ số 1 thuộc nhóm “I Quý I”: “Khám sức khoẻ”",
            "Nhiệm vụ số 4 thuộc nhóm “II Quý II”: “Giám sát dịch”",
        ],
    }
    (claim,) = DailyReminder.objects.all()
    assert (claim.unit_id, claim.day, claim.sent_by) == (world.units["Sở Y tế"].pk, world.today, world.editor)


@pytest.mark.django_db
def test_once_a_day_per_unit_and_plan(world):
    remind(world)
    with pytest.raises(ValidationError) as refused:
        remind(world)
    assert refused.value.messages == [
        "Hôm nay đã nhắc Sở Y tế về kế hoạch này. Mỗi đơn vị chỉ được nhắc một lần mỗi ngày: "
        "không gửi thêm nhắc nhở nào."
    ]
    assert (Notification.objects.count(), OutgoingEmail.objects.count()) == (2, 2)
    assert ActivityLog.objects.filter(action="plan.remind_unit").count() == 1
    # Another unit the same day, and the same unit the next day, may be reminded.
    remind(world, "Sở Tư pháp")
    remind(world, today=world.today + datetime.timedelta(days=1))
    assert Notification.objects.count() == 2 + 1 + 2
    assert ActivityLog.objects.filter(action="plan.remind_unit").count() == 3


@pytest.mark.django_db
def test_refusals_name_the_reason_and_write_nothing(world):
    with pytest.raises(ValidationError) as refused:
        remind(world, "Sở Xây dựng")
    assert refused.value.messages == ["Sở Xây dựng không có nhiệm vụ quá hạn nào trong kế hoạch này: không cần nhắc."]
    # A unit with overdue tasks and nobody to tell.
    world.justice_officer.is_active = False
    world.justice_officer.save()
    with pytest.raises(ValidationError) as refused:
        remind(world, "Sở Tư pháp")
    assert refused.value.messages == [
        "Sở Tư pháp chưa có tài khoản cán bộ đơn vị hay địa chỉ nhận nhắc việc nào: không gửi được nhắc nhở. "
        "Quản trị viên thêm địa chỉ ở mục “Địa chỉ nhận nhắc việc”."
    ]
    # A plan reopened for editing: its units are not chased meanwhile.
    Plan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.DRAFT)
    world.plan.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        remind(world)
    assert refused.value.messages == ["Kế hoạch chưa ban hành: các đơn vị chưa nhận nhiệm vụ nào để nhắc."]
    assert not DailyReminder.objects.exists()
    assert not Notification.objects.exists() and not OutgoingEmail.objects.exists()
    assert not ActivityLog.objects.filter(action="plan.remind_unit").exists()


@pytest.mark.django_db
def test_a_failure_while_telling_the_unit_leaves_nothing_half_written(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(services, "notify_and_email", broken)
    with pytest.raises(RuntimeError):
        remind(world)
    assert not DailyReminder.objects.exists()
    assert not ActivityLog.objects.filter(action="plan.remind_unit").exists()
    monkeypatch.undo()
    assert len(remind(world)) == 2  # the day's reminder was not used up by the failure


@pytest.mark.django_db(transaction=True)
def test_two_editors_clicking_at_once_send_one_reminder(world):
    second_editor = UserFactory(role=Role.PLAN_EDITOR, unit=world.editor.unit)
    start = threading.Barrier(2)
    outcomes = []

    def click(editor):
        try:
            start.wait(10)
            services.remind_unit(actor=editor, plan=world.plan, unit=world.units["Sở Y tế"])
            outcomes.append("sent")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(editor,)) for editor in (world.editor, second_editor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == [
        "Hôm nay đã nhắc Sở Y tế về kế hoạch này. Mỗi đơn vị chỉ được nhắc một lần mỗi ngày: "
        "không gửi thêm nhắc nhở nào.",
        "sent",
    ]
    assert (Notification.objects.count(), OutgoingEmail.objects.count(), DailyReminder.objects.count()) == (2, 2, 1)
    assert ActivityLog.objects.filter(action="plan.remind_unit").count() == 1


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on "discard"
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def celery_in_process():
    from tdkt_portal.celery import app

    previous, app.conf.task_always_eager = app.conf.task_always_eager, True
    yield
    app.conf.task_always_eager = previous


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_is_down_leaves_the_notices_and_logs_the_failure(
    client, world, smtp_down, celery_in_process, caplog
):
    client.force_login(world.editor)
    response = client.post(remind_url(world), follow=True)
    assert messages_of(response) == [
        "Đã gửi nhắc nhở đến Sở Y tế về 2 nhiệm vụ quá hạn (thông báo trên cổng và thư điện tử)."
    ]
    assert Notification.objects.count() == 2
    assert ActivityLog.objects.filter(action="plan.remind_unit").count() == 1
    assert sorted(OutgoingEmail.objects.values_list("to", "status", "last_error")) == [
        ("vanthu.yte@example.vn", EmailStatus.FAILED, REFUSED),
        ("yte@example.vn", EmailStatus.FAILED, REFUSED),
    ]
    assert "failed for good" in caplog.text


# Who may: the views ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_dashboard_offers_the_reminder_with_a_confirmation_that_says_what_happens(client, world):
    client.force_login(world.editor)
    dashboard = reverse("tasks:dashboard", args=[world.plan.pk])
    html = client.get(dashboard).content.decode()
    assert (
        'data-confirm="Gửi nhắc nhở đến Sở Y tế về 2 nhiệm vụ quá hạn? Cán bộ của đơn vị sẽ nhận thông báo '
        'trên cổng và thư điện tử; mỗi đơn vị chỉ được nhắc một lần mỗi ngày."'
    ) in html
    assert "Gửi nhắc nhở đến Sở Tư pháp về 1 nhiệm vụ quá hạn?" in html
    # Sở Xây dựng has nothing overdue: no button.
    assert remind_url(world, "Sở Xây dựng") not in html and remind_url(world) in html

    response = client.post(remind_url(world))
    assert response.url == dashboard + "#theo-don-vi"
    html = client.get(dashboard).content.decode()
    row = re.search(rf'<tr data-unit="{world.units["Sở Y tế"].pk}">.*?</tr>', html, re.S).group(0)
    assert "Đã nhắc hôm nay" in row and remind_url(world) not in row
    # A second click from a page loaded before the first: refused, in Vietnamese, nothing sent.
    response = client.post(remind_url(world), follow=True)
    assert messages_of(response) == [
        "Hôm nay đã nhắc Sở Y tế về kế hoạch này. Mỗi đơn vị chỉ được nhắc một lần mỗi ngày: "
        "không gửi thêm nhắc nhở nào."
    ]
    assert Notification.objects.count() == 2


@pytest.mark.django_db
def test_who_may_remind(client, world):
    other_province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    people = {
        "admin": (UserFactory(role=Role.ADMIN), 302),
        "editor of the plan's province": (world.editor, 302),
        "editor of another province": (UserFactory(role=Role.PLAN_EDITOR, unit=other_province), 403),
        "officer of the reminded unit": (world.health_officer, 403),
        "officer of another unit": (world.justice_officer, 403),
        "council member": (CouncilMemberFactory(council__government=world.province).user, 403),
    }
    for who, (user, status) in people.items():
        client.force_login(user)
        response = client.post(remind_url(world))
        assert response.status_code == status, who
        DailyReminder.objects.all().delete()  # each allowed click may send today's reminder
        dashboard = client.get(reverse("tasks:dashboard", args=[world.plan.pk]))
        assert (remind_url(world) in dashboard.content.decode()) == (status == 302), who
    assert ActivityLog.objects.filter(action="plan.remind_unit").count() == 2
    client.logout()
    response = client.post(remind_url(world))
    assert (response.status_code, response.url.split("?")[0]) == (302, "/dang-nhap/")
    client.force_login(world.editor)
    assert client.get(remind_url(world)).status_code == 405
    # A unit of nowhere is a 404; a draft plan has nobody to remind yet.
    missing = reverse("tasks:dashboard_remind", args=[world.plan.pk, 999999])
    assert client.post(missing).status_code == 404
    Plan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.DRAFT)
    assert client.post(remind_url(world)).status_code == 403
    assert remind_url(world) not in client.get(reverse("tasks:dashboard", args=[world.plan.pk])).content.decode()
