import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tasks.models import Task, TaskGroup
from tasks.services import add_task
from tasks.workbooks.services import import_workbook
from tasks.workbooks.writer import appendix_workbook
from tests.factories import PlanFactory

from .builders import demo_registry, province, xlsx

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "seeds"


def snapshot(appendix):
    """Everything a round trip must keep: groups, tasks, assignments and the parsed timing."""
    groups = [
        (g.number, g.title, g.parent.title if g.parent else None, g.position, g.quarters)
        for g in TaskGroup.objects.filter(appendix=appendix).select_related("parent").order_by("parent_id", "position")
    ]
    tasks = []
    for task in (
        Task.objects.filter(appendix=appendix)
        .select_related("group")
        .prefetch_related("assignments")
        .order_by("group__position", "group__title", "position")
    ):
        tasks.append(
            (
                task.group.title if task.group else None,
                task.position,
                task.number,
                task.content,
                task.note,
                task.unit_cells,
                task.timing_text,
                task.schedule_kind,
                task.quarters,
                task.starts_on,
                task.due_on,
                task.recurrence_day,
                sorted(((a.role, a.position, a.unit_id, a.text) for a in task.assignments.all()), key=lambda a: a[:2]),
            )
        )
    return (appendix.label, appendix.title, appendix.columns, appendix.column_labels, groups, tasks)


def reimport(appendix):
    plan = PlanFactory(issuing_unit=appendix.plan.issuing_unit, year=appendix.plan.year, status="draft")
    data = appendix_workbook(appendix)
    _, [copy] = import_workbook(actor=None, plan=plan, fileobj=io.BytesIO(data), filename="xuat.xlsx")
    return data, copy


@pytest.mark.parametrize(
    ("seed", "province_name"), [("hung-yen-2025.xlsx", "Hưng Yên"), ("bac-ninh-2025.xlsx", "Bắc Ninh")]
)
def test_export_then_import_gives_identical_tasks_groups_assignments_and_timing(seed, province_name):
    demo_registry()
    plan = PlanFactory(issuing_unit=province(province_name), status="draft")
    with open(SEEDS / seed, "rb") as workbook:
        _, [appendix] = import_workbook(actor=None, plan=plan, fileobj=workbook, filename=seed)
    _, copy = reimport(appendix)
    assert snapshot(copy) == snapshot(appendix)
    assert Task.objects.filter(appendix=copy).count() == {"hung-yen-2025.xlsx": 27, "bac-ninh-2025.xlsx": 29}[seed]


def test_sections_with_quarters_survive_the_round_trip():
    demo_registry()
    workbook = xlsx(
        {
            "PL": [
                ["PHỤ LỤC"],
                ["Nhiệm vụ năm 2025"],
                ["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian thực hiện", "Ghi chú"],
                ["A. NHIỆM VỤ TRỌNG TÂM", None, None, None, None],
                ["I", "Quý I", None, None, None],
                ["1.", "Việc một", "Sở Nội vụ;\nSở Tài chính phối hợp", None, "Ghi chú một"],
                ["B", "NHIỆM VỤ THƯỜNG XUYÊN", None, None, None],
                [1, "Việc hai", "Văn phòng UBND tỉnh", "Hằng tháng", None],
            ]
        },
        {"PL": ["A4:E4"]},
    )
    plan = PlanFactory(issuing_unit=province(), status="draft")
    _, [appendix] = import_workbook(actor=None, plan=plan, fileobj=workbook, filename="pl.xlsx")
    _, copy = reimport(appendix)
    assert snapshot(copy) == snapshot(appendix)
    assert len(snapshot(copy)[5]) == 2


def test_export_has_the_official_shape():
    demo_registry()
    plan = PlanFactory(issuing_unit=province("Bắc Ninh"), status="draft")
    with open(SEEDS / "bac-ninh-2025.xlsx", "rb") as workbook:
        _, [appendix] = import_workbook(actor=None, plan=plan, fileobj=workbook, filename="bn.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(appendix_workbook(appendix))).active
    assert [sheet.cell(row=r, column=1).value for r in (1, 2, 3)] == [
        "PHỤ LỤC",
        "THỰC HIỆN NHIỆM VỤ NĂM 2025",
        "(Kèm theo Kế hoạch số 83/KH-UBND, ngày 13 tháng 02 năm 2025 của UBND tỉnh Bắc Ninh)",
    ]
    assert [c.value for c in sheet[5]] == [
        "STT",
        "Nội dung thực hiện",
        "Đơn vị chỉ đạo",
        "Đơn vị thực hiện",
        "Đơn vị phối hợp",
        "Ghi chú",
    ]
    assert [c.value for c in sheet[6]] == ["I", "Quý I", None, None, None, None]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:F1", "A2:F2", "A3:F3", "B6:F6", "B17:F17", "B23:F23", "B30:F30"} == merged
    assert [sheet.column_dimensions[c].width for c in "ABCDEF"] == [6, 60, 24, 24, 24, 24]
    assert sheet["B7"].font.name == "Times New Roman" and sheet["B7"].alignment.wrap_text
    assert sheet["D21"].value == "- Sở Giáo dục và Đào tạo;\n- Các huyện, thị xã, thành phố."
    assert sheet.max_row == 38


def test_cells_that_look_like_formulas_are_exported_as_inert_text():
    plan = PlanFactory(status="draft")
    appendix = plan.appendices.create(title="Phụ lục", columns=["leads", "note"])
    add_task(
        actor=None,
        appendix=appendix,
        data={
            "number": "1",
            "content": '=HYPERLINK("http://x.example","bấm")',
            "note": "+1+2",
            "unit_cells": {"leads": "@SUM(A1)"},
        },
    )
    add_task(actor=None, appendix=appendix, data={"number": "2", "content": "-2+3", "note": "=1+1"})
    data = appendix_workbook(appendix)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [sheet["B6"], sheet["D6"], sheet["C6"], sheet["B7"], sheet["D7"]]
    assert [c.value for c in cells] == ['=HYPERLINK("http://x.example","bấm")', "+1+2", "@SUM(A1)", "-2+3", "=1+1"]
    assert [(c.data_type, c.quotePrefix) for c in cells] == [("s", True)] * 5


def test_control_characters_and_a_colon_in_the_title_survive_export_and_import():
    plan = PlanFactory(status="draft")
    appendix = plan.appendices.create(title="Phụ lục: nhiệm vụ trọng tâm", columns=["leads", "note"])
    add_task(actor=None, appendix=appendix, data={"number": "1", "content": "Việc một"})
    # Pasted from elsewhere: a bell, an escape and text that looks like Excel's own _x…_ escape;
    # a note typed in a browser ends its lines with \r\n.
    content, note = "Chuông\x07, thoát\x1b và _x0041_", "Dòng một\r\nDòng hai"
    Task.objects.filter(appendix=appendix).update(content=content, note=note)
    data, copy = reimport(appendix)
    assert openpyxl.load_workbook(io.BytesIO(data)).active.title == "Phụ lục nhiệm vụ trọng tâm"
    assert copy.title == "Phụ lục: nhiệm vụ trọng tâm"
    task = copy.tasks.get()
    assert (task.content, task.note) == (content, "Dòng một\nDòng hai")  # imports keep \n line breaks
