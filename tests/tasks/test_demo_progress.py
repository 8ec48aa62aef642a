import pytest

from tasks.demo import load_demo_progress
from tasks.models import Occurrence, ProgressUpdate
from tests.factories import ProvinceFactory, UnitFactory, UserFactory, issued_plan_with_tasks
from units.models import Role

pytestmark = pytest.mark.django_db


def test_demo_progress_reports_through_the_service_once():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    unit = UnitFactory(name="Sở Nội vụ", parent=province)
    UserFactory(username="bn.snv", role=Role.UNIT_OFFICER, unit=unit)
    issued_plan_with_tasks(
        [
            {"content": f"Việc {n}", "timing": f"Quý {q}", "leads": "Sở Nội vụ"}
            for n, q in enumerate("I II III IV".split())
        ]
        + [{"content": "Việc của đơn vị khác", "timing": "Quý I"}],
        province=province,
    )
    assert load_demo_progress() == 4
    reported = Occurrence.objects.filter(task__assignments__unit=unit).order_by("due_on")
    assert list(reported.values_list("task__content", "status", "percent")) == [
        ("Việc 0", "done", 100),
        ("Việc 1", "in_progress", 60),
        ("Việc 2", "in_progress", 20),
        ("Việc 3", "not_done", 0),
    ]
    assert load_demo_progress() == 0
    assert ProgressUpdate.objects.count() == 4
    assert Occurrence.objects.get(task__content="Việc của đơn vị khác").status == "not_started"
