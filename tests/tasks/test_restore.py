"""Undo of a deleted task: from the message after the deletion and from the plan's history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activity.models import ActivityLog
from plans.models import Plan, PlanStatus
from plans.services import PlanLocked
from tasks.models import Task, TaskAssignment
from tasks.services import add_group, add_task, delete_group, delete_task, restore_task
from tests.factories import AppendixFactory, ProvinceFactory, UnitFactory, UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def appendix():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    UnitFactory(name="Sở Nội vụ", parent=province)
    UnitFactory(name="Sở Tư pháp", parent=province)
    return AppendixFactory(plan__issuing_unit=province, plan__status="draft")


@pytest.fixture
def editor(appendix):
    return UserFactory(role=Role.PLAN_EDITOR, unit=appendix.plan.issuing_unit.children.get(name="Sở Nội vụ"))


def three_tasks(appendix, group):
    return [
        add_task(
            actor=None,
            appendix=appendix,
            data={
                "group": group,
                "number": str(n),
                "content": f"Việc thứ {n}",
                "timing_text": "15/07/2025",
                "unit_cells": {"leads": "Sở Nội vụ", "coordinates": "Sở Tư pháp; Các ngành liên quan"},
            },
        )
        for n in (1, 2, 3)
    ]


def rows(appendix):
    return list(Task.objects.filter(appendix=appendix).order_by("position", "id").values_list("number", "content"))


def test_a_deleted_task_comes_back_with_its_text_units_and_place(appendix, editor):
    group = add_group(actor=None, appendix=appendix, data={"number": "II", "title": "Quý II"})
    _, middle, _ = three_tasks(appendix, group)
    entry = delete_task(actor=editor, task=middle)

    task = restore_task(actor=editor, appendix=appendix, entry_id=entry.pk)

    assert rows(appendix) == [("1", "Việc thứ 1"), ("2", "Việc thứ 2"), ("3", "Việc thứ 3")]
    assert (task.group, task.timing_text, task.due_on.isoformat()) == (group, "15/07/2025", "2025-07-15")
    assert task.unit_cells == {"leads": "Sở Nội vụ", "coordinates": "Sở Tư pháp; Các ngành liên quan"}
    links = TaskAssignment.objects.filter(task=task).order_by("role", "position")
    assert [(a.role, a.unit.name if a.unit else a.text) for a in links] == [
        ("coordinates", "Sở Tư pháp"),
        ("coordinates", "Các ngành liên quan"),
        ("leads", "Sở Nội vụ"),
    ]
    assert task.occurrences.count() == 1
    log = ActivityLog.objects.for_context(appendix.plan).order_by("pk")
    assert [row.summary for row in log.filter(action__in=["task.delete", "task.restore"])] == [
        "Xoá nhiệm vụ số 2 thuộc nhóm “II Quý II”: “Việc thứ 2”",
        "Khôi phục nhiệm vụ số 2 thuộc nhóm “II Quý II”: “Việc thứ 2”",
    ]


def test_a_task_is_restored_once_and_only_into_an_editable_plan(appendix, editor):
    [task, *_] = three_tasks(appendix, None)
    entry = delete_task(actor=editor, task=task)
    Plan.objects.filter(pk=appendix.plan_id).update(status=PlanStatus.ISSUED, number="5")
    with pytest.raises(PlanLocked):
        restore_task(actor=editor, appendix=appendix, entry_id=entry.pk)
    Plan.objects.filter(pk=appendix.plan_id).update(status=PlanStatus.DRAFT)
    restore_task(actor=editor, appendix=appendix, entry_id=entry.pk)
    with pytest.raises(ValidationError) as refused:
        restore_task(actor=editor, appendix=appendix, entry_id=entry.pk)
    assert refused.value.messages == ["Không còn nhiệm vụ đã xoá này để khôi phục (có thể đã được khôi phục rồi)."]
    assert Task.objects.filter(appendix=appendix).count() == 3


def test_a_task_whose_group_is_gone_is_not_restored_elsewhere(appendix, editor):
    group = add_group(actor=None, appendix=appendix, data={"number": "I", "title": "Quý I"})
    [task] = three_tasks(appendix, group)[:1]
    for other in Task.objects.exclude(pk=task.pk):
        delete_task(actor=editor, task=other)
    entry = delete_task(actor=editor, task=task)
    delete_group(actor=editor, group=group)
    with pytest.raises(ValidationError) as refused:
        restore_task(actor=editor, appendix=appendix, entry_id=entry.pk)
    assert refused.value.messages == [
        "Nhóm “I Quý I” của nhiệm vụ đã bị xoá. Hãy tạo lại nhóm rồi thêm nhiệm vụ vào nhóm đó."
    ]
    assert not Task.objects.filter(appendix=appendix).exists()


def test_another_appendix_cannot_take_a_deleted_task(appendix, editor):
    [task, *_] = three_tasks(appendix, None)
    entry = delete_task(actor=editor, task=task)
    other = AppendixFactory(plan=appendix.plan, title="Phụ lục khác")
    with pytest.raises(ValidationError):
        restore_task(actor=editor, appendix=other, entry_id=entry.pk)
    assert not other.tasks.exists()


def test_deleting_offers_khoi_phuc_and_the_history_offers_it_until_used(client, appendix, editor):
    group = add_group(actor=None, appendix=appendix, data={"number": "II", "title": "Quý II"})
    [task, *_] = three_tasks(appendix, group)
    client.force_login(editor)

    response = client.post(reverse("tasks:task_delete", args=[appendix.pk, task.pk]), **HTMX)

    page = response.content.decode()
    entry = ActivityLog.objects.get(action="task.delete")
    restore = reverse("tasks:task_restore", args=[appendix.pk, entry.pk])
    assert "Đã xoá nhiệm vụ số 1 thuộc nhóm “II Quý II”: “Việc thứ 1”." in page
    assert f'hx-post="{restore}"' in page
    history = reverse("plans:history", args=[appendix.plan_id])
    assert f'action="{restore}"' in client.get(history).content.decode()
    # The plan's history reads in words, not field names.
    assert "Nội dung:</span>" in client.get(history).content.decode()

    response = client.post(restore, **HTMX)

    assert "Đã khôi phục nhiệm vụ số 1 thuộc nhóm “II Quý II”: “Việc thứ 1”." in response.content.decode()
    assert rows(appendix)[0] == ("1", "Việc thứ 1")
    assert f'action="{restore}"' not in client.get(history).content.decode()
    response = client.post(restore)
    assert response.url == history
    assert Task.objects.filter(appendix=appendix).count() == 3


def test_only_the_plans_editors_restore(client, appendix, editor):
    [task, *_] = three_tasks(appendix, None)
    entry = delete_task(actor=editor, task=task)
    client.force_login(UserFactory(role=Role.UNIT_OFFICER, unit=appendix.plan.issuing_unit.children.first()))
    response = client.post(reverse("tasks:task_restore", args=[appendix.pk, entry.pk]))
    assert response.status_code == 403
    assert Task.objects.filter(appendix=appendix).count() == 2
