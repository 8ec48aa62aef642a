"""What the timing text was read as is shown beside it: plan page rows, unit task list, progress page."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from tasks.models import Task
from tasks.services import add_group, add_task
from tests.factories import AppendixFactory, ProvinceFactory, UnitFactory, UserFactory, issued_plan_with_tasks
from units.models import Role

pytestmark = pytest.mark.django_db

STEPS = "- Xây dựng kế hoạch: trước 31/3\n- Tổ chức: Quý II\n- Báo cáo: trước 15/11"
WRONG_YEAR = "Ngày 15/07/2025 không thuộc năm của kế hoạch (2026) — cần xác nhận"


@pytest.fixture
def world():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    lead = UnitFactory(name="Sở Nội vụ", parent=province)
    plan, tasks = issued_plan_with_tasks(
        [
            {"content": "Sơ kết", "timing": "Quý III, trước ngày 20/8/2026", "leads": "Sở Nội vụ"},
            {"content": "Hội nghị chuyên đề", "timing": "Trước ngày 15/7/2025", "leads": "Sở Nội vụ"},
            {"content": "Phong trào thi đua", "timing": STEPS, "leads": "Sở Nội vụ"},
            {"content": "Báo cáo tháng", "timing": "20 hằng tháng", "leads": "Sở Nội vụ"},
        ],
        province=province,
        year=2026,
    )
    return {
        "plan": plan,
        "tasks": tasks,
        "officer": UserFactory(role=Role.UNIT_OFFICER, unit=lead),
    }


def test_plan_page_rows_show_the_reading_and_the_year_warning(client, world):
    client.force_login(world["officer"])
    html = client.get(reverse("plans:detail", args=[world["plan"].pk])).content.decode()
    assert (
        '<div class="muted timing-summary" title="Cách hệ thống hiểu thời gian này">Quý III, hạn 20/08/2026</div>'
        in html
    )
    assert ">Hạn 15/07/2025</div>" in html
    assert f'<div class="timing-warning">{WRONG_YEAR}</div>' in html
    assert ">3 mốc: 31/03/2026, Quý II, 15/11/2026</div>" in html
    assert "- Xây dựng kế hoạch: trước 31/3<br>- Tổ chức: Quý II<br>- Báo cáo: trước 15/11" in html
    assert ">Hằng tháng, ngày 20</div>" in html
    assert html.count('class="timing-warning"') == 1


def test_progress_page_shows_the_reading_and_the_warning(client, world):
    client.force_login(world["officer"])
    task = world["tasks"][1]
    html = client.get(reverse("tasks:progress", args=[task.pk])).content.decode()
    assert 'Trước ngày 15/7/2025<div class="muted timing-summary"' in html
    assert ">Hạn 15/07/2025</div>" in html
    assert f'<div class="timing-warning">{WRONG_YEAR}</div>' in html


def test_unit_task_list_shows_the_stored_reading(client, world):
    client.force_login(world["officer"])
    html = client.get(reverse("tasks:unit_tasks")).content.decode()
    assert 'Quý III, trước ngày 20/8/2026<div class="muted timing-summary">Quý III, hạn 20/08/2026</div>' in html
    assert ">3 mốc: 31/03/2026, Quý II, 15/11/2026</div>" in html


def render_reading(task, year):
    template = Template(
        "{% load task_timing %}{% timing_reading task year as r %}{{ r.summary }}|{{ r.warnings|join:';' }}"
    )
    return template.render(Context({"task": task, "year": year}))


def test_a_task_without_text_reads_as_its_quarter_group():
    appendix = AppendixFactory(plan__year=2026, plan__status="draft")
    group = add_group(actor=None, appendix=appendix, data={"number": "I", "title": "Quý I"})
    task = add_task(actor=None, appendix=appendix, data={"content": "Đăng ký thi đua", "group": group})
    assert render_reading(task, 2026) == "Quý I, hạn 31/03/2026|"


def test_a_task_stored_by_an_older_reading_shows_what_it_holds(world):
    """The summary says what reminders use, not what the text would read as today."""
    task = world["tasks"][1]
    Task.objects.filter(pk=task.pk).update(schedule_kind="unparsed", due_on=None, starts_on=None)
    task.refresh_from_db()
    assert render_reading(task, 2026) == "Chưa hiểu được thời gian — cần người kiểm tra|"
