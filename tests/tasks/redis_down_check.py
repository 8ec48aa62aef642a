"""Run by test_redis_down.py in a process whose REDIS_URL points where nothing listens: what an
officer and an editor do, and the reminder command, printed as JSON."""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tdkt_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from kombu.exceptions import OperationalError  # noqa: E402

from tasks.tasks import send_reminders  # noqa: E402
from units.models import User  # noqa: E402


def main(task_id: int, occurrence_id: int, plan_id: int) -> dict:
    setup_test_environment()
    result = {}
    try:
        send_reminders.apply_async(retry=False)
        result["queue"] = "sent"
    except OperationalError:
        result["queue"] = "broker unreachable"
    officer = Client()
    officer.force_login(User.objects.get(username="canbo"))
    result["unit_tasks"] = officer.get("/nhiem-vu-cua-don-vi/").status_code
    result["update"] = officer.post(
        f"/nhiem-vu/{task_id}/tien-do/",
        {
            "action": "status",
            "occurrence": occurrence_id,
            "version": 1,
            "status": "in_progress",
            "percent": "30",
            "noted_on": "01/04/2025",
        },
    ).status_code
    result["notifications"] = officer.get("/thong-bao/").status_code
    editor = Client()
    editor.force_login(User.objects.get(username="bientap"))
    result["dashboard"] = editor.get(f"/ke-hoach/{plan_id}/tien-do/").status_code
    with open(os.devnull, "w") as devnull:
        call_command("send_reminders", "--today", "2025-04-08", stdout=devnull)
    return result


if __name__ == "__main__":
    print(json.dumps(main(*map(int, sys.argv[1:4]))))
