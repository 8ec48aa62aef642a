"""The leader's "Nhắc đơn vị chưa chấm": one notice to the officers of each member that has not
scored itself, at most once a day per unit, logged; refused once the results are published."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activity.models import ActivityLog
from emulation import services
from notifications.models import DailyReminder, Notification, OutgoingEmail

from .conftest import officer, score

pytestmark = pytest.mark.django_db


def remind(client, block):
    return client.post(reverse("emulation:remind_unscored", args=[block.group.pk]), follow=True)


def notices(block):
    return sorted(Notification.objects.values_list("user__username", "title", "url"))


def test_the_leader_reminds_each_unscored_member_once_a_day(client, block):
    score(block, block.alpha_user, block.alpha, c1="5")
    second_officer = officer(block.beta, "sotaichinh2")
    for user, address in ((block.beta_user, "taichinh@example.vn"), (block.alpha_user, "tuphap@example.vn")):
        user.email = address
        user.save()
    client.force_login(block.leader_user)
    overview = client.get(reverse("emulation:overview", args=[block.group.pk])).content.decode()
    assert "Chưa tự chấm điểm (2 đơn vị): Sở Nội vụ; Sở Tài chính</p>" in overview

    response = remind(client, block)
    assert [str(m) for m in response.context["messages"]] == [
        "Đã gửi thông báo nhắc tự chấm điểm đến 2 đơn vị: Sở Nội vụ; Sở Tài chính."
    ]
    title = "Nhắc tự chấm điểm thi đua: Khối các cơ quan tổng hợp năm 2025"
    url = reverse("emulation:scoring", args=[block.group.pk])
    assert notices(block) == [
        ("sotaichinh", title, url),
        (second_officer.username, title, url),
        ("truongkhoi", title, url),
    ]
    assert Notification.objects.first().body == (
        "Trưởng khối thi đua đề nghị đơn vị tự chấm điểm theo bảng tiêu chí "
        f"“{block.table.title}” trước hạn 30/11/2025."
    )
    log = ActivityLog.objects.get(action="scores.remind")
    assert (log.actor, log.summary) == (block.leader_user, "Nhắc 2 đơn vị chưa tự chấm điểm: Sở Nội vụ; Sở Tài chính")
    # The e-mail goes through the outbox to those with an address (Sở Tư pháp scored: none for it).
    (email,) = OutgoingEmail.objects.all()
    assert (email.to, email.subject) == ("taichinh@example.vn", f"[TĐKT] {title}")
    assert email.body == (
        "Trưởng khối thi đua đề nghị đơn vị tự chấm điểm theo bảng tiêu chí "
        f"“{block.table.title}” trước hạn 30/11/2025.\n\nXem chi tiết: http://127.0.0.1:8000{url}\n"
    )
    assert sorted(DailyReminder.objects.values_list("unit_id", flat=True)) == sorted([block.leader.pk, block.beta.pk])
    assert "đã nhắc hôm nay" in client.get(reverse("emulation:overview", args=[block.group.pk])).content.decode()

    # The same day: nobody is told twice, and the leader is told why.
    response = remind(client, block)
    assert [str(m) for m in response.context["messages"]] == [
        "Hôm nay đã nhắc các đơn vị chưa chấm (Sở Nội vụ; Sở Tài chính). Mỗi đơn vị chỉ được nhắc một lần mỗi ngày."
    ]
    assert Notification.objects.count() == 3
    assert OutgoingEmail.objects.count() == 1
    assert ActivityLog.objects.filter(action="scores.remind").count() == 1

    # The next day they may be reminded again; a unit that scored meanwhile is not.
    score(block, block.leader_user, block.leader, c1="9")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    reminded = services.remind_unscored(actor=block.leader_user, table=block.table, url=url, today=tomorrow)
    assert reminded == [block.beta]
    assert Notification.objects.count() == 5
    assert OutgoingEmail.objects.count() == 2
    assert ActivityLog.objects.filter(action="scores.remind").count() == 2


def test_nobody_to_remind_and_only_the_leader_while_scoring_is_open(client, block):
    for user, unit in (
        (block.leader_user, block.leader),
        (block.alpha_user, block.alpha),
        (block.beta_user, block.beta),
    ):
        score(block, user, unit, c1="5")
    client.force_login(block.leader_user)
    response = remind(client, block)
    assert [str(m) for m in response.context["messages"]] == [
        "Mọi thành viên đã tự chấm điểm: không có đơn vị nào cần nhắc."
    ]
    client.force_login(block.alpha_user)  # a deputy, not the leader
    assert client.post(reverse("emulation:remind_unscored", args=[block.group.pk])).status_code == 403
    assert not Notification.objects.exists()
    assert not ActivityLog.objects.filter(action="scores.remind").exists()


def test_the_leader_reminds_from_the_home_page_and_comes_back_to_it(client, block):
    client.force_login(block.leader_user)
    home = client.get(reverse("home")).content.decode()
    action = reverse("emulation:remind_unscored", args=[block.group.pk])
    assert f'action="{action}"' in home
    assert "Gửi nhắc tự chấm điểm đến 3 đơn vị chưa chấm của Khối các cơ quan tổng hợp" in home

    response = client.post(action, {"tu": "trang-chu"})
    assert response.url == reverse("home") + "#home-groups"
    page = client.get(response.url).content.decode()
    assert "Đã gửi thông báo nhắc tự chấm điểm đến 3 đơn vị" in page
    assert page.count("đã nhắc hôm nay") == 3
    # Once a day from either page: the group's page now refuses, and nobody is told twice.
    response = client.post(action, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Hôm nay đã nhắc các đơn vị chưa chấm (Sở Nội vụ; Sở Tài chính; Sở Tư pháp). "
        "Mỗi đơn vị chỉ được nhắc một lần mỗi ngày."
    ]
    assert Notification.objects.count() == 3
    # A member is not the leader: no button on its home page, and the address refuses it.
    client.force_login(block.alpha_user)
    assert action not in client.get(reverse("home")).content.decode()
    assert client.post(action, {"tu": "trang-chu"}).status_code == 403


def test_a_failing_notice_leaves_no_reminder_claimed(client, block, monkeypatch):
    """Nothing half-written: when telling the units fails, the day's claims roll back with it."""

    def broken(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(services, "notify_and_email", broken)
    url = reverse("emulation:scoring", args=[block.group.pk])
    with pytest.raises(RuntimeError):
        services.remind_unscored(actor=block.leader_user, table=block.table, url=url)
    assert not DailyReminder.objects.exists()
    assert not ActivityLog.objects.filter(action="scores.remind").exists()
    monkeypatch.undo()
    assert len(services.remind_unscored(actor=block.leader_user, table=block.table, url=url)) == 3
