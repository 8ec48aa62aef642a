"""Two requests (or jobs) at the same moment, for real, on PostgreSQL.

The test holds a row lock while the calls run in their own threads, each with its own database
connection; once every call is waiting for a lock, each has made every read it makes before
locking, and the test lets them go. Whatever order they then take, they did overlap: this is
the double click, not two clicks in a row. Tests using it must be `django_db(transaction=True)`.
"""

import threading
import time

from django.db import connection, connections, transaction

TIMEOUT = 60


def waiting_for_locks() -> int:
    """Connections to the test database that wait for a lock now."""
    with connection.cursor() as cursor:
        # pg_stat_activity is read once per transaction unless told otherwise.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def wait_until_one_waits_for_a_lock(what: str, timeout: float = 10.0) -> None:
    """Return once some connection waits for a lock; fail naming `what` never did."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if waiting_for_locks():
            return
        time.sleep(0.02)
    raise AssertionError(f"{what} never waited for the first one's lock")


def run_at_once(*calls, holding):
    """Run `calls` in threads started together (a barrier) while this thread locks the row
    `holding`; release it when every call waits for a lock. Returns their results in order and
    re-raises the first error a call raised."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            barrier.wait(timeout=TIMEOUT)
            results[index] = call()
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    blocked = 0
    try:
        with transaction.atomic():
            type(holding).objects.select_for_update().get(pk=holding.pk)
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + TIMEOUT
            while (blocked := waiting_for_locks()) < len(calls) and not errors and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        for thread in threads:
            thread.join(TIMEOUT)
    if errors:
        raise errors[0]
    assert blocked == len(calls), f"only {blocked} of {len(calls)} calls reached a lock together"
    return results
