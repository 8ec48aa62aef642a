"""A reminder sent by hand ("Nhắc đơn vị") goes to a unit at most once a day per thing it is about:
the row's unique key decides, even between two requests racing each other."""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from notifications.models import DailyReminder, EmailStatus, Notification, OutgoingEmail
from notifications.services import claim_daily_reminders, notify_and_email, reminded_on
from tests.factories import ProvinceFactory, UnitFactory, UserFactory
from tests.tasks.test_reminders_worker import wait_until
from units.models import Role

DAY = datetime.date(2025, 6, 2)


@pytest.fixture
def units(db):
    province = ProvinceFactory()
    return province, UnitFactory(name="Sở Y tế", parent=province), UnitFactory(name="Sở Tư pháp", parent=province)


@pytest.mark.django_db
def test_each_unit_is_claimed_once_a_day_per_thing(units):
    about, health, justice = units
    editor = UserFactory(role=Role.PLAN_EDITOR, unit=about)
    assert claim_daily_reminders(about=about, unit_ids=[health.pk, justice.pk, health.pk], actor=editor, day=DAY) == [
        health.pk,
        justice.pk,
    ]
    # The same day: the existing rows make the inserts fail, and only the new unit is taken.
    other = UnitFactory(name="Sở Xây dựng", parent=about)
    assert claim_daily_reminders(about=about, unit_ids=[health.pk, other.pk], actor=editor, day=DAY) == [other.pk]
    assert reminded_on(about, DAY) == {health.pk, justice.pk, other.pk}
    # Another day, or another thing to be reminded about, is a fresh start.
    tomorrow = DAY + datetime.timedelta(days=1)
    assert claim_daily_reminders(about=about, unit_ids=[health.pk], actor=editor, day=tomorrow) == [health.pk]
    assert claim_daily_reminders(about=health, unit_ids=[justice.pk], actor=editor, day=DAY) == [justice.pk]
    assert reminded_on(about, tomorrow) == {health.pk}
    assert DailyReminder.objects.count() == 5
    assert set(DailyReminder.objects.values_list("sent_by", flat=True)) == {editor.pk}


@pytest.mark.django_db
def test_notice_and_email_go_to_each_person_once_and_to_the_extra_addresses(units):
    _, health, _ = units
    with_mail = UserFactory(role=Role.UNIT_OFFICER, unit=health, email="yte@example.vn")
    without_mail = UserFactory(role=Role.UNIT_OFFICER, unit=health)
    notices, emails = notify_and_email(
        [with_mail, without_mail, with_mail],
        title="Nhắc 2 nhiệm vụ quá hạn",
        body="Đề nghị cập nhật tiến độ.",
        url="/nhiem-vu-cua-don-vi/",
        extra_addresses=["vanthu.yte@example.vn", "YTE@example.vn"],
    )
    assert sorted(n.user_id for n in notices) == sorted([with_mail.pk, without_mail.pk])
    assert Notification.objects.count() == 2
    assert sorted(e.to for e in emails) == ["vanthu.yte@example.vn", "yte@example.vn"]
    email = OutgoingEmail.objects.get(to="yte@example.vn")
    assert (email.subject, email.body, email.status) == (
        "[TĐKT] Nhắc 2 nhiệm vụ quá hạn",
        "Đề nghị cập nhật tiến độ.\n\nXem chi tiết: http://127.0.0.1:8000/nhiem-vu-cua-don-vi/\n",
        EmailStatus.PENDING,
    )


@pytest.mark.django_db(transaction=True)
def test_of_two_racing_requests_the_second_waits_for_the_first_and_takes_nothing(units):
    """The first transaction's row is not committed yet when the second inserts the same key: the
    second waits on the unique index, and once the first commits its insert fails."""
    about, health, _ = units
    first_claimed = threading.Event()
    release_first = threading.Event()
    results = {}

    def first():
        try:
            with transaction.atomic():
                results["first"] = claim_daily_reminders(about=about, unit_ids=[health.pk], actor=None, day=DAY)
                first_claimed.set()
                assert release_first.wait(30)
        finally:
            connection.close()

    def second():
        try:
            with transaction.atomic():
                results["second"] = claim_daily_reminders(about=about, unit_ids=[health.pk], actor=None, day=DAY)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert first_claimed.wait(30)
    threads[1].start()

    def second_is_waiting():
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            return cursor.fetchone()[0] > 0

    wait_until(second_is_waiting, message="the second insert never waited for the first")
    release_first.set()
    for thread in threads:
        thread.join(30)
    assert results == {"first": [health.pk], "second": []}
    assert DailyReminder.objects.count() == 1
