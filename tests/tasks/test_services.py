import datetime

import pytest
from django.core.exceptions import ValidationError

from activity.models import ActivityLog
from tasks import services
from tasks.models import ScheduleKind, Task, TaskAssignment
from tests.factories import AppendixFactory, ProvinceFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên", short_name="UBND tỉnh Hưng Yên")
    UnitFactory(name="Sở Nội vụ", parent=province)
    UnitFactory(name="Văn phòng UBND tỉnh", parent=province)
    return province


@pytest.fixture
def appendix(province):
    return AppendixFactory(plan__issuing_unit=province, plan__status="draft")


def assignments(task):
    return [(a.role, a.unit.name if a.unit else None, a.text) for a in task.assignments.order_by("role", "position")]


def test_add_task_links_units_keeps_text_and_parses_timing(appendix):
    task = services.add_task(
        actor=None,
        appendix=appendix,
        data={
            "number": "2",
            "content": "Đăng ký thi đua của tỉnh năm 2025",
            "timing_text": "Quý I,II",
            "unit_cells": {"leads": "Sở Nội vụ", "coordinates": "Văn phòng UBND tỉnh; Các ngành, đơn vị liên quan"},
        },
    )
    task.refresh_from_db()
    assert assignments(task) == [
        ("coordinates", "Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh"),
        ("coordinates", None, "Các ngành, đơn vị liên quan"),
        ("leads", "Sở Nội vụ", "Sở Nội vụ"),
    ]
    assert task.unit_cells == {"leads": "Sở Nội vụ", "coordinates": "Văn phòng UBND tỉnh; Các ngành, đơn vị liên quan"}
    assert (task.schedule_kind, task.quarters) == (ScheduleKind.QUARTERS, [1, 2])
    assert (task.starts_on, task.due_on) == (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    assert ActivityLog.objects.filter(action="task.create", target_id=task.pk).count() == 1


@pytest.mark.parametrize(
    ("issued_on", "year", "linked"),
    [
        (datetime.date(2024, 12, 24), 2025, "old"),  # a plan of the year the old commune still ran
        (datetime.date(2025, 12, 20), 2026, "new"),
        (None, 2026, "new"),  # a draft without a date speaks for 1 January of its year
    ],
)
def test_a_name_an_old_and_a_new_commune_share_links_the_one_of_the_plans_day(province, issued_on, year, linked):
    # Since 01/07/2025 a quarter of the new communes carry the name of an old one of the same tree.
    district = UnitFactory(name="Ủy ban nhân dân huyện Kim Động", kind="ubnd", parent=province, active_to="2025-06-30")
    communes = {
        "old": UnitFactory(name="Ủy ban nhân dân xã Hiệp Cường", kind="ubnd", parent=district, active_to="2025-06-30"),
        "new": UnitFactory(
            name="Ủy ban nhân dân xã Hiệp Cường", kind="ubnd", parent=province, active_from="2025-07-01"
        ),
    }
    appendix = AppendixFactory(plan__issuing_unit=province, plan__issued_on=issued_on, plan__year=year)
    task = services.add_task(
        actor=None, appendix=appendix, data={"content": "Tổng kết", "unit_cells": {"leads": "UBND xã Hiệp Cường"}}
    )
    assert [(a.unit, a.text) for a in task.assignments.all()] == [(communes[linked], "UBND xã Hiệp Cường")]


def test_task_without_timing_takes_its_quarter_group(appendix):
    group = services.add_group(actor=None, appendix=appendix, data={"number": "III", "title": "Quý III"})
    task = services.add_task(
        actor=None, appendix=appendix, data={"group": group, "number": "1", "content": "Việc quý III"}
    )
    assert (task.schedule_kind, task.quarters, task.due_on) == (ScheduleKind.QUARTERS, [3], datetime.date(2025, 9, 30))
    services.update_group(actor=None, group=group, data={"number": "IV", "title": "Quý IV"})
    task.refresh_from_db()
    assert (task.quarters, task.due_on) == ([4], datetime.date(2025, 12, 31))


def test_section_holding_quarters(appendix):
    section = services.add_group(
        actor=None, appendix=appendix, data={"number": "A.", "title": "CÁC NHIỆM VỤ TRỌNG TÂM"}
    )
    quarter = services.add_group(
        actor=None, appendix=appendix, data={"number": "I", "title": "Quý I", "parent": section}
    )
    task = services.add_task(actor=None, appendix=appendix, data={"group": quarter, "content": "Việc trọng tâm"})
    assert section.quarters == []
    assert task.due_on == datetime.date(2025, 3, 31)
    with pytest.raises(ValidationError) as error:
        services.add_group(actor=None, appendix=appendix, data={"title": "Tháng 1", "parent": quarter})
    assert error.value.message_dict == {"parent": ["Chỉ lồng được hai cấp nhóm (ví dụ: mục A chứa các quý)."]}


def test_impossible_date_is_refused_and_nothing_changes(appendix):
    task = services.add_task(
        actor=None, appendix=appendix, data={"content": "Việc có hạn", "timing_text": "Trước ngày 15/03/2025"}
    )
    with pytest.raises(ValidationError) as error:
        services.update_task(
            actor=None, task=task, data={"content": "Đổi nội dung", "timing_text": "Trước ngày 31/02/2025"}
        )
    assert list(error.value.message_dict) == ["timing_text"]
    assert "31/02/2025" in error.value.message_dict["timing_text"][0]
    task.refresh_from_db()
    assert (task.content, task.timing_text, task.due_on) == (
        "Việc có hạn",
        "Trước ngày 15/03/2025",
        datetime.date(2025, 3, 15),
    )
    assert not ActivityLog.objects.filter(action="task.update").exists()


def test_empty_content_is_refused(appendix):
    with pytest.raises(ValidationError) as error:
        services.add_task(actor=None, appendix=appendix, data={"content": "   ", "number": "1"})
    assert error.value.message_dict == {"content": ["Nội dung nhiệm vụ không được để trống."]}
    assert Task.objects.count() == 0


def test_unreadable_timing_is_kept_and_flagged(appendix):
    task = services.add_task(actor=None, appendix=appendix, data={"content": "Việc", "timing_text": "Khi có chỉ đạo"})
    assert (task.timing_text, task.needs_review, task.due_on) == ("Khi có chỉ đạo", True, None)


def test_update_replaces_assignments(appendix):
    task = services.add_task(
        actor=None, appendix=appendix, data={"content": "Việc", "unit_cells": {"leads": "Sở Nội vụ"}}
    )
    services.update_task(
        actor=None, task=task, data={"content": "Việc", "unit_cells": {"leads": "Văn phòng UBND tỉnh"}}
    )
    assert assignments(task) == [("leads", "Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh")]
    log = ActivityLog.objects.get(action="task.update")
    assert log.before == {"unit_cells": {"leads": "Sở Nội vụ"}}
    assert log.after == {"unit_cells": {"leads": "Văn phòng UBND tỉnh"}}


def test_stale_task_edit_is_refused(appendix):
    task = services.add_task(actor=None, appendix=appendix, data={"content": "Việc"})
    services.update_task(actor=None, task=task, data={"content": "Bản mới"}, expected_version=1)
    with pytest.raises(ValidationError) as error:
        services.update_task(actor=None, task=task, data={"content": "Bản cũ"}, expected_version=1)
    assert error.value.messages == [services.STALE_TASK_MESSAGE]
    task.refresh_from_db()
    assert task.content == "Bản mới"


def test_move_keeps_printed_numbers_in_sequence(appendix):
    tasks = [
        services.add_task(actor=None, appendix=appendix, data={"number": str(n), "content": f"Việc {n}"})
        for n in (1, 2, 3)
    ]
    assert services.move_task(actor=None, task=tasks[2], offset=-1) is True
    rows = list(Task.objects.filter(appendix=appendix).order_by("position").values_list("number", "content"))
    assert rows == [("1", "Việc 1"), ("2", "Việc 3"), ("3", "Việc 2")]
    assert services.move_task(actor=None, task=tasks[0], offset=-1) is False  # already first
    assert list(Task.objects.filter(appendix=appendix).order_by("position").values_list("content", flat=True)) == [
        "Việc 1",
        "Việc 3",
        "Việc 2",
    ]


def test_group_with_tasks_cannot_be_deleted(appendix):
    group = services.add_group(actor=None, appendix=appendix, data={"number": "I", "title": "Quý I"})
    services.add_task(actor=None, appendix=appendix, data={"group": group, "content": "Việc"})
    with pytest.raises(ValidationError) as error:
        services.delete_group(actor=None, group=group)
    assert error.value.messages == [
        "Nhóm “I Quý I” còn 1 nhiệm vụ. Hãy chuyển các nhiệm vụ sang nhóm khác hoặc xoá chúng trước."
    ]
    assert appendix.groups.count() == 1


def test_issued_plan_rows_cannot_change(appendix):
    task = services.add_task(actor=None, appendix=appendix, data={"content": "Việc"})
    appendix.plan.status = "issued"
    appendix.plan.save()
    with pytest.raises(ValidationError):
        services.delete_task(actor=None, task=Task.objects.get(pk=task.pk))
    assert Task.objects.filter(pk=task.pk).exists()
    assert TaskAssignment.objects.count() == 0
