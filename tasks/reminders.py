"""The reminder sweep: decide what each unit must be told today, then tell it once.

1. Decide: insert a `Reminder` row per (task, unit, kind, period) due today, reading only the
   occurrences whose bookmark (`next_reminder_on`) says their reminders can have changed, in
   chunks of one transaction each;
   keys already there are skipped, so a rerun adds nothing and a missed day is caught up.
2. Package (one transaction): attach each unit's undelivered reminders to the unit's digest of
   the day (one per unit per day; once today's has gone, new ones wait for tomorrow's). The
   open digests are locked first, so a digest another sweep is sending is waited for and, being
   sent by then, left alone: nothing is ever attached to a message already on its way.
3. Deliver, after those rows committed: per digest, lock its row, read its reminders, write the
   in-app notifications, send the e-mail and mark it sent in the same transaction. Reading under
   the lock means the message holds exactly the reminders that the commit marks sent. A second
   sweep skips a locked or sent digest; a run killed before the commit leaves the digest pending
   for the next run.

The only window for a duplicate is a process dying after the mail server accepted a message and
before our commit: the next sweep sends that digest again. Its Message-ID is made from the unit,
the day and the reminders it holds, so an identical copy carries the same Message-ID and mail
clients fold it away, while a copy that gained reminders meanwhile is a new message.
"""

from calendar import monthrange
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from hashlib import sha256
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from notifications.models import Notification
from notifications.services import build as build_notification
from plans.models import Plan, PlanStatus
from units.models import User

from .models import (
    LEAD_ROLES,
    OPEN_STATUSES,
    SWEEPABLE,
    UNDECIDED,
    WAITS_FOR_ISSUE,
    AssignmentRole,
    Occurrence,
    Reminder,
    ReminderContact,
    ReminderDigest,
    ReminderKind,
    TaskAssignment,
)

# Who hears about a task: the units that do the work. Directing bodies (chỉ đạo) follow the
# dashboard instead; overdue notices go to the units that answer for the status.
REMINDED_ROLES = (AssignmentRole.LEADS, AssignmentRole.EXECUTES, AssignmentRole.COORDINATES)
OVERDUE_ROLES = LEAD_ROLES
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass
class SweepResult:
    day: date
    sent: Counter = field(default_factory=Counter)  # reminders delivered in this run, by kind
    digests: int = 0
    emails: int = 0
    # Units whose digest had no one to go to (no active unit officer, no contact address): their
    # reminders are not counted as sent, and staff see the names to set someone up.
    unreachable: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "sent": dict(self.sent),
            "digests": self.digests,
            "emails": self.emails,
            "unreachable": self.unreachable,
        }


def quarter_of(day: date) -> tuple[int, date, date]:
    quarter = (day.month - 1) // 3 + 1
    last_month = 3 * quarter
    return quarter, date(day.year, last_month - 2, 1), date(day.year, last_month, monthrange(day.year, last_month)[1])


@dataclass(frozen=True)
class Deadline:
    """A date a unit must meet that is not a plan task's (e.g. signing its cluster's covenant).

    Sources listed in `settings.REMINDER_DEADLINE_SOURCES` return these for deadlines still open;
    the sweep reminds about them like a task: days before, then weekly once overdue."""

    subject: str  # stable key of the thing, e.g. "giao-uoc:12"
    unit_id: int
    due_on: date
    label: str  # the digest line, e.g. "[Khối các cơ quan tổng hợp] Ký giao ước thi đua năm 2025"
    link: str  # portal path where the unit acts on it


def _deadline_sources():
    return [import_string(path) for path in getattr(settings, "REMINDER_DEADLINE_SOURCES", ())]


def _deadline_candidates(today: date) -> list[Reminder]:
    days_before = sorted(set(settings.REMINDER_DAYS_BEFORE))
    max_before = max(days_before, default=-1)
    found = {}
    for source in _deadline_sources():
        for deadline in source(until=today + timedelta(days=max_before)):
            days_left = (deadline.due_on - today).days
            if days_left < 0:
                week = (-days_left - 1) // 7
                kind, period = ReminderKind.OVERDUE, f"{deadline.due_on.isoformat()}:w{week}"
            elif days_left <= max_before:
                threshold = min(n for n in days_before if days_left <= n)
                kind, period = ReminderKind.DUE_SOON, f"{deadline.due_on.isoformat()}:{threshold}"
            else:
                continue
            found.setdefault((deadline.subject, deadline.unit_id, kind, period), deadline)
    return [
        Reminder(
            subject=subject,
            unit_id=unit_id,
            kind=kind,
            period=period,
            label=deadline.label[:500],
            link=deadline.link[:300],
            due_on=deadline.due_on,
        )
        for (subject, unit_id, kind, period), deadline in found.items()
    ]


# Occurrences decided per transaction: memory and lock time stay bounded whatever is due.
DECIDE_CHUNK = 2000


def _quarter_after(day: date) -> date:
    quarter, _, _ = quarter_of(day)
    return date(day.year + 1, 1, 1) if quarter == 4 else date(day.year, 3 * quarter + 1, 1)


def next_decision(due_on: date, today: date, days_before) -> date:
    """The first day after `today` on which this occurrence's reminders can change: it crosses
    a days-before threshold, falls overdue or enters another overdue week, or a quarter starts
    that it falls in. Until then a sweep has nothing new to say about it."""
    days = [due_on - timedelta(days=n) for n in days_before]
    overdue_from = due_on + timedelta(days=1)
    if overdue_from <= today:
        weeks = (today - overdue_from).days // 7 + 1
        days.append(overdue_from + timedelta(days=7 * weeks))
    else:
        days.append(overdue_from)
    next_quarter = _quarter_after(today)
    if due_on >= next_quarter:
        days.append(next_quarter)
    return min(day for day in days if day > today)


def due_for_decision(today: date, *, back_dated: bool = False, issued_only: bool = True):
    """Occurrences whose reminders may have changed since the sweep last decided them: never
    decided or their next day has come (one range of the partial index `occurrence_sweep_next`),
    and with `back_dated`, those decided for a later day (a sweep run for an earlier date).
    Open, dated, and (`issued_only`) in issued plans: the sweep's first pass leaves that join out
    so PostgreSQL reads the index alone, whatever it guesses about the plans; each chunk checks it.
    An occurrence of a draft plan is read once: the chunk that meets it parks its bookmark at
    WAITS_FOR_ISSUE, out of the index's range until the plan is issued."""
    bookmark = Q(next_reminder_on__lte=today)
    if back_dated:
        bookmark |= Q(decided_on__gt=today)
    occurrences = Occurrence.objects.open().filter(due_on__isnull=False).filter(bookmark)
    return occurrences.in_issued_plans() if issued_only else occurrences


def _back_dated(today: date) -> bool:
    """Has a sweep already decided for a day after `today`? (`occurrence_sweep_decided`; rare.)"""
    return Occurrence.objects.filter(SWEEPABLE, decided_on__gt=today).exists()


def _candidates(today: date, rows) -> list[Reminder]:
    """Unsaved Reminder rows for `rows` (occurrence id, task id, due date, task start), as of today."""
    days_before = sorted(set(settings.REMINDER_DAYS_BEFORE))
    max_before = max(days_before, default=-1)
    quarter, q_start, q_end = quarter_of(today)
    in_quarter_window = (today - q_start).days < settings.REMINDER_QUARTER_WINDOW_DAYS
    units_by_task = defaultdict(set)
    for task_id, unit_id, role in TaskAssignment.objects.filter(
        task__in={row[1] for row in rows}, unit__isnull=False, role__in=REMINDED_ROLES
    ).values_list("task_id", "unit_id", "role"):
        units_by_task[task_id].add((unit_id, role in OVERDUE_ROLES))

    found = {}

    def add(task_id, occurrence_id, kind, period, leads_only=False):
        for unit_id, leads in units_by_task.get(task_id, ()):
            if leads or not leads_only:
                found.setdefault((task_id, unit_id, kind, period), occurrence_id)

    first_in_quarter = {}
    for occurrence_id, task_id, due_on, starts_on in sorted(rows, key=lambda r: (r[2], r[0])):
        days_left = (due_on - today).days
        if days_left < 0:
            week = (-days_left - 1) // 7  # the day after the deadline, then every 7 days until done
            add(task_id, occurrence_id, ReminderKind.OVERDUE, f"{due_on.isoformat()}:w{week}", leads_only=True)
        elif days_left <= max_before:
            threshold = min(n for n in days_before if days_left <= n)
            add(task_id, occurrence_id, ReminderKind.DUE_SOON, f"{due_on.isoformat()}:{threshold}")
        if in_quarter_window and due_on >= q_start and (starts_on is None or starts_on <= q_end):
            first_in_quarter.setdefault(task_id, occurrence_id)
    # The quarter's list names each task's earliest open date in it, which may be in a chunk of
    # its own: asked once for the chunk's tasks.
    earliest = {}
    for task_id, occurrence_id in (
        Occurrence.objects.open()
        .filter(task__in=list(first_in_quarter), due_on__gte=q_start)
        .order_by("task_id", "due_on")
        .values_list("task_id", "pk")
    ):
        earliest.setdefault(task_id, occurrence_id)
    for task_id, occurrence_id in first_in_quarter.items():
        add(task_id, earliest.get(task_id, occurrence_id), ReminderKind.QUARTER_START, f"{today.year}-Q{quarter}")
    return [
        Reminder(task_id=task_id, unit_id=unit_id, kind=kind, period=period, occurrence_id=occurrence_id)
        for (task_id, unit_id, kind, period), occurrence_id in found.items()
    ]


@transaction.atomic
def _decide_chunk(today: date, ids: list[int], back_dated: bool) -> None:
    # Locked, and checked again under the lock: a sweep running alongside that decided some of
    # these first has moved their bookmark on, so they drop out here; a status change or a task
    # edit waits for this commit and then clears the bookmark for the next sweep.
    rows = list(
        due_for_decision(today, back_dated=back_dated)
        .filter(pk__in=ids)
        .select_for_update(of=("self",))
        .order_by("pk")
        .values_list("pk", "task_id", "due_on", "task__starts_on")
    )
    if len(rows) < len(ids):
        _park_drafts(today, ids, back_dated)
    if not rows:
        return
    Reminder.objects.bulk_create(_candidates(today, rows), ignore_conflicts=True)
    days_before = sorted(set(settings.REMINDER_DAYS_BEFORE))
    Occurrence.objects.bulk_update(
        [
            Occurrence(pk=pk, decided_on=today, next_reminder_on=next_decision(due_on, today, days_before))
            for pk, _, due_on, _ in rows
        ],
        ["decided_on", "next_reminder_on"],
    )


def _park_drafts(today: date, ids: list[int], back_dated: bool) -> None:
    """Park the bookmarks of the chunk's occurrences whose plan is a draft, so that no sweep
    reads them again until the plan is issued. The draft plans are locked first: an issue
    running alongside either waits for this commit and then wakes them (wake_issued_plan), or
    commits first, and then its plan is no longer a draft here and nothing of it is parked."""
    drafts = list(
        Plan.objects.filter(
            status=PlanStatus.DRAFT, pk__in=Occurrence.objects.filter(pk__in=ids).values("task__appendix__plan")
        )
        .select_for_update(no_key=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if drafts:
        due_for_decision(today, back_dated=back_dated, issued_only=False).filter(
            pk__in=ids, task__appendix__plan__in=drafts
        ).update(decided_on=None, next_reminder_on=WAITS_FOR_ISSUE)


def wake_issued_plan(plan) -> int:
    """Make a newly issued plan's parked occurrences due for the next sweep. In the issuing
    transaction (plans.signals.plan_issued, connected in TasksConfig.ready)."""
    return Occurrence.objects.filter(task__appendix__plan=plan, next_reminder_on=WAITS_FOR_ISSUE).update(
        next_reminder_on=UNDECIDED
    )


def on_plan_issued(sender, plan, **kwargs) -> None:
    wake_issued_plan(plan)


def decide(today: date) -> None:
    """Insert today's reminders. Occurrences are read through the bookmark's index, in chunks,
    each chunk in its own transaction: a run killed half-way leaves the rest undecided for the
    next run, never half a chunk."""
    with transaction.atomic():
        Reminder.objects.bulk_create(_deadline_candidates(today), ignore_conflicts=True)
    back_dated = _back_dated(today)
    # In the index's order: read through a cursor, PostgreSQL would otherwise walk the whole
    # table in id order to hand over the first rows fast.
    due = due_for_decision(today, back_dated=back_dated, issued_only=False)
    due = due.order_by("next_reminder_on", "pk").values_list("pk", flat=True)
    ids = due.iterator(chunk_size=DECIDE_CHUNK)
    chunk = []
    for pk in ids:
        chunk.append(pk)
        if len(chunk) == DECIDE_CHUNK:
            _decide_chunk(today, chunk, back_dated)
            chunk = []
    if chunk:
        _decide_chunk(today, chunk, back_dated)


@transaction.atomic
def package(today: date) -> None:
    # A task done since its reminder was decided is not worth a message; other deadlines are
    # only decided while open.
    waiting = Reminder.objects.filter(digest__isnull=True).filter(
        Q(occurrence__status__in=OPEN_STATUSES) | Q(task__isnull=True)
    )
    unit_ids = list(waiting.order_by("unit_id").values_list("unit_id", flat=True).distinct())
    ReminderDigest.objects.bulk_create([ReminderDigest(unit_id=u, day=today) for u in unit_ids], ignore_conflicts=True)
    # Wait for any sweep sending one of these digests to commit: PostgreSQL then reads the row
    # again and drops it if it is sent by now, so its new reminders wait for tomorrow's digest
    # instead of being marked sent by a message that never held them. Locks in one order
    # (pk), so two sweeps packaging at once queue up rather than deadlock.
    open_ids = list(
        ReminderDigest.objects.select_for_update()
        .filter(unit__in=unit_ids, day=today, emailed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    todays_open = ReminderDigest.objects.filter(pk__in=open_ids, unit=OuterRef("unit"))
    waiting.filter(Exists(todays_open)).update(digest=Subquery(todays_open.values("pk")[:1]))


def _absolute(path: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + path


@dataclass(frozen=True)
class Item:
    kind: str
    line: str  # "[83/KH-UBND] 12 Tổ chức Hội nghị… – hạn 30/06/2025"
    url: str
    action: str = "Cập nhật tiến độ"


def _countdown(kind: str, due: date, day: date) -> str:
    days = (due - day).days
    if kind == ReminderKind.DUE_SOON:
        return " (hôm nay)" if days == 0 else f" (còn {days} ngày)"
    if kind == ReminderKind.OVERDUE:
        return f" (quá hạn {-days} ngày)"
    return ""


def _digest_context(digest: ReminderDigest, reminders: list[Item], today: date) -> dict:
    sections = []
    for kind in ReminderKind:
        items = [item for item in reminders if item.kind == kind]
        if items:
            sections.append({"kind": kind, "title": section_title(kind, today), "items": items})
    return {
        "digest": digest,
        "unit": digest.unit,
        "sections": sections,
        "count": len(reminders),
        "today": today,
        "tasks_url": _absolute(reverse("tasks:unit_tasks")),
        "notifications_url": _absolute(reverse("notifications:list")),
    }


def section_title(kind: str, today: date) -> str:
    if kind == ReminderKind.QUARTER_START:
        quarter, _, _ = quarter_of(today)
        return f"Nhiệm vụ trong quý {ROMAN[quarter]}/{today.year}"
    if kind == ReminderKind.DUE_SOON:
        return "Nhiệm vụ sắp đến hạn"
    return "Nhiệm vụ đã quá hạn, chưa báo cáo hoàn thành"


def _message_id(digest: ReminderDigest, reminder_ids) -> str:
    """The same for the same digest with the same reminders: a copy resent after a crash between
    the mail server's acceptance and our commit is recognised as the same message."""
    domain = urlsplit(settings.PORTAL_URL).hostname or "localhost"
    holds = sha256(",".join(map(str, sorted(reminder_ids))).encode()).hexdigest()[:10]
    return f"<nhac-viec-{digest.unit_id}-{digest.day:%Y%m%d}-{holds}@{domain}>"


def _items(digest: ReminderDigest, prefix: str) -> tuple[list[int], list[Item]]:
    """The digest's reminders as they stand now (ids, and one line each), as plain tuples: a
    digest can hold hundreds, and model instances and a reverse() each would be most of the cost."""
    ids, items = [], []
    rows = (
        Reminder.objects.filter(digest=digest)
        .order_by(
            "kind", Coalesce("occurrence__due_on", "due_on"), "task__appendix__plan_id", "task__position", "task_id"
        )
        .values_list(
            "pk",
            "kind",
            "task_id",
            "task__number",
            "task__content",
            "task__appendix__plan__number",
            "task__appendix__plan__symbol",
            "occurrence__due_on",
            "label",
            "link",
            "due_on",
        )
    )
    for pk, kind, task_id, number, content, plan_number, plan_symbol, due, label, link, own_due in rows:
        ids.append(pk)
        if task_id is None:
            line = f"{label} – hạn {own_due:%d/%m/%Y}{_countdown(kind, own_due, digest.day)}"
            items.append(Item(kind=kind, line=line, url=_absolute(link), action="Thực hiện tại"))
            continue
        line = f"[{plan_number or '    '}/{plan_symbol}] {number} {content[:160]}".replace("  ", " ")
        if due:
            line += f" – hạn {due:%d/%m/%Y}{_countdown(kind, due, digest.day)}"
        items.append(Item(kind=kind, line=line, url=f"{prefix}{task_id}/tien-do/"))
    return ids, items


def _deliver(digest: ReminderDigest, prefix: str, contacts, extra_addresses, today: date, result: SweepResult) -> None:
    with transaction.atomic():
        locked = ReminderDigest.objects.select_for_update(skip_locked=True).filter(pk=digest.pk, emailed_at=None)
        if not locked.exists():
            return  # another sweep has it, or has sent it
        # Read only now, under the lock: a sweep packaging meanwhile waits for this commit, so
        # the reminders read here are exactly those this transaction marks sent.
        reminder_ids, reminders = _items(digest, prefix)
        if not reminders:
            return
        context = _digest_context(digest, reminders, today)
        subject = render_to_string("tasks/email/digest_subject.txt", context).strip()
        Notification.objects.bulk_create(
            [
                build_notification(
                    user.pk,
                    title=subject,
                    body="\n".join(f"{s['title']}: {item.line}" for s in context["sections"] for item in s["items"]),
                    url=reverse("tasks:unit_tasks"),
                )
                for user in contacts
            ]
        )
        addresses = sorted(
            {user.email.lower() for user in contacts if user.email} | {a.lower() for a in extra_addresses}
        )
        if addresses:
            message = EmailMultiAlternatives(
                subject,
                render_to_string("tasks/email/digest.txt", context),
                to=addresses,
                headers={"Message-ID": _message_id(digest, reminder_ids)},
            )
            message.attach_alternative(render_to_string("tasks/email/digest.html", context), "text/html")
            message.send()
            result.emails += 1
        ReminderDigest.objects.filter(pk=digest.pk).update(emailed_at=timezone.now(), recipients=addresses)
    result.digests += 1
    if contacts or addresses:
        result.sent.update(r.kind for r in reminders)
    else:
        result.unreachable.append(digest.unit.name)


def deliver(today: date, result: SweepResult) -> None:
    digests = list(
        ReminderDigest.objects.filter(emailed_at__isnull=True)
        .filter(Exists(Reminder.objects.filter(digest=OuterRef("pk"))))
        .select_related("unit")
        .order_by("day", "unit__name")
    )
    if not digests:
        return
    prefix = _absolute(reverse("tasks:progress", args=[0]).removesuffix("0/tien-do/"))
    unit_ids = [d.unit_id for d in digests]
    contacts = defaultdict(list)
    # Unit officers: the accounts that report on the unit's tasks and open the page the notice
    # links to. A plan editor or council member whose unit has tasks can do neither.
    officers = User.objects.unit_officers().filter(unit__in=unit_ids).order_by("pk")
    for user in officers:
        contacts[user.unit_id].append(user)
    extra_addresses = defaultdict(list)
    for unit_id, email in ReminderContact.objects.filter(unit__in=unit_ids).values_list("unit_id", "email"):
        extra_addresses[unit_id].append(email)
    for digest in digests:
        _deliver(digest, prefix, contacts[digest.unit_id], extra_addresses[digest.unit_id], today, result)


def sweep(today: date | None = None) -> SweepResult:
    today = today or timezone.localdate()
    result = SweepResult(day=today)
    decide(today)
    package(today)
    deliver(today, result)
    return result
