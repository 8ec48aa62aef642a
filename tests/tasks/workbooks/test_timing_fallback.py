"""Timing the parser cannot read is never silent: listed by the import, flagged on the task, found
by the plan page's filter; the task follows its group's quarter meanwhile, so it can be overdue
and reminded."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from tasks.models import Occurrence, ScheduleKind, Task
from tests.factories import PlanFactory, UserFactory
from units.models import Role, Unit

from .builders import demo_registry, province, xlsx

pytestmark = pytest.mark.django_db

ROWS = [
    ["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian thực hiện"],
    ["I", "Quý II", None, None],
    [1, "Sơ kết 6 tháng", "Sở Nội vụ", "Khi có văn bản hướng dẫn"],
    [2, "Khen thưởng đột xuất", "Sở Nội vụ", "Trước ngày 15/5/2025"],
]


@pytest.fixture
def plan():
    demo_registry()
    return PlanFactory(issuing_unit=province(), status="draft", year=2025)


def test_unparsed_timing_falls_back_to_its_group_quarter_flagged_and_listed(plan, tmp_path):
    path = tmp_path / "pl.xlsx"
    path.write_bytes(xlsx({"PL": ROWS}).getvalue())
    out = io.StringIO()
    call_command("import_appendix", str(path), "--plan", str(plan.pk), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["imported"] is True
    assert [(p["row"], p["column"], p["blocking"], p["message"]) for p in result["problems"]] == [
        (
            3,
            "D (Thời gian thực hiện)",
            False,
            "Trang tính “PL”, dòng 3, cột D (Thời gian thực hiện): chưa hiểu được thời gian thực hiện; nhiệm vụ "
            "sẽ được đánh dấu “Cần kiểm tra”, tạm lấy hạn theo nhóm (Quý II, hạn 30/06/2025) để theo dõi và "
            "nhắc việc.",
        )
    ]
    task = Task.objects.get(number="1")
    assert (task.schedule_kind, task.needs_review, task.quarters, task.starts_on, task.due_on) == (
        ScheduleKind.UNPARSED,
        True,
        [2],
        datetime.date(2025, 4, 1),
        datetime.date(2025, 6, 30),
    )
    assert task.schedule_note == (
        "Chưa hiểu được thời gian — cần người kiểm tra; tạm theo Quý II, hạn 30/06/2025 của nhóm"
    )
    assert list(Occurrence.objects.filter(task=task).values_list("due_on", flat=True)) == [datetime.date(2025, 6, 30)]


def test_plan_page_filters_the_tasks_whose_timing_needs_review(client, plan, tmp_path):
    path = tmp_path / "pl.xlsx"
    path.write_bytes(xlsx({"PL": ROWS}).getvalue())
    call_command("import_appendix", str(path), "--plan", str(plan.pk), stdout=io.StringIO())
    editor = UserFactory(role=Role.PLAN_EDITOR, unit=Unit.objects.get(name="Sở Nội vụ", tree_root=plan.issuing_unit))
    client.force_login(editor)
    url = reverse("plans:detail", args=[plan.pk])
    page = client.get(url).content.decode()
    assert '<a href="?can_kiem_tra=1">Chỉ xem 1 nhiệm vụ có thời gian “Cần kiểm tra”</a>' in page
    assert "Sơ kết 6 tháng" in page and "Khen thưởng đột xuất" in page
    assert "tạm theo Quý II, hạn 30/06/2025 của nhóm" in page
    filtered = client.get(url, {"can_kiem_tra": "1"}).content.decode()
    assert "Đang xem 1 nhiệm vụ có thời gian “Cần kiểm tra”." in filtered
    assert "Sơ kết 6 tháng" in filtered and "Khen thưởng đột xuất" not in filtered
