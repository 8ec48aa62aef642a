"""The sweep reads only occurrences whose reminders can have changed (tasks.reminders bookmark)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tasks.models import UNDECIDED, WAITS_FOR_ISSUE, Occurrence, Reminder
from tasks.progress import Report, update_status
from tasks.reminders import due_for_decision, next_decision, sweep
from tests.tasks.test_reminders import world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

DAYS_BEFORE = [1, 7]


@pytest.mark.parametrize(
    ("due", "today", "expected"),
    [
        (date(2025, 4, 15), date(2025, 4, 1), date(2025, 4, 8)),  # seven days before
        (date(2025, 4, 15), date(2025, 4, 8), date(2025, 4, 14)),  # the day before
        (date(2025, 4, 15), date(2025, 4, 14), date(2025, 4, 16)),  # overdue from the day after
        (date(2025, 4, 15), date(2025, 4, 16), date(2025, 4, 23)),  # then each week
        (date(2025, 4, 15), date(2025, 4, 25), date(2025, 4, 30)),
        (date(2025, 9, 30), date(2025, 4, 1), date(2025, 7, 1)),  # a quarter it falls in starts first
        (date(2025, 12, 31), date(2025, 10, 2), date(2025, 12, 24)),
        (date(2026, 2, 1), date(2025, 12, 1), date(2026, 1, 1)),
    ],
)
def test_next_decision_is_the_first_day_the_reminders_can_change(due, today, expected):
    assert next_decision(due, today, DAYS_BEFORE) == expected


def test_a_rerun_reads_no_occurrence_and_a_later_day_only_those_whose_day_came(world):  # noqa: F811
    sweep(date(2025, 4, 1))
    assert due_for_decision(date(2025, 4, 1)).count() == 0
    assert due_for_decision(date(2025, 4, 3)).count() == 0
    # By 08/04: the overdue monthly reports entered a new week (04/04 for February and March,
    # 08/04 for January) and the conference (15/04) is seven days off.
    assert sorted(due_for_decision(date(2025, 4, 8)).values_list("due_on", "next_reminder_on")) == [
        (date(2025, 1, 20), date(2025, 4, 8)),
        (date(2025, 2, 20), date(2025, 4, 4)),
        (date(2025, 3, 20), date(2025, 4, 4)),
        (date(2025, 4, 15), date(2025, 4, 8)),
    ]
    with CaptureQueriesContext(connection) as rerun:
        assert dict(sweep(date(2025, 4, 1)).sent) == {}
    # The deadline sources, the id list, the packaging and the delivery; no occurrence chunk.
    assert not any("FOR UPDATE OF" in q["sql"] and "tasks_occurrence" in q["sql"] for q in rerun.captured_queries)


def test_a_reopened_occurrence_is_decided_again_the_same_day(world):  # noqa: F811
    officer = world["officers"]["Sở Nội vụ"]
    conference = world["tasks"][1].occurrences.get()
    update_status(actor=officer, occurrence=conference, status="done", percent=None, report=Report(date(2025, 4, 1)))
    sweep(date(2025, 4, 16))
    assert not Reminder.objects.filter(task__content="Hội nghị sơ kết").exists()
    conference.refresh_from_db()
    update_status(
        actor=officer, occurrence=conference, status="in_progress", percent=50, report=Report(date(2025, 4, 16))
    )
    assert due_for_decision(date(2025, 4, 16)).get() == conference
    sweep(date(2025, 4, 16))
    assert list(Reminder.objects.filter(task__content="Hội nghị sơ kết").values_list("kind", "period")) == [
        ("overdue", "2025-04-15:w0")
    ]


def test_a_sweep_for_an_earlier_day_decides_again(world):  # noqa: F811
    sweep(date(2025, 4, 16))
    assert Occurrence.objects.filter(decided_on=date(2025, 4, 16)).count() == 15  # every open dated one
    assert due_for_decision(date(2025, 4, 10)).count() == 0
    assert due_for_decision(date(2025, 4, 10), back_dated=True).count() == 15
    sweep(date(2025, 4, 10))
    assert Occurrence.objects.filter(decided_on=date(2025, 4, 10)).count() == 15


def test_a_drafts_occurrences_are_read_once_then_wait_for_the_issue(world):  # noqa: F811
    from plans.models import Plan, PlanStatus
    from plans.services import apply_transition
    from tests.factories import UserFactory

    plan = world["plan"]
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)
    sweep(date(2025, 4, 1))
    assert not Reminder.objects.exists()
    # Every open dated occurrence met its draft plan and is parked, out of the index's range.
    assert set(Occurrence.objects.filter(due_on__isnull=False).values_list("next_reminder_on", flat=True)) == {
        WAITS_FOR_ISSUE
    }
    assert due_for_decision(date(2025, 4, 1), issued_only=False).count() == 0
    with CaptureQueriesContext(connection) as again:
        sweep(date(2025, 4, 8))
    assert not any("FOR UPDATE OF" in q["sql"] and "tasks_occurrence" in q["sql"] for q in again.captured_queries)
    assert not Reminder.objects.exists()

    plan.refresh_from_db()
    apply_transition(actor=UserFactory(role="admin"), plan=plan, name="issue")
    assert due_for_decision(date(2025, 4, 8)).count() == 15
    sweep(date(2025, 4, 8))
    assert ("Hội nghị sơ kết", "Sở Nội vụ", "due_soon", "2025-04-15:7") in Reminder.objects.values_list(
        "task__content", "unit__name", "kind", "period"
    )


def test_a_due_date_written_by_hand_sets_the_bookmark_back(world):  # noqa: F811
    sweep(date(2025, 4, 1))
    conference = world["tasks"][1].occurrences.get()
    assert conference.next_reminder_on == date(2025, 4, 8)
    # As a data fix would: no service, no save(); the database's trigger resets the bookmark.
    Occurrence.objects.filter(pk=conference.pk).update(due_on=date(2025, 4, 3))
    conference.refresh_from_db()
    assert (conference.decided_on, conference.next_reminder_on) == (None, UNDECIDED)
    assert due_for_decision(date(2025, 4, 1)).get() == conference
    sweep(date(2025, 4, 2))
    assert (
        Reminder.objects.filter(task__content="Hội nghị sơ kết", kind="due_soon").values_list("period", flat=True).get()
        == "2025-04-03:1"
    )
    # The sweep's own writes of the bookmark are left alone.
    conference.refresh_from_db()
    assert conference.next_reminder_on == date(2025, 4, 4)  # overdue from the day after


def test_autovacuum_follows_a_daily_sweep_of_the_occurrences():
    """Migration tasks/0011: vacuum once 2% of the rows (plus 5,000) are dead, not a fifth, so the
    dead index entries a national daily sweep leaves are gone before the hourly reruns read them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'tasks_occurrence'")
        (options,) = cursor.fetchone()
    assert sorted(options) == [
        "autovacuum_analyze_scale_factor=0.02",
        "autovacuum_vacuum_scale_factor=0.02",
        "autovacuum_vacuum_threshold=5000",
    ]
