"""The load test's data: the demo (two issued 2025 plans, their units, the demo accounts) and one
officer account for every unit that leads or coordinates a task of an issued plan.

Writes what the locust users need as JSON to the given path: for each simulated person a session
of their account, already signed in — on a deadline day people have signed in that morning, and 50
sign-ins in the same second measure PBKDF2 (a deliberately slow password hash, ~0.3 s of CPU each),
not the pages (run.py --sign-in measures them instead). Run by run.py with the load test's
settings and database; idempotent.
"""

import itertools
import json
import sys

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402

from plans.models import Plan, PlanStatus  # noqa: E402
from tasks.models import TaskAssignment  # noqa: E402
from units.models import Role, Unit, User  # noqa: E402

PASSWORD = "tdkt@2025"


def signed_in(user: User) -> str:
    """A session key for `user`, as the login view would have stored it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def main(output: str, people: int) -> None:
    if not Plan.objects.filter(status=PlanStatus.ISSUED).exists():
        call_command("load_demo")
    unit_ids = (
        TaskAssignment.objects.filter(task__appendix__plan__status=PlanStatus.ISSUED, unit__isnull=False)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    hashed = make_password(PASSWORD)
    officers = []
    for number, unit in enumerate(Unit.objects.filter(pk__in=unit_ids).order_by("pk")):
        username = f"tai.{number:03d}"
        User.objects.update_or_create(
            username=username,
            defaults={"role": Role.UNIT_OFFICER, "unit": unit, "password": hashed, "full_name": f"Cán bộ {unit}"},
        )
        officers.append(username)
    editors = {}
    for plan in Plan.objects.filter(status=PlanStatus.ISSUED).select_related("issuing_unit"):
        editor = User.objects.filter(role=Role.PLAN_EDITOR, unit__tree_root=plan.issuing_unit).order_by("pk").first()
        if editor is not None:
            editors.setdefault(editor.username, []).append(plan.pk)
    officer_users = itertools.cycle(list(User.objects.filter(username__in=officers).order_by("username")))
    editor_users = itertools.cycle(list(User.objects.filter(username__in=editors).order_by("username")))
    data = {
        "password": PASSWORD,
        "officers": officers,
        "editors": editors,
        "officer_sessions": [signed_in(next(officer_users)) for _ in range(people)],
        "editor_sessions": [[signed_in(user := next(editor_users)), editors[user.username]] for _ in range(people)],
    }
    with open(output, "w", encoding="utf-8") as file:
        json.dump(data, file)
    print(f"{len(officers)} tài khoản cán bộ đơn vị, {len(editors)} biên tập viên: {sorted(editors)}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
