import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from plans.models import Plan, PlanStatus, ReviewMark
from tasks.models import ScheduleKind, Task, TaskGroup
from tdkt_portal.demo import load_demo
from units.models import EmulationGroup, Unit, User

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
HEADER_KEYS = {
    "Đơn vị chủ trì": "leads",
    "Cơ quan phối hợp": "coordinates",
    "Thời gian thực hiện": "timing",
    "Đơn vị chỉ đạo": "directs",
    "Đơn vị thực hiện": "executes",
    "Đơn vị phối hợp": "coordinates",
    "Ghi chú": "note",
}


def workbook_rows(name):
    """(group title, number, content, {column: cell text}) for every task row of a seed workbook.

    Deliberately naive: it knows these two files' layout and serves as an independent check of
    what the demo loader stored."""
    sheet = openpyxl.load_workbook(SEEDS / name).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header_index = next(i for i, row in enumerate(rows) if row[1] and str(row[1]).startswith("Nội dung"))
    keys = [HEADER_KEYS.get(h) for h in rows[header_index]]
    group, result = None, []
    for row in rows[header_index + 1 :]:
        if row[0] is None and row[1] is None:
            continue
        if all(v is None for v in row[2:]) and isinstance(row[0], str):
            group = row[1]
            continue
        cells = {k: (v or "") for k, v in zip(keys, row, strict=True) if k and k != "note"}
        result.append((group, str(row[0]), row[1], cells))
    return result


def stored_rows(plan):
    rows = []
    tasks = Task.objects.filter(appendix__plan=plan).select_related("group", "appendix")
    for task in tasks.order_by("group__position", "position"):
        cells = {column: "" for column in task.appendix.unit_columns} | task.unit_cells
        if "timing" in task.appendix.columns:
            cells["timing"] = task.timing_text
        rows.append((task.group.title if task.group else None, task.number, task.content, cells))
    return rows


def links(task):
    return [(a.role, a.unit.name if a.unit else None, a.text) for a in task.assignments.order_by("role", "position")]


@pytest.fixture
def demo():
    load_demo()
    return {p.number: p for p in Plan.objects.filter(copied_from__isnull=True)}


def test_loading_twice_changes_nothing(demo):
    counts = (
        Unit.objects.count(),
        Plan.objects.count(),
        Task.objects.count(),
        User.objects.count(),
        EmulationGroup.objects.count(),
    )
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert counts == (
        Unit.objects.count(),
        Plan.objects.count(),
        Task.objects.count(),
        User.objects.count(),
        EmulationGroup.objects.count(),
    )
    # units.json's 96, completed by load_units for Hưng Yên and Bắc Ninh (tests/units/test_provinces.py).
    # The two seed plans and two 2026 drafts copied from Hưng Yên's (27 tasks each).
    assert counts == (1089, 4, 110, 9, 3)
    assert output.getvalue().count("Kết quả: 0 đơn vị mới, 0 đơn vị cập nhật, 0 tên gọi khác mới.") == 2


def test_every_task_matches_the_seed_workbooks(demo):
    assert stored_rows(demo["196"]) == workbook_rows("hung-yen-2025.xlsx")
    assert stored_rows(demo["83"]) == workbook_rows("bac-ninh-2025.xlsx")


def test_hung_yen_plan(demo):
    plan = demo["196"]
    assert (plan.status, plan.reference, plan.date_line) == (
        PlanStatus.ISSUED,
        "196/KH-UBND",
        "Hưng Yên, ngày 24 tháng 12 năm 2024",
    )
    assert [s.heading for s in plan.sections.all()] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG",
        "III. TỔ CHỨC THỰC HIỆN",
    ]
    assert (len(plan.legal_basis_lines), len(plan.recipient_lines)) == (1, 8)
    assert (plan.signer_authority, plan.signer_position, plan.signer_name) == (
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Trần Quốc Văn",
    )
    tasks = Task.objects.filter(appendix__plan=plan)
    assert tasks.count() == 27
    assert not TaskGroup.objects.filter(appendix__plan=plan).exists()
    assert {t.assignments_for("leads")[0].unit.name for t in tasks.prefetch_related("assignments__unit")} == {
        "Sở Nội vụ"
    }
    assert all(
        t.assignments_for("leads")[0].unit.tree_root == plan.issuing_unit
        for t in tasks.prefetch_related("assignments__unit__tree_root")
    )

    ninth = tasks.get(number="9")
    assert links(ninth) == [
        ("coordinates", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
        ("coordinates", None, "Khối thi đua các trường ĐH, CĐ"),
        ("coordinates", None, "UBND các huyện, thành phố, thị xã"),
        ("leads", "Sở Nội vụ", "Sở Nội vụ"),
    ]
    schedules = {t.number: (t.schedule_kind, t.quarters, t.starts_on, t.due_on) for t in tasks}
    assert schedules["1"] == (ScheduleKind.QUARTERS, [1], datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    assert schedules["13"] == (ScheduleKind.QUARTERS, [1, 2, 3], datetime.date(2025, 1, 1), datetime.date(2025, 9, 30))
    assert schedules["22"] == (ScheduleKind.QUARTERS, [3, 4], datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))
    assert schedules["27"] == (
        ScheduleKind.QUARTERS,
        [1, 2, 3, 4],
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
    )


def test_bac_ninh_plan_has_four_quarter_groups_with_their_tasks(demo):
    plan = demo["83"]
    assert (plan.reference, plan.date_line, plan.signer_name) == (
        "83/KH-UBND",
        "Bắc Ninh, ngày 13 tháng 02 năm 2025",
        "Vương Quốc Tuấn",
    )
    assert (len(plan.legal_basis_lines), len(plan.recipient_lines)) == (4, 12)
    groups = TaskGroup.objects.filter(appendix__plan=plan).order_by("position")
    assert [(g.number, g.title, g.quarters, g.tasks.count()) for g in groups] == [
        ("I", "Quý I", [1], 10),
        ("II", "Quý II", [2], 5),
        ("III", "Quý III", [3], 6),
        ("IV", "Quý IV", [4], 8),
    ]
    for group in groups:
        quarter = group.quarters[0]
        assert {(t.quarters[0], t.due_on.month) for t in group.tasks.all()} == {(quarter, quarter * 3)}
        assert [t.number for t in group.tasks.order_by("position")] == [
            str(n) for n in range(1, group.tasks.count() + 1)
        ]

    first = Task.objects.get(appendix__plan=plan, group__number="I", number="1")
    assert links(first) == [
        ("directs", "Ủy ban nhân dân tỉnh Bắc Ninh", "UBND tỉnh"),
        ("executes", "Ban Thi đua - Khen thưởng", "Ban Thi đua - Khen thưởng, Sở Nội vụ"),
    ]
    education = Task.objects.get(appendix__plan=plan, group__number="II", number="4")
    assert links(education) == [
        ("coordinates", "Sở Nội vụ", "Sở Nội vụ"),
        ("directs", "Ủy ban nhân dân tỉnh Bắc Ninh", "UBND tỉnh"),
        ("directs", "Hội đồng Thi đua - Khen thưởng tỉnh", "Hội đồng TĐKT tỉnh"),
        ("executes", "Sở Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo"),
        ("executes", None, "Các huyện, thị xã, thành phố"),
    ]
    assert education.unit_cells["executes"] == "- Sở Giáo dục và Đào tạo;\n- Các huyện, thị xã, thành phố."


def test_next_year_drafts_copied_from_hung_yen_and_the_2025_plans_stay_as_issued(demo):
    hung_yen, bac_ninh = demo["196"], demo["83"]
    assert (hung_yen.status, bac_ninh.status) == (PlanStatus.ISSUED, PlanStatus.ISSUED)
    assert not ReviewMark.objects.filter(plan__in=[hung_yen, bac_ninh]).exists()
    drafts = Plan.objects.filter(copied_from=hung_yen).order_by("issuing_unit__level", "id")
    assert [(p.issuing_unit.name, p.year, p.status, p.number, p.title) for p in drafts] == [
        ("Ủy ban nhân dân tỉnh Hưng Yên", 2026, PlanStatus.DRAFT, "", "Công tác thi đua, khen thưởng năm 2026"),
        ("Ủy ban nhân dân xã Khoái Châu", 2026, PlanStatus.DRAFT, "", "Công tác thi đua, khen thưởng năm 2026"),
    ]
    province, commune = drafts
    assert (province.date_line, province.issuing_body_line) == (
        "Hưng Yên, ngày\xa0\xa0\xa0\xa0\xa0\xa0tháng 12 năm 2025",
        hung_yen.issuing_body_line,
    )
    assert (commune.place, commune.issuing_body_line, commune.signer_name) == (
        "Khoái Châu",
        "ỦY BAN NHÂN DÂN\nXÃ KHOÁI CHÂU",
        "",
    )
    # Every copied row is marked: the plan, 3 sections, the appendix and 27 tasks.
    for draft in drafts:
        assert draft.review_marks.filter(cleared_at__isnull=True).count() == 32
        tasks = Task.objects.filter(appendix__plan=draft)
        assert tasks.count() == 27
        assert set(tasks.values_list("due_on", flat=True)) == {
            datetime.date(2026, 3, 31),
            datetime.date(2026, 6, 30),
            datetime.date(2026, 9, 30),
            datetime.date(2026, 12, 31),
        }
    assert Task.objects.get(appendix__plan=province, number="26").content == (
        "Xây dựng Kế hoạch công tác thi đua, khen thưởng năm 2027"
    )
    # The province's draft keeps its units; the commune's keeps their names but links none of the
    # province's sở: its own offices are to be chosen.
    assert links(Task.objects.get(appendix__plan=province, number="9")) == links(
        Task.objects.get(appendix__plan=hung_yen, number="9")
    )
    assert links(Task.objects.get(appendix__plan=commune, number="9")) == [
        ("coordinates", None, "Sở GD&ĐT"),
        ("coordinates", None, "Khối thi đua các trường ĐH, CĐ"),
        ("coordinates", None, "UBND các huyện, thành phố, thị xã"),
        ("leads", None, "Sở Nội vụ"),
    ]


def test_no_timing_needs_review_and_every_task_has_a_due_date(demo):
    assert not Task.objects.filter(schedule_kind=ScheduleKind.UNPARSED).exists()
    assert not Task.objects.filter(due_on__isnull=True).exists()


def test_demo_accounts_and_clusters(demo):
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "admin": "admin",
        "hy.noivu": "plan_editor",
        "bn.noivu": "plan_editor",
        "hy.vpubnd": "unit_officer",
        "bn.gddt": "unit_officer",
        "bn.snv": "unit_officer",
        "hoidong": "council_member",
        "bn.gddt.gd": "council_member",
        "bn.gddt.tk": "council_member",
    }
    officer = User.objects.get(username="bn.gddt")
    assert officer.check_password("tdkt@2025")
    assert officer.unit.tree_root.name == "Ủy ban nhân dân tỉnh Bắc Ninh"
    block = EmulationGroup.objects.get(name="Khối văn hóa - xã hội")
    assert [(m.unit.name, m.role) for m in block.memberships.order_by("unit__name")][:2] == [
        ("Báo Bắc Ninh", "thanh_vien"),
        ("Sở Giáo dục và Đào tạo", "truong"),
    ]
