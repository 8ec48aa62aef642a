"""Benchmarks for issue 5, one command, ratios measured in the same run:

    DATABASE_URL=postgres://... .venv/bin/python bench/progress_bench.py [--tasks 10000] [--units 300]

1. The reminder sweep over N tasks and U units: queries and time at N/10 and at N tasks (the
   query count must not grow with N; it grows only with the number of units that get a digest).
2. The unit officer's task page ("Nhiệm vụ của đơn vị") for a unit with a role on all N tasks,
   against the Django admin changelist of the same Task rows, same page size: median time of
   each and the ratio ours / admin (target <= 0.7).

Works on a throwaway database ("<name>_bench", created and dropped here), never on yours.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tdkt_portal.settings")
os.environ.setdefault("DEBUG", "true")  # a development run: demo secret key, plain static files

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SWEEP_DAY = date(2025, 4, 1)
TIMINGS = ["Quý II", "Trước 15/4/2025", "Trước 5/4/2025", "Quý I", "Tháng 3", "Ngày 20 hằng tháng", "Quý III, IV"]


def build(first: int, count: int, units, province_plan):
    """Tasks `first`..`first+count-1`: each led by one unit, coordinated by another, and the
    benchmark unit (units[0]) has a role on every one, so its page lists them all."""
    from tasks.models import Occurrence, Task, TaskAssignment
    from tasks.occurrences import occurrence_dates
    from tasks.timing import parse_timing

    appendix = province_plan.appendices.get()
    schedules = [parse_timing(text, 2025) for text in TIMINGS]
    tasks = []
    for n in range(first, first + count):
        schedule = schedules[n % len(schedules)]
        tasks.append(
            Task(
                appendix=appendix,
                position=n,
                number=str(n + 1),
                content=f"Nhiệm vụ thi đua số {n + 1}: tổ chức, báo cáo kết quả phong trào",
                search_text=f"nhiem vu thi dua so {n + 1}: to chuc, bao cao ket qua phong trao",
                timing_text=TIMINGS[n % len(TIMINGS)],
                schedule_kind=schedule.kind,
                quarters=list(schedule.quarters),
                starts_on=schedule.starts_on,
                due_on=schedule.due_on,
                recurrence_day=schedule.recurrence_day,
                schedule_note=schedule.note,
            )
        )
    tasks = Task.objects.bulk_create(tasks, batch_size=2000)
    assignments, occurrences = [], []
    for task in tasks:
        n = task.position
        lead = units[1 + n % (len(units) - 1)]
        partner = units[1 + (n * 7 + 3) % (len(units) - 1)]
        assignments.append(TaskAssignment(task=task, role="leads", unit=lead, text=lead.name))
        if partner != lead:
            assignments.append(
                TaskAssignment(task=task, role="coordinates", unit=partner, text=partner.name, position=1)
            )
        assignments.append(TaskAssignment(task=task, role="directs", unit=units[0], text=units[0].name, position=2))
        occurrences.extend(Occurrence(task=task, due_on=due) for due in occurrence_dates(task, 2025))
    TaskAssignment.objects.bulk_create(assignments, batch_size=5000)
    Occurrence.objects.bulk_create(occurrences, batch_size=5000)
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load: statistics for the planner, the visibility map for
        # index-only scans. Without it the planner guesses from empty tables.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def setup_world(unit_count: int):
    from plans.models import Appendix, Plan
    from units.models import Role, Unit, User

    province = Unit.objects.create(name="Ủy ban nhân dân tỉnh Thử nghiệm", kind="ubnd")
    units = [
        Unit.objects.create(name=f"Đơn vị số {i:03d}", kind="so_nganh", parent=province) for i in range(unit_count)
    ]
    password = make_password("mat-khau-thu")
    User.objects.bulk_create(
        [
            User(
                username=f"canbo{i:03d}",
                role=Role.UNIT_OFFICER,
                unit=unit,
                email=f"canbo{i:03d}@example.vn",
                password=password,
            )
            for i, unit in enumerate(units)
        ]
    )
    User.objects.create(username="quantri", role=Role.ADMIN, is_staff=True, is_superuser=True, password=password)
    plan = Plan.objects.create(
        issuing_unit=province,
        issuing_body_line="ỦY BAN NHÂN DÂN",
        number="1",
        place="Thử",
        year=2025,
        issued_on=date(2024, 12, 24),
        title="Kế hoạch thử",
        status="issued",
    )
    Appendix.objects.create(plan=plan, title="Phụ lục", columns=["leads", "coordinates", "timing"])
    return units, plan


def clear_reminders():
    from notifications.models import Notification
    from tasks.models import Reminder, ReminderDigest

    Reminder.objects.all().delete()
    ReminderDigest.objects.all().delete()
    Notification.objects.all().delete()


def measure_sweep():
    from django.core import mail

    from tasks.models import Reminder
    from tasks.reminders import sweep

    mail.outbox = []
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = sweep(SWEEP_DAY)
        elapsed = time.perf_counter() - started
    return len(captured), elapsed, result, Reminder.objects.count(), len(mail.outbox)


def timed(client, url, params):
    started = time.perf_counter()
    response = client.get(url, params)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed, response


def interleaved_medians(first, second, runs):
    """Alternate the two requests so load on the machine hits both alike; median of each."""
    first_times, second_times = [], []
    for _ in range(runs):
        elapsed, first_response = timed(*first)
        first_times.append(elapsed)
        elapsed, _ = timed(*second)
        second_times.append(elapsed)
    return statistics.median(first_times), statistics.median(second_times), first_response


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--only", choices=["sweep", "page"], help="run one of the two benchmarks")
    args = parser.parse_args()

    setup_test_environment()
    settings.DEBUG = False
    test_settings = connection.settings_dict.setdefault("TEST", {})
    test_settings["NAME"] = f"{connection.settings_dict['NAME']}_bench" if connection.vendor != "sqlite" else None
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args):
    units, plan = setup_world(args.units)
    small = args.tasks // 10
    print(f"Database: {connection.vendor}; {args.units} units; sweep day {SWEEP_DAY:%d/%m/%Y}")
    print()
    if args.only == "page":
        build(0, args.tasks, units, plan)
    else:
        sweep_benchmark(args, units, plan, small)
    if args.only != "sweep":
        page_benchmark(args, units)


def sweep_benchmark(args, units, plan, small):
    print("1. Reminder sweep (tasks/reminders.py)")
    print(f"   {'tasks':>7} {'reminders':>10} {'digests':>8} {'e-mails':>8} {'queries':>8} {'seconds':>8}")
    results = []
    build(0, small, units, plan)
    for size in (small, args.tasks):
        if size != small:
            build(small, size - small, units, plan)
        clear_reminders()
        queries, elapsed, result, reminders, emails = measure_sweep()
        results.append((size, queries, elapsed))
        print(f"   {size:>7} {reminders:>10} {result.digests:>8} {emails:>8} {queries:>8} {elapsed:>8.2f}")
        rerun_queries, rerun_elapsed, rerun, _, rerun_emails = measure_sweep()
        print(
            f"   {'(rerun)':>7} {'':>10} {rerun.digests:>8} {rerun_emails:>8} {rerun_queries:>8} {rerun_elapsed:>8.2f}"
        )
    (n1, q1, t1), (n2, q2, t2) = results
    print(f"   queries at {n2} / at {n1} tasks: {q2 / q1:.2f}  (1.00 = does not grow with N)")
    print(f"   time at {n2} / at {n1} tasks: {t2 / t1:.2f}")
    print()


def page_benchmark(args, units):
    from django.urls import reverse

    from tasks.admin import TaskAdmin
    from tasks.views import UNIT_TASKS_PER_PAGE

    TaskAdmin.list_per_page = UNIT_TASKS_PER_PAGE  # same number of rows on both pages
    officer = Client()
    officer.force_login(units[0].users.get())
    admin = Client()
    from units.models import User

    admin.force_login(User.objects.get(username="quantri"))
    ours_url, admin_url = reverse("tasks:unit_tasks"), reverse("admin:tasks_task_changelist")
    cases = [("first page", {}, {}), ("search 'bao cao'", {"q": "bao cao"}, {"q": "bao cao"})]
    print(
        f"2. Unit task page vs Django admin changelist, {args.tasks} tasks, "
        f"{UNIT_TASKS_PER_PAGE} rows per page, median of {args.runs} interleaved runs"
    )
    print(f"   {'case':<18} {'ours ms':>8} {'admin ms':>9} {'ratio':>6} {'our queries':>12} {'admin queries':>14}")
    for label, ours_params, admin_params in cases:
        for _ in range(2):  # warm up
            officer.get(ours_url, ours_params)
            admin.get(admin_url, admin_params)
        ours, theirs, response = interleaved_medians(
            (officer, ours_url, ours_params), (admin, admin_url, admin_params), args.runs
        )
        assert response.content.decode().count('data-task="') == UNIT_TASKS_PER_PAGE
        with CaptureQueriesContext(connection) as our_queries:
            officer.get(ours_url, ours_params)
        with CaptureQueriesContext(connection) as admin_queries:
            admin.get(admin_url, admin_params)
        print(
            f"   {label:<18} {ours * 1000:>8.1f} {theirs * 1000:>9.1f} {ours / theirs:>6.2f} "
            f"{len(our_queries):>12} {len(admin_queries):>14}"
        )
    reset_queries()


if __name__ == "__main__":
    main()
