"""The appendix rows of next year's plan (tasks.copying, run by plans.copying.copy_plan)."""

import datetime

import pytest

from plans.copying import copy_plan
from plans.models import Plan, PlanStatus, ReviewMark
from tasks.models import Occurrence, ScheduleKind, Task, TaskGroup
from tasks.selectors import appendix_tables
from tasks.services import add_group, add_task
from tests.factories import AppendixFactory, ProvinceFactory, UnitFactory

pytestmark = pytest.mark.django_db

CLOSED = datetime.date(2025, 2, 28)


@pytest.fixture
def province():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    home = UnitFactory(name="Sở Nội vụ", parent=province)
    UnitFactory(name="Sở Lao động - Thương binh và Xã hội", parent=province, active_to=CLOSED, successor=home)
    science = UnitFactory(name="Sở Khoa học và Công nghệ", parent=province)
    UnitFactory(name="Sở Thông tin và Truyền thông", parent=province, active_to=CLOSED, successor=science)
    UnitFactory(name="Ban Dân tộc", parent=province, active_to=CLOSED)
    return province


def mark_of(task):
    return ReviewMark.objects.get(target_id=task.pk, target_type__model="task")


def links(task):
    return [(a.role, a.unit.name if a.unit else None, a.text) for a in task.assignments.order_by("role", "position")]


@pytest.fixture
def source(province):
    appendix = AppendixFactory(plan__issuing_unit=province, plan__year=2024, plan__status=PlanStatus.DRAFT)
    section = add_group(actor=None, appendix=appendix, data={"number": "A", "title": "Nhiệm vụ trọng tâm"})
    quarter = add_group(actor=None, appendix=appendix, data={"number": "I", "title": "Quý I", "parent": section})
    rows = [
        (quarter, "1", "Tổng kết năm 2023, triển khai năm 2024", "", {"leads": "Sở Nội vụ"}),
        (
            quarter,
            "2",
            "Khen thưởng người có công",
            "Trước 15/7/2024",
            {"leads": "Sở Lao động - Thương binh và Xã hội", "coordinates": "Sở Nội vụ, Sở Thông tin và Truyền thông"},
        ),
        (section, "3", "Báo cáo nhanh", "ngày 29/02", {"leads": "Sở Nội vụ, Sở Lao động - Thương binh và Xã hội"}),
        (None, "4", "Công tác dân tộc", "Hằng tháng, ngày 20", {"leads": "Ban Dân tộc"}),
    ]
    for group, number, content, timing, cells in rows:
        add_task(
            actor=None,
            appendix=appendix,
            data={"group": group, "number": number, "content": content, "timing_text": timing, "unit_cells": cells},
        )
    Plan.objects.filter(pk=appendix.plan_id).update(status=PlanStatus.ISSUED)
    return appendix.plan


def test_groups_and_tasks_are_copied_with_timing_read_for_the_new_year(source):
    plan = copy_plan(actor=None, source=source, year=2026)
    groups = TaskGroup.objects.filter(appendix__plan=plan)
    assert sorted((g.number, g.title, g.quarters, g.parent.number if g.parent else None) for g in groups) == [
        ("A", "Nhiệm vụ trọng tâm", [], None),
        ("I", "Quý I", [1], "A"),
    ]
    tasks = {t.number: t for t in Task.objects.filter(appendix__plan=plan).select_related("group")}
    assert {n: (t.group.number if t.group else None) for n, t in tasks.items()} == {
        "1": "I",
        "2": "I",
        "3": "A",
        "4": None,
    }
    first, second, third, fourth = (tasks[n] for n in "1234")
    # Two years on: the year before the plan's and the plan's own move by two.
    assert first.content == "Tổng kết năm 2025, triển khai năm 2026"
    assert (first.schedule_kind, first.quarters, first.due_on) == (
        ScheduleKind.QUARTERS,
        [1],
        datetime.date(2026, 3, 31),
    )
    assert (second.timing_text, second.due_on) == ("Trước 15/7/2026", datetime.date(2026, 7, 15))
    assert mark_of(second).changes[0] == "Thời gian: “15/7/2024” → “15/7/2026”"
    # 29 February is not in 2026: the text stays, nothing is guessed, the row is flagged.
    assert (third.timing_text, third.schedule_kind, third.due_on) == ("ngày 29/02", ScheduleKind.UNPARSED, None)
    assert mark_of(third).checks[0].startswith("Ngày 29/02/2026 không tồn tại")
    assert fourth.schedule_kind == ScheduleKind.MONTHLY
    assert list(Occurrence.objects.filter(task=fourth).values_list("due_on", flat=True)) == [
        datetime.date(2026, month, 20) for month in range(1, 13)
    ]
    assert list(Occurrence.objects.filter(task=third).values_list("due_on", flat=True)) == [None]
    # Every copied row carries a mark: plan, appendix, two groups, four tasks.
    assert ReviewMark.objects.filter(plan=plan).count() == 8


def test_closed_units_give_way_to_their_successors_in_links_and_cells(source):
    plan = copy_plan(actor=None, source=source, year=2026)
    tasks = {t.number: t for t in Task.objects.filter(appendix__plan=plan)}
    second = tasks["2"]
    assert second.unit_cells == {"leads": "Sở Nội vụ", "coordinates": "Sở Nội vụ, Sở Khoa học và Công nghệ"}
    assert links(second) == [
        ("coordinates", "Sở Nội vụ", "Sở Nội vụ"),
        ("coordinates", "Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"),
        ("leads", "Sở Nội vụ", "Sở Nội vụ"),
    ]
    assert mark_of(second).changes[1:] == [
        "Sở Thông tin và Truyền thông ngừng hoạt động từ 28/02/2025: thay bằng đơn vị kế thừa Sở Khoa học và "
        "Công nghệ.",
        "Sở Lao động - Thương binh và Xã hội ngừng hoạt động từ 28/02/2025: thay bằng đơn vị kế thừa Sở Nội vụ.",
    ]
    # The successor was already named in the cell: the closed unit's name goes.
    assert tasks["3"].unit_cells == {"leads": "Sở Nội vụ"}
    assert links(tasks["3"]) == [("leads", "Sở Nội vụ", "Sở Nội vụ")]
    # No successor: the name stays as written, unlinked, and the row says so.
    assert tasks["4"].unit_cells == {"leads": "Ban Dân tộc"}
    assert links(tasks["4"]) == [("leads", None, "Ban Dân tộc")]
    assert mark_of(tasks["4"]).checks == [
        "Ban Dân tộc ngừng hoạt động từ 28/02/2025 và không có đơn vị kế thừa còn hoạt động: cần chọn đơn vị thay thế."
    ]
    # Copied into 2025 instead, the units are still open on 1 January but close in February.
    early = copy_plan(actor=None, source=source, year=2025)
    kept = Task.objects.get(appendix__plan=early, number="4")
    assert links(kept) == [("leads", "Ban Dân tộc", "Ban Dân tộc")]
    assert mark_of(kept).checks == ["Ban Dân tộc ngừng hoạt động từ 28/02/2025: cần xem lại."]
    # Last year's plan keeps its own links.
    assert links(Task.objects.get(appendix__plan=source, number="4")) == [("leads", "Ban Dân tộc", "Ban Dân tộc")]


def test_the_plan_page_table_shows_which_tasks_await_review(source, django_assert_max_num_queries):
    plan = copy_plan(actor=None, source=source, year=2026)
    cleared = Task.objects.get(appendix__plan=plan, number="1")
    ReviewMark.objects.filter(target_id=cleared.pk, target_type__model="task").update(
        cleared_at=datetime.datetime(2025, 1, 5, tzinfo=datetime.UTC)
    )
    with django_assert_max_num_queries(4):
        tables = appendix_tables(plan)
        flags = {row.number: row.under_review for kind, row, _ in tables[0].rows if kind == "task"}
    assert flags == {"1": False, "2": True, "3": True, "4": True}


def test_copying_a_plan_of_many_tasks_costs_a_fixed_number_of_queries(province, django_assert_max_num_queries):
    appendix = AppendixFactory(plan__issuing_unit=province, plan__year=2025)
    for number in range(1, 61):
        add_task(
            actor=None,
            appendix=appendix,
            data={"number": str(number), "content": f"Việc {number} năm 2025", "unit_cells": {"leads": "Sở Nội vụ"}},
        )
    with django_assert_max_num_queries(40):
        plan = copy_plan(actor=None, source=appendix.plan, year=2026)
    assert Task.objects.filter(appendix__plan=plan).count() == 60
    assert ReviewMark.objects.filter(plan=plan).count() == 62
