"""An issued plan with two quarter groups whose numbers restart (Quý I: 1, 2; Quý II: 1, 2, 3, 4),
dated around today so each row has a known state on the dashboard:

| group | TT | content               | lead         | due        | state          |
|-------|----|-----------------------|--------------|------------|----------------|
| Quý I | 1  | Khám sức khoẻ         | Sở Y tế      | today - 10 | overdue        |
| Quý I | 2  | Rà soát văn bản       | Sở Tư pháp   | today - 5  | overdue        |
| Quý II| 1  | Tiêm chủng            | Sở Y tế      | today + 2  | due soon       |
| Quý II| 2  | Kiểm tra công trình   | Sở Xây dựng  | today + 30 | not started    |
| Quý II| 3  | Báo cáo sơ kết        | Sở Y tế      | today - 20 | done           |
| Quý II| 4  | Giám sát dịch         | Sở Y tế      | today - 3  | overdue        |
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from plans.models import Plan, PlanStatus
from tasks.models import Task
from tasks.progress import Report, update_status
from tasks.services import add_group, add_task
from tests.factories import AppendixFactory, ProvinceFactory, UnitFactory, UserFactory
from units.models import Role

ROWS = [
    ("I", "1", "Khám sức khoẻ", "Sở Y tế", -10),
    ("I", "2", "Rà soát văn bản", "Sở Tư pháp", -5),
    ("II", "1", "Tiêm chủng", "Sở Y tế", 2),
    ("II", "2", "Kiểm tra công trình", "Sở Xây dựng", 30),
    ("II", "3", "Báo cáo sơ kết", "Sở Y tế", -20),
    ("II", "4", "Giám sát dịch", "Sở Y tế", -3),
]


@dataclass
class DashboardWorld:
    today: datetime.date
    province: object
    plan: Plan
    groups: dict
    units: dict
    tasks: dict
    editor: object
    health_officer: object


def dated(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def add_rows(appendix, groups, rows, today):
    tasks = {}
    for group_number, number, content, lead, days in rows:
        tasks[content] = add_task(
            actor=None,
            appendix=appendix,
            data={
                "group": groups[group_number],
                "number": number,
                "content": content,
                "timing_text": dated(today + datetime.timedelta(days=days)),
                "unit_cells": {"leads": lead},
            },
        )
    return tasks


def build_world() -> DashboardWorld:
    today = timezone.localdate()
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    office = UnitFactory(name="Sở Nội vụ", parent=province)
    units = {name: UnitFactory(name=name, parent=province) for name in ("Sở Y tế", "Sở Tư pháp", "Sở Xây dựng")}
    appendix = AppendixFactory(
        plan__issuing_unit=province, plan__year=today.year, plan__status=PlanStatus.DRAFT, plan__number="83"
    )
    groups = {
        number: add_group(actor=None, appendix=appendix, data={"number": number, "title": f"Quý {number}"})
        for number in ("I", "II")
    }
    tasks = add_rows(appendix, groups, ROWS, today)
    Plan.objects.filter(pk=appendix.plan_id).update(status=PlanStatus.ISSUED)
    plan = Plan.objects.select_related("issuing_unit").get(pk=appendix.plan_id)
    health_officer = UserFactory(role=Role.UNIT_OFFICER, unit=units["Sở Y tế"], email="yte@example.vn")
    done = tasks["Báo cáo sơ kết"].occurrences.get()
    update_status(
        actor=health_officer,
        occurrence=done,
        status="done",
        percent=None,
        report=Report(today - datetime.timedelta(days=21), note="Đã gửi báo cáo"),
    )
    return DashboardWorld(
        today=today,
        province=province,
        plan=plan,
        groups=groups,
        units=units,
        tasks={content: Task.objects.get(pk=task.pk) for content, task in tasks.items()},
        editor=UserFactory(role=Role.PLAN_EDITOR, unit=office),
        health_officer=health_officer,
    )
