"""Redis down: no page waits on the broker, and the sweep still runs from the command line."""

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from django.conf import settings
from django.db import connection

from tasks.models import ReminderDigest
from tests.factories import ProvinceFactory, UnitFactory, UserFactory, issued_plan_with_tasks
from tests.tasks.test_reminders_worker import database_url_of_test_db
from units.models import Role

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the check process shares the test database"),
]


def test_pages_and_the_command_work_while_redis_is_down():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    unit = UnitFactory(name="Sở Nội vụ", parent=province)
    UserFactory(username="canbo", role=Role.UNIT_OFFICER, unit=unit, email="noivu@bacninh.gov.vn")
    UserFactory(username="bientap", role=Role.PLAN_EDITOR, unit=UnitFactory(name="Ban TĐKT", parent=province))
    plan, (task,) = issued_plan_with_tasks(
        [{"content": "Đăng ký thi đua", "timing": "Trước 15/4/2025", "leads": "Sở Nội vụ"}], province=province
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url_of_test_db(),
        "REDIS_URL": "redis://127.0.0.1:9/0",  # TCP 9 ("discard"): nothing listens there
        "DJANGO_SETTINGS_MODULE": "tdkt_portal.settings",
    }
    args = [str(task.pk), str(task.occurrences.get().pk), str(plan.pk)]
    done = subprocess.run(
        [sys.executable, "-m", "tests.tasks.redis_down_check", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {
        "queue": "broker unreachable",
        "unit_tasks": 200,
        "update": 302,
        "notifications": 200,
        "dashboard": 200,
    }
    assert task.occurrences.get().status == "in_progress"
    assert ReminderDigest.objects.filter(unit=unit, day=date(2025, 4, 8), emailed_at__isnull=False).count() == 1
