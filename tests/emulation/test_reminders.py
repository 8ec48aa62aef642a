"""The leader's "Nhắc đơn vị chưa chấm": one notice to the officers of each member that has not
scored itself and one e-mail to them and to its reminder contacts, at most once a day per unit,
logged; a member with nobody to tell is named and left free; refused once the results are published."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from activity.models import ActivityLog
from emulation import services
from notifications.models import DailyReminder, Notification, OutgoingEmail
from tasks.models import ReminderContact

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
    assert reminded == services.RemindOutcome(reminded=[block.beta], unreachable=[])
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
    assert len(services.remind_unscored(actor=block.leader_user, table=block.table, url=url).reminded) == 3


NOBODY = (
    "chưa có tài khoản cán bộ đơn vị hay địa chỉ nhận nhắc việc nào: không gửi được nhắc nhở. "
    "Quản trị viên thêm địa chỉ ở mục “Địa chỉ nhận nhắc việc”."
)
SUBJECT = "[TĐKT] Nhắc tự chấm điểm thi đua: Khối các cơ quan tổng hợp năm 2025"


def deactivate(*users):
    for user in users:
        user.is_active = False
        user.save()


def emails():
    return sorted(OutgoingEmail.objects.values_list("to", "subject"))


def reminded_ids():
    return sorted(DailyReminder.objects.values_list("unit_id", flat=True))


def test_the_reminder_contacts_get_the_email_and_a_unit_with_nobody_is_left_free(client, block):
    """Sở Tài chính has only its office mailbox; Sở Tư pháp has an officer with an address and a
    contact; Sở Nội vụ's officer has no address; a mailbox shared with Sở Tư pháp gets one e-mail."""
    deactivate(block.beta_user)
    ReminderContact.objects.create(unit=block.beta, email="vanphong@taichinh.example.vn", name="Văn phòng")
    ReminderContact.objects.create(unit=block.beta, email="chung@khoi.example.vn")
    ReminderContact.objects.create(unit=block.alpha, email="Chung@khoi.example.vn")
    block.alpha_user.email = "tuphap@example.vn"
    block.alpha_user.save()
    client.force_login(block.leader_user)

    response = remind(client, block)
    assert [str(m) for m in response.context["messages"]] == [
        "Đã gửi thông báo nhắc tự chấm điểm đến 3 đơn vị: Sở Nội vụ; Sở Tài chính; Sở Tư pháp."
    ]
    assert emails() == [
        ("chung@khoi.example.vn", SUBJECT),
        ("tuphap@example.vn", SUBJECT),
        ("vanphong@taichinh.example.vn", SUBJECT),
    ]
    # Portal notices go to the active officers only: Sở Tài chính's mailbox has no account.
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == ["sotuphap", "truongkhoi"]
    assert reminded_ids() == sorted([block.leader.pk, block.alpha.pk, block.beta.pk])


def test_a_unit_with_nobody_to_tell_is_named_and_can_be_reminded_once_it_has_an_address(client, block):
    deactivate(block.beta_user)
    block.alpha_user.email = "tuphap@example.vn"
    block.alpha_user.save()
    client.force_login(block.leader_user)

    response = remind(client, block)
    assert [str(m) for m in response.context["messages"]] == [
        "Đã gửi thông báo nhắc tự chấm điểm đến 2 đơn vị: Sở Nội vụ; Sở Tư pháp. "
        f"Các đơn vị chưa chấm (Sở Tài chính) {NOBODY}"
    ]
    assert reminded_ids() == sorted([block.leader.pk, block.alpha.pk])
    assert emails() == [("tuphap@example.vn", SUBJECT)]
    log = ActivityLog.objects.get(action="scores.remind")
    assert log.summary == "Nhắc 2 đơn vị chưa tự chấm điểm: Sở Nội vụ; Sở Tư pháp"
    assert log.after == {
        "đơn vị được nhắc": ["Sở Nội vụ", "Sở Tư pháp"],
        services.REMINDED_UNITS: [block.leader.pk, block.alpha.pk],
        "đơn vị không nhắc được (chưa có người nhận)": ["Sở Tài chính"],
    }
    overview = client.get(reverse("emulation:overview", args=[block.group.pk])).content.decode()
    # Sở Tài chính carries no "đã nhắc hôm nay": nobody was told.
    assert 'Sở Nội vụ <span class="badge">đã nhắc hôm nay</span>; Sở Tài chính; Sở Tư pháp <span' in overview

    # The same day, still nobody: both reasons, nothing written.
    response = remind(client, block)
    assert [str(m) for m in response.context["messages"]] == [
        "Hôm nay đã nhắc các đơn vị chưa chấm (Sở Nội vụ; Sở Tư pháp). Mỗi đơn vị chỉ được nhắc một lần mỗi ngày.",
        f"Các đơn vị chưa chấm (Sở Tài chính) {NOBODY}",
    ]
    assert (Notification.objects.count(), OutgoingEmail.objects.count()) == (2, 1)
    assert ActivityLog.objects.filter(action="scores.remind").count() == 1

    # The admin adds the office's mailbox: the same day, Sở Tài chính alone is reminded.
    ReminderContact.objects.create(unit=block.beta, email="vanphong@taichinh.example.vn")
    response = remind(client, block)
    assert [str(m) for m in response.context["messages"]] == [
        "Đã gửi thông báo nhắc tự chấm điểm đến 1 đơn vị: Sở Tài chính."
    ]
    assert emails() == [("tuphap@example.vn", SUBJECT), ("vanphong@taichinh.example.vn", SUBJECT)]
    assert Notification.objects.count() == 2
    assert reminded_ids() == sorted([block.leader.pk, block.alpha.pk, block.beta.pk])
    log = ActivityLog.objects.filter(action="scores.remind").latest("pk")
    assert log.after == {"đơn vị được nhắc": ["Sở Tài chính"], services.REMINDED_UNITS: [block.beta.pk]}


def test_nobody_reachable_is_refused_and_writes_nothing(client, block):
    score(block, block.leader_user, block.leader, c1="5")
    deactivate(block.alpha_user, block.beta_user)
    url = reverse("emulation:scoring", args=[block.group.pk])
    with pytest.raises(ValidationError) as refused:
        services.remind_unscored(actor=block.leader_user, table=block.table, url=url)
    assert refused.value.messages == [f"Các đơn vị chưa chấm (Sở Tài chính; Sở Tư pháp) {NOBODY}"]
    client.force_login(block.leader_user)
    response = client.post(reverse("emulation:remind_unscored", args=[block.group.pk]), {"tu": "trang-chu"})
    assert response.url == reverse("home") + "#home-groups"
    page = client.get(response.url).content.decode()
    assert "Các đơn vị chưa chấm (Sở Tài chính; Sở Tư pháp) chưa có tài khoản cán bộ đơn vị" in page
    assert not DailyReminder.objects.exists()
    assert not Notification.objects.exists() and not OutgoingEmail.objects.exists()
    assert not ActivityLog.objects.filter(action="scores.remind").exists()
