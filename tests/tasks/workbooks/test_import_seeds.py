from pathlib import Path

import pytest

from activity.models import ActivityLog
from tasks.models import Task, TaskGroup
from tasks.workbooks.services import import_workbook, preview_workbook
from tests.factories import PlanFactory, UserFactory

from .builders import demo_registry, province
from .seed_tasks import SEED_TASKS

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "seeds"


def stored(plan):
    tasks = Task.objects.filter(appendix__plan=plan).select_related("group").prefetch_related("assignments__unit")
    rows = []
    for task in tasks.order_by("group__position", "position"):
        links = sorted(task.assignments.all(), key=lambda a: (a.role, a.position))
        rows.append(
            (
                task.group.title if task.group else None,
                task.number,
                task.content,
                [(a.role, a.unit.name if a.unit else None, a.text) for a in links],
                task.timing_text,
                task.due_on.strftime("%d/%m/%Y"),
                task.note,
            )
        )
    return rows


def import_seed(name, province_name, django_assert_max_num_queries=None):
    demo_registry()
    plan = PlanFactory(issuing_unit=province(province_name), status="draft")
    editor = UserFactory()
    with open(SEEDS / name, "rb") as workbook:
        preview, appendices = import_workbook(actor=editor, plan=plan, fileobj=workbook, filename=name)
    return plan, editor, preview, appendices


def test_hung_yen_workbook_gives_every_task_of_kh196():
    plan, editor, preview, [appendix] = import_seed("hung-yen-2025.xlsx", "Hưng Yên")
    assert stored(plan) == SEED_TASKS["hung-yen-2025.xlsx"]
    assert len(SEED_TASKS["hung-yen-2025.xlsx"]) == 27
    assert (appendix.label, appendix.title, appendix.subtitle) == (
        "PHỤ LỤC",
        "Nội dung công tác thi đua, khen thưởng năm 2025",
        "(Kèm theo Kế hoạch số 196/KH-UBND ngày 24 tháng 12 năm 2024 của Ủy ban nhân dân tỉnh)",
    )
    assert appendix.columns == ["leads", "coordinates", "timing"]
    assert appendix.header == [
        ("number", "TT"),
        ("content", "Nội dung"),
        ("leads", "Đơn vị chủ trì"),
        ("coordinates", "Cơ quan phối hợp"),
        ("timing", "Thời gian thực hiện"),
    ]
    assert not TaskGroup.objects.filter(appendix=appendix).exists()
    assert preview.summary() == {
        "tasks": 27,
        "groups": 0,
        "units_exact": 3,
        "units_alias": 0,
        "units_unresolved": 11,
    }
    assert preview.problems == []
    log = ActivityLog.objects.get(action="appendix.import")
    assert (log.actor, log.summary) == (
        editor,
        "Nhập 1 phụ lục (27 nhiệm vụ) từ tệp “hung-yen-2025.xlsx”: “Nội dung công tác thi đua, khen thưởng năm 2025”",
    )


def test_bac_ninh_workbook_gives_every_task_of_kh83_in_its_quarter_groups():
    plan, _, preview, [appendix] = import_seed("bac-ninh-2025.xlsx", "Bắc Ninh")
    assert stored(plan) == SEED_TASKS["bac-ninh-2025.xlsx"]
    assert len(SEED_TASKS["bac-ninh-2025.xlsx"]) == 29
    groups = list(TaskGroup.objects.filter(appendix=appendix).values_list("number", "title", "quarters", "parent"))
    assert groups == [
        ("I", "Quý I", [1], None),
        ("II", "Quý II", [2], None),
        ("III", "Quý III", [3], None),
        ("IV", "Quý IV", [4], None),
    ]
    assert (appendix.label, appendix.title) == ("PHỤ LỤC", "THỰC HIỆN NHIỆM VỤ NĂM 2025")
    assert appendix.columns == ["directs", "executes", "coordinates", "note"]
    assert appendix.column_labels == {
        "number": "STT",
        "content": "Nội dung thực hiện",
        "directs": "Đơn vị chỉ đạo",
        "executes": "Đơn vị thực hiện",
        "coordinates": "Đơn vị phối hợp",
        "note": "Ghi chú",
    }
    assert preview.summary() == {
        "tasks": 29,
        "groups": 4,
        "units_exact": 4,
        "units_alias": 4,
        "units_unresolved": 12,
    }


def test_preview_writes_nothing_and_importing_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    demo_registry()
    plan = PlanFactory(issuing_unit=province("Bắc Ninh"), status="draft")
    with open(SEEDS / "bac-ninh-2025.xlsx", "rb") as workbook:
        preview = preview_workbook(
            workbook, issuer=plan.issuing_unit, year=2025, filename="bac-ninh-2025.xlsx", plan=plan
        )
    assert preview.summary()["tasks"] == 29
    # The registry load above is logged (unit.load_registry); the preview adds nothing.
    assert not Task.objects.exists() and not ActivityLog.objects.exclude(action="unit.load_registry").exists()
    # However many rows: plan (read, then locked), matcher (units, aliases), appendices, new
    # appendix, groups, task ids, tasks, assignments, plan version, content types, log.
    with django_assert_max_num_queries(18), open(SEEDS / "bac-ninh-2025.xlsx", "rb") as workbook:
        import_workbook(actor=None, plan=plan, fileobj=workbook, filename="bac-ninh-2025.xlsx")
    assert Task.objects.count() == 29


def test_a_sheet_can_replace_an_appendix_and_a_mapped_name_matches_by_alias_next_time():
    from units.models import Unit

    demo_registry()
    plan = PlanFactory(issuing_unit=province("Bắc Ninh"), status="draft")
    council = Unit.objects.get(name="Hội đồng Thi đua - Khen thưởng tỉnh", tree_root=plan.issuing_unit)
    key = "cum truong khoi truong cac khoi thi dua"
    with open(SEEDS / "bac-ninh-2025.xlsx", "rb") as workbook:
        first, [appendix] = import_workbook(
            actor=None, plan=plan, fileobj=workbook, filename="bn.xlsx", mappings={key: council.pk}
        )
    assert first.summary()["units_alias"] == 5 and first.summary()["units_unresolved"] == 11
    with open(SEEDS / "bac-ninh-2025.xlsx", "rb") as workbook:
        again, [replaced] = import_workbook(
            actor=None, plan=plan, fileobj=workbook, filename="bn.xlsx", targets={"Phụ lục": str(appendix.pk)}
        )
    assert replaced.pk == appendix.pk and plan.appendices.count() == 1
    assert Task.objects.filter(appendix=appendix).count() == 29 and appendix.groups.count() == 4
    [name] = [n for n in again.sheets[0].names if n.key == key]
    assert (name.how, name.unit, name.rows) == ("alias", council, [18, 33, 34])


def test_imported_tasks_get_the_occurrences_progress_and_reminders_need():
    from tasks.models import Occurrence
    from tasks.occurrences import sync_occurrences

    plan, *_ = import_seed("bac-ninh-2025.xlsx", "Bắc Ninh")
    imported = {
        task.pk: sorted(o.due_on for o in task.occurrences.all())
        for task in Task.objects.filter(appendix__plan=plan).prefetch_related("occurrences")
    }
    assert len(imported) == 29 and all(imported.values())
    assert set(Occurrence.objects.filter(task__appendix__plan=plan).values_list("status", "percent", "version")) == {
        ("not_started", 0, 1)
    }
    # What the one-task path (tasks.services) would have made, task by task.
    for task in Task.objects.filter(appendix__plan=plan):
        sync_occurrences(task, plan.year)
    assert {
        task.pk: sorted(o.due_on for o in task.occurrences.all())
        for task in Task.objects.filter(appendix__plan=plan).prefetch_related("occurrences")
    } == imported
