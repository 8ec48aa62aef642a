"""The cluster year's deadlines reach units through the same reminder sweep as plan tasks."""

import datetime

import pytest
from django.core import mail

from emulation import services
from notifications.models import Notification
from tasks.models import Reminder
from tasks.reminders import sweep

from .conftest import score


@pytest.fixture
def cycle(block):
    for user, address in (
        (block.alpha_user, "tuphap@x.vn"),
        (block.beta_user, "taichinh@x.vn"),
        (block.leader_user, "noivu@x.vn"),
    ):
        user.email = address
        user.save()
    covenant = services.save_covenant(
        actor=block.leader_user,
        group=block.group,
        title="Giao ước thi đua năm 2025",
        content="Giao ước",
        signing_due=datetime.date(2025, 3, 31),
    )
    services.record_signature(
        actor=block.leader_user,
        covenant=covenant,
        unit=block.leader,
        signed_on=datetime.date(2025, 3, 10),
        signer_name="Giám đốc",
    )
    return covenant


def keys():
    return sorted(Reminder.objects.values_list("subject", "unit__name", "kind", "period", "label"))


def test_units_that_have_not_signed_are_reminded_before_the_date_once(block, cycle):
    sweep(datetime.date(2025, 3, 24))
    subject = f"giao-uoc:{cycle.pk}"
    label = "[Khối các cơ quan tổng hợp] Ký giao ước thi đua năm 2025"
    assert keys() == [
        (subject, "Sở Tài chính", "due_soon", "2025-03-31:7", label),
        (subject, "Sở Tư pháp", "due_soon", "2025-03-31:7", label),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["taichinh@x.vn", "tuphap@x.vn"]
    body = mail.outbox[0].body
    assert f"{label} – hạn 31/03/2025" in body
    assert f"Thực hiện tại: http://127.0.0.1:8000/cum-khoi/{block.group.pk}/" in body
    assert Notification.objects.filter(user=block.alpha_user).count() == 1
    sweep(datetime.date(2025, 3, 24))
    assert len(mail.outbox) == 2  # a second sweep sends nothing


def test_overdue_weekly_until_signed_then_silent(block, cycle):
    sweep(datetime.date(2025, 4, 1))
    assert [k[1:4] for k in keys()] == [
        ("Sở Tài chính", "overdue", "2025-03-31:w0"),
        ("Sở Tư pháp", "overdue", "2025-03-31:w0"),
    ]
    services.record_signature(
        actor=block.leader_user,
        covenant=cycle,
        unit=block.alpha,
        signed_on=datetime.date(2025, 4, 2),
        signer_name="Giám đốc",
    )
    sweep(datetime.date(2025, 4, 8))
    # Sở Tư pháp signed on 02/04: only Sở Tài chính hears about the second week.
    assert [k[1:4] for k in keys()] == [
        ("Sở Tài chính", "overdue", "2025-03-31:w0"),
        ("Sở Tài chính", "overdue", "2025-03-31:w1"),
        ("Sở Tư pháp", "overdue", "2025-03-31:w0"),
    ]


def test_scoring_due_reminds_only_members_that_have_not_scored(block):
    block.table.scoring_due = datetime.date(2025, 11, 30)
    block.table.save()
    score(block, block.alpha_user, block.alpha, c1="5")
    sweep(datetime.date(2025, 11, 29))
    assert [k[:4] for k in keys()] == [
        (f"tu-cham-diem:{block.table.pk}", "Sở Nội vụ", "due_soon", "2025-11-30:1"),
        (f"tu-cham-diem:{block.table.pk}", "Sở Tài chính", "due_soon", "2025-11-30:1"),
    ]
    assert keys()[0][4] == "[Khối các cơ quan tổng hợp] Tự chấm điểm thi đua năm 2025, kèm tài liệu kiểm chứng"
