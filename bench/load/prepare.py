"""The load test's data: the demo (two issued 2025 plans, their units, the demo accounts) and one
officer account for every unit that leads or coordinates a task of an issued plan.

Writes what the locust users need (accounts, the plans editors open) as JSON to the given path.
Run by run.py with the load test's settings and database; idempotent.
"""

import json
import sys

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402

from plans.models import Plan, PlanStatus  # noqa: E402
from tasks.models import TaskAssignment  # noqa: E402
from units.models import Role, Unit, User  # noqa: E402

PASSWORD = "tdkt@2025"


def main(output: str) -> None:
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
    data = {"password": PASSWORD, "officers": officers, "editors": editors}
    with open(output, "w", encoding="utf-8") as file:
        json.dump(data, file)
    print(f"{len(officers)} tài khoản cán bộ đơn vị, {len(editors)} biên tập viên: {sorted(editors)}")


if __name__ == "__main__":
    main(sys.argv[1])
