from datetime import date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from api.services import renew_calendar, stop_calendar
from emulation.models import Covenant
from tests.factories import CouncilMemberFactory, CouncilSessionFactory
from units.models import EmulationGroup, EmulationGroupMembership

pytestmark = pytest.mark.django_db


def read_feed(client, key):
    response = client.get(reverse("api:calendar_feed", args=[key]))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar):
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_lists_the_unit_s_deadlines_groups_and_sessions_with_alarms(world):
    officer = world["people"]["officer"]
    unit = world["units"]["lead"]
    group = EmulationGroup.objects.create(
        name="Khối các sở, ngành tổng hợp", kind="block", year=2025, organiser=world["units"]["a"]
    )
    EmulationGroupMembership.objects.create(group=group, unit=unit)
    covenant = Covenant.objects.create(group=group, title="Giao ước", content="Nội dung", signing_due=date(2025, 3, 31))
    seat = CouncilMemberFactory(user=officer)
    session = CouncilSessionFactory(council=seat.council, title="Phiên họp xét khen thưởng cuối năm")
    key = renew_calendar(actor=officer)

    found = events(read_feed(Client(), key))
    occurrence = world["task"].occurrences.get()
    task_event = found[f"occurrence-{occurrence.pk}@tdkt-portal"]
    assert str(task_event["summary"]) == "Hạn: 1. Tổ chức hội nghị sơ kết"
    assert task_event.decoded("dtstart") == date(2025, 7, 15)
    assert task_event.decoded("dtend") == date(2025, 7, 16)
    assert str(task_event["url"]).endswith(f"/nhiem-vu/{world['task'].pk}/tien-do/?ky={occurrence.pk}")
    alarms = [a.decoded("trigger") for a in task_event.walk("VALARM")]
    assert alarms == [timedelta(days=-7), timedelta(days=-1)]

    group_event = found[f"group-giao-uoc-{covenant.pk}-unit-{unit.pk}@tdkt-portal"]
    assert str(group_event["summary"]) == "Hạn: [Khối các sở, ngành tổng hợp] Ký giao ước thi đua năm 2025"
    assert group_event.decoded("dtstart") == date(2025, 3, 31)

    session_event = found[f"session-{session.pk}@tdkt-portal"]
    assert str(session_event["summary"]) == f"Họp {seat.council.name}: Phiên họp xét khen thưởng cuối năm"
    assert session_event.decoded("dtstart") == session.meets_at
    assert str(session_event["location"]) == "Phòng họp số 1"
    assert len(session_event.walk("VALARM")) == 2

    # Nothing of the other units' tasks (Sở Y tế's task, province B's).
    assert set(found) == {
        f"occurrence-{occurrence.pk}@tdkt-portal",
        f"group-giao-uoc-{covenant.pk}-unit-{unit.pk}@tdkt-portal",
        f"session-{session.pk}@tdkt-portal",
    }


def test_a_done_task_leaves_the_feed(world):
    occurrence = world["task"].occurrences.get()
    occurrence.status = "done"
    occurrence.save()
    key = renew_calendar(actor=world["people"]["officer"])
    assert events(read_feed(Client(), key)) == {}


def test_renewing_the_address_stops_the_old_one_and_stopping_stops_it(world):
    officer = world["people"]["officer"]
    client = Client()
    old = renew_calendar(actor=officer)
    read_feed(client, old)
    new = renew_calendar(actor=officer)
    assert client.get(reverse("api:calendar_feed", args=[old])).status_code == 404
    read_feed(client, new)
    stop_calendar(actor=officer)
    assert client.get(reverse("api:calendar_feed", args=[new])).status_code == 404
    assert client.get("/lich/khong-co.ics").status_code == 404


def test_the_account_page_shows_the_address_once_and_renews_it(world):
    officer = world["people"]["officer"]
    client = Client()
    client.force_login(officer)
    page = client.post(reverse("api:calendar_renew"))
    assert page.status_code == 200
    url = page.context["feed_url"]
    assert url.startswith("http://testserver/lich/") and url.endswith(".ics")
    assert Client().get(url.removeprefix("http://testserver")).status_code == 200
    again = client.get(reverse("api:account"))
    assert again.context["feed_url"] is None
    assert url not in again.content.decode()
    assert "Lịch riêng đang bật" in again.content.decode()


def test_the_unit_s_task_list_says_how_to_subscribe(world):
    client = Client()
    client.force_login(world["people"]["officer"])
    page = client.get(reverse("tasks:unit_tasks")).content.decode()
    assert f'href="{reverse("api:account")}#lich"' in page
    assert "Thêm lịch từ URL" in page


def test_the_feed_times_are_the_session_s_own(world):
    officer = world["people"]["officer"]
    seat = CouncilMemberFactory(user=officer)
    when = datetime.fromisoformat("2025-12-15T08:00:00+07:00")
    session = CouncilSessionFactory(council=seat.council, meets_at=when)
    found = events(read_feed(Client(), renew_calendar(actor=officer)))
    event = found[f"session-{session.pk}@tdkt-portal"]
    assert event.decoded("dtstart") == when
    assert event.decoded("dtend") == when + timedelta(hours=2)
