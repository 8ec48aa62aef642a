"""Every .xlsx the portal writes keeps people's text as text: never a formula, and exactly as typed.

EXPORTS lists every download that is a workbook; a new export is one more entry there. Each entry
puts hostile text into the data behind the export (written straight to the database where the
forms would tidy it), downloads the file through its real URL as someone allowed to, and hands
back the texts that must read back exactly.
"""

import datetime
import io
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common import xlsx
from emulation import services as emulation
from emulation.models import CriteriaTable, Criterion, CriterionSection
from tasks.models import ProgressUpdate, Task
from tasks.progress import Report, update_status
from tasks.workbooks.services import preview_staged, stage_upload
from tests.factories import PlanFactory, ProvinceFactory, UnitFactory, UserFactory, issued_plan_with_tasks
from units.models import EmulationGroup, EmulationGroupKind, EmulationGroupMembership, MembershipRole, Role, Unit

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "=1+1", "#N/A"]
# Tab, line breaks, a carriage return alone, characters XML 1.0 cannot hold, and text that looks
# like OOXML's own escape.
CONTROL = "Dòng một\tcột hai\r\nDòng hai\rba\x07chuông\x1bthoát\x0bhết _x0041_"
HOSTILE = [*FORMULAS, CONTROL]


@dataclass
class Export:
    user: object
    url: str
    texts: list[str]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def hostile_plan():
    """An issued plan with one task per hostile text (as its content), its editor and its lead's officer."""
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    lead = UnitFactory(name="Sở Nội vụ", parent=province)
    plan, tasks = issued_plan_with_tasks(
        [{"content": f"Việc {n}", "timing": "Quý IV", "leads": "Sở Nội vụ"} for n in range(len(HOSTILE))],
        province=province,
    )
    for task, text in zip(tasks, HOSTILE, strict=True):
        Task.objects.filter(pk=task.pk).update(content=text, note=text)
    editor = UserFactory(role=Role.PLAN_EDITOR, unit=UnitFactory(name="Ban Thi đua - Khen thưởng", parent=province))
    officer = UserFactory(role=Role.UNIT_OFFICER, unit=lead)
    return plan, tasks, editor, officer


def progress_export() -> Export:
    plan, tasks, editor, officer = hostile_plan()
    for task, text in zip(tasks, HOSTILE, strict=True):
        update = update_status(
            actor=officer,
            occurrence=task.occurrences.get(),
            status="in_progress",
            percent=50,
            report=Report(datetime.date(2025, 10, 1), note="Đang làm"),
        )
        ProgressUpdate.objects.filter(pk=update.pk).update(note=text)
    return Export(editor, reverse("tasks:dashboard_export", args=[plan.pk]), HOSTILE)


def appendix_export() -> Export:
    plan, tasks, editor, _ = hostile_plan()
    appendix = tasks[0].appendix
    type(appendix).objects.filter(pk=appendix.pk).update(title=FORMULAS[0], subtitle=FORMULAS[4])
    return Export(editor, reverse("plans:appendix_export", args=[plan.pk, appendix.pk]), HOSTILE)


def problem_report() -> Export:
    """An upload whose unit cells match no registry unit and whose timing cells are too long: the
    report lists each such name and quotes each such cell."""
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    editor = UserFactory(role=Role.PLAN_EDITOR, unit=UnitFactory(name="Sở Nội vụ", parent=province))
    plan = PlanFactory(issuing_unit=province, status="draft")
    # A unit cell loses a leading "- ", "+" or "=" (bullets) on reading, so those texts start
    # timing cells too long to import, which the report quotes (their first 200 characters).
    names = [FORMULAS[0], FORMULAS[3], FORMULAS[5], "Phòng\x07Chuông\x1bThoát _x0041_"]
    timings = [f"{text} {'quá dài ' * 40}" for text in FORMULAS[1:5]]
    book = openpyxl.Workbook()
    xlsx.append(book.active, ["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian thực hiện"])
    for number, (name, timing) in enumerate(zip(names, timings, strict=True), start=1):
        xlsx.append(book.active, [number, f"Việc {number}", name, timing])
    staged = stage_upload(actor=editor, plan=plan, uploaded=SimpleUploadedFile("pl.xlsx", xlsx.save(book)))
    preview = preview_staged(staged)
    # The hostile texts really are in the report's data.
    assert {name.text for name in preview.unresolved} >= set(names)
    quoted = [timing[:200] for timing in timings]
    assert {problem.value for problem in preview.problems} >= set(quoted)
    texts = names + quoted
    return Export(editor, reverse("plans:import_report", args=[plan.pk, staged.pk]), texts)


def emulation_block():
    """A block with a leader, a member and a criteria table of one section and one criterion per
    hostile text (content and evidence note)."""
    province = ProvinceFactory()
    leader, member = UnitFactory(name="Sở Tư pháp", parent=province), UnitFactory(name="Sở Y tế", parent=province)
    group = EmulationGroup.objects.create(
        name="Khối tổng hợp", kind=EmulationGroupKind.BLOCK, year=2025, organiser=province
    )
    EmulationGroupMembership.objects.create(group=group, unit=leader, role=MembershipRole.LEADER)
    EmulationGroupMembership.objects.create(group=group, unit=member, role=MembershipRole.MEMBER)
    staff = UserFactory(role=Role.PLAN_EDITOR, unit=province)
    table = emulation.create_criteria_table(actor=staff, group=group, scoring_due=datetime.date(2025, 11, 30))
    section = emulation.add_section(actor=staff, table=table, number="I", title="Tiêu chí")
    for number, text in enumerate(HOSTILE, start=1):
        criterion = emulation.add_criterion(
            actor=staff, section=section, number=str(number), content=f"Tiêu chí {number}", max_points="10"
        )
        Criterion.objects.filter(pk=criterion.pk).update(content=text, evidence_note=text)
    CriterionSection.objects.filter(pk=section.pk).update(title=FORMULAS[1])
    CriteriaTable.objects.filter(pk=table.pk).update(title=FORMULAS[2])
    leader_user = UserFactory(role=Role.UNIT_OFFICER, unit=leader)
    return group, leader, member, leader_user


def criteria_export() -> Export:
    group, _, _, leader_user = emulation_block()
    return Export(leader_user, reverse("emulation:criteria_export", args=[group.pk]), [*HOSTILE, FORMULAS[1]])


def ranking_export() -> Export:
    group, leader, member, leader_user = emulation_block()
    Unit.objects.filter(pk=leader.pk).update(name=FORMULAS[0])
    Unit.objects.filter(pk=member.pk).update(name=CONTROL)
    EmulationGroup.objects.filter(pk=group.pk).update(name=FORMULAS[3])
    return Export(leader_user, reverse("emulation:ranking_export", args=[group.pk]), [FORMULAS[0], CONTROL])


EXPORTS = [
    pytest.param(progress_export, id="tien-do"),
    pytest.param(appendix_export, id="phu-luc"),
    pytest.param(problem_report, id="bao-cao-loi-nhap"),
    pytest.param(criteria_export, id="tieu-chi"),
    pytest.param(ranking_export, id="xep-hang"),
]


@pytest.mark.parametrize("build", EXPORTS)
def test_every_export_keeps_hostile_text_as_text(client, build):
    export = build()
    client.force_login(export.user)
    response = client.get(export.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [f"{c.parent.title}!{c.coordinate}: {c.value}" for c in cells if c.data_type == "f"] == []
    texts = {xlsx.excel_text(cell.value) for cell in cells if isinstance(cell.value, str)}
    assert [text for text in export.texts if text not in texts] == []
    # Editing such a cell in Excel keeps it text too.
    starts = [cell for cell in cells if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))]
    assert starts and all(cell.quotePrefix for cell in starts)


def test_every_module_that_makes_a_workbook_saves_it_through_the_one_writer():
    root = Path(__file__).resolve().parents[2]
    skip = {"tests", "bench", ".venv", "node_modules"}
    makers = [
        path
        for path in root.rglob("*.py")
        if not skip & set(path.relative_to(root).parts) and re.search(r"\bWorkbook\(", path.read_text())
    ]
    assert makers, "no module writes a workbook?"
    strays = [
        str(path.relative_to(root))
        for path in makers
        if path.name != "xlsx.py"
        and not re.search(r"from common\.xlsx import [^\n]*\bsave\b", path.read_text())
        and not ("from common import xlsx" in path.read_text() and "xlsx.save(" in path.read_text())
    ]
    assert strays == []
