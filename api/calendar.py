"""A person's private iCalendar feed (RFC 5545, the `icalendar` package): the open deadlines of
their unit's tasks, their unit's Cụm/Khối deadlines (covenant signing, self-scoring) and the
council sessions they sit on, each with alarms 7 and 1 days before."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from awards.models import CouncilSession, SessionStatus
from emulation.deadlines import open_deadlines
from tasks.models import Occurrence, TaskAssignment
from units.rules import is_unit_officer

ALARM_DAYS = (7, 1)
# How far ahead Cụm/Khối deadlines are looked for; tasks and sessions are all listed.
GROUP_HORIZON = timedelta(days=400)
SESSION_LENGTH = timedelta(hours=2)
DOMAIN = "tdkt-portal"


def _alarms(event: Event, label: str) -> None:
    for days in ALARM_DAYS:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Còn {days} ngày: {label}")
        alarm.add("trigger", timedelta(days=-days))
        event.add_component(alarm)


def _event(uid: str, summary: str, *, url: str, description: str = "", stamp) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("url", f"{settings.PORTAL_URL}{url}")
    event.add("description", "\n".join(filter(None, [description, f"{settings.PORTAL_URL}{url}"])))
    _alarms(event, summary)
    return event


def _all_day(event: Event, day) -> Event:
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event


def task_occurrences(user):
    """Open, dated occurrences of the tasks of issued plans where the person's unit has a role."""
    if not is_unit_officer(user):
        return Occurrence.objects.none()
    roles = TaskAssignment.objects.filter(unit_id=user.unit_id)
    return (
        Occurrence.objects.in_issued_plans()
        .open()
        .filter(due_on__isnull=False, task__in=roles.values("task"))
        .select_related("task__appendix__plan")
        .order_by("due_on", "id")
    )


def council_sessions(user):
    return (
        CouncilSession.objects.filter(council__members__user=user)
        .exclude(status=SessionStatus.APPLIED)
        .select_related("council")
        .distinct()
        .order_by("meets_at", "id")
    )


def feed(user) -> bytes:
    stamp = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Cổng Thi đua – Khen thưởng//Lịch hạn nhiệm vụ//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Hạn nhiệm vụ TĐKT – {user.unit or user}")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for occurrence in task_occurrences(user):
        task = occurrence.task
        number = f"{task.number}. " if task.number else ""
        summary = f"Hạn: {number}{task.content[:120]}"
        plan = task.appendix.plan
        description = (
            f"Kế hoạch {plan.reference}. Trạng thái: {occurrence.get_status_display()}, {occurrence.percent}%."
        )
        url = reverse("tasks:progress", args=[task.pk]) + f"?ky={occurrence.pk}"
        event = _event(f"occurrence-{occurrence.pk}", summary, url=url, description=description, stamp=stamp)
        calendar.add_component(_all_day(event, occurrence.due_on))
    if is_unit_officer(user):
        today = timezone.localdate()
        for deadline in open_deadlines(until=today + GROUP_HORIZON):
            if deadline.unit_id != user.unit_id:
                continue
            uid = f"group-{deadline.subject.replace(':', '-')}-unit-{deadline.unit_id}"
            event = _event(uid, f"Hạn: {deadline.label}", url=deadline.link, stamp=stamp)
            calendar.add_component(_all_day(event, deadline.due_on))
    for session in council_sessions(user):
        summary = f"Họp {session.council.name}: {session.title}"
        url = reverse("awards:session", args=[session.pk])
        event = _event(f"session-{session.pk}", summary, url=url, stamp=stamp)
        event.add("dtstart", session.meets_at)
        event.add("dtend", session.meets_at + SESSION_LENGTH)
        if session.place:
            event.add("location", session.place)
        calendar.add_component(event)
    return calendar.to_ical()
