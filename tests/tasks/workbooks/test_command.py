import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from plans.models import Plan, PlanStatus
from tasks.models import Task
from tests.factories import PlanFactory

from .builders import demo_registry, province, xlsx

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "seeds"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_appendix", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def test_import_into_a_plan_named_by_its_number_and_symbol():
    demo_registry()
    plan = PlanFactory(issuing_unit=province(), number="196", status="draft")
    code, out, _ = run(str(SEEDS / "hung-yen-2025.xlsx"), "--plan", "196/KH-UBND")
    assert code == 0
    assert (
        out.splitlines()[0]
        == "Trang “Phụ lục”: 27 nhiệm vụ, 0 nhóm; đơn vị: 3 khớp tên, 0 khớp tên gọi khác, 11 chưa khớp"
    )
    assert out.splitlines()[-1] == f"Đã nhập 27 nhiệm vụ vào kế hoạch 196/KH-UBND (id {plan.pk})."
    assert Task.objects.filter(appendix__plan=plan).count() == 27


def test_new_plan_from_the_title_rows_as_json():
    demo_registry()
    code, out, _ = run(str(SEEDS / "bac-ninh-2025.xlsx"), "--new", "--json")
    result = json.loads(out)
    plan = Plan.objects.get()
    assert code == 0
    assert {k: result[k] for k in ["plan", "imported", "sheets", "tasks", "groups", "problems", "errors"]} == {
        "plan": plan.pk,
        "imported": True,
        "sheets": ["Phụ lục"],
        "tasks": 29,
        "groups": 4,
        "problems": [],
        "errors": [],
    }
    assert (result["units_exact"], result["units_alias"], result["units_unresolved"]) == (4, 4, 12)
    assert (plan.number, plan.symbol, plan.issued_on.isoformat(), plan.year, plan.status) == (
        "83",
        "KH-UBND",
        "2025-02-13",
        2025,
        PlanStatus.DRAFT,
    )
    assert (plan.issuing_unit, plan.place, plan.title) == (
        province("Bắc Ninh"),
        "Bắc Ninh",
        "THỰC HIỆN NHIỆM VỤ NĂM 2025",
    )


def test_dry_run_writes_nothing_and_an_ambiguous_issuer_asks_for_one():
    demo_registry()
    code, out, err = run(str(SEEDS / "hung-yen-2025.xlsx"), "--new", "--dry-run")
    assert code == 1 and "Hãy ghi rõ bằng --issuer." in err and not Plan.objects.exists()
    code, out, _ = run(
        str(SEEDS / "hung-yen-2025.xlsx"), "--new", "--dry-run", "--issuer", "Ủy ban nhân dân tỉnh Hưng Yên"
    )
    assert code == 0 and out.splitlines()[-1] == "Chạy thử: chưa ghi gì." and not Plan.objects.exists()


def test_blocking_problems_exit_1_with_every_problem_and_nothing_written(tmp_path):
    demo_registry()
    plan = PlanFactory(issuing_unit=province(), status="draft")
    path = tmp_path / "loi.xlsx"
    path.write_bytes(
        xlsx(
            {
                "PL": [
                    ["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian thực hiện"],
                    [1, "Việc một", "Sở Nội vụ", "Quý I"],
                    [2, "Việc hai", "Sở Nội vụ", "Tháng 13"],
                ],
                "Trống": [],
            }
        ).getvalue()
    )
    code, out, _ = run(str(path), "--plan", str(plan.pk), "--json")
    result = json.loads(out)
    assert code == 1 and result["imported"] is False and result["plan"] == plan.pk
    assert [p["message"] for p in result["problems"]] == [
        "Trang tính “PL”, dòng 3, cột D (Thời gian thực hiện): Tháng 13 không tồn tại: một năm chỉ có 12 tháng.",
        "Trang tính “Trống” trống.",
    ]
    assert not Task.objects.exists() and not plan.appendices.exists()
    code, out, _ = run(str(path), "--plan", str(plan.pk), "--sheet", "PL", "--dry-run")
    assert code == 1


def test_timing_not_understood_or_outside_the_year_is_listed_and_does_not_block(tmp_path):
    demo_registry()
    plan = PlanFactory(issuing_unit=province(), status="draft", year=2026)
    path = tmp_path / "thoi-gian.xlsx"
    path.write_bytes(
        xlsx(
            {
                "PL": [
                    ["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian thực hiện"],
                    [1, "Việc một", "Sở Nội vụ", "Quý I"],
                    [2, "Việc hai", "Sở Nội vụ", "Khi có văn bản hướng dẫn"],
                    [3, "Việc ba", "Sở Nội vụ", "Trước ngày 15/7/2025"],
                ],
            }
        ).getvalue()
    )
    code, out, _ = run(str(path), "--plan", str(plan.pk), "--json")
    result = json.loads(out)
    assert code == 0 and result["imported"] is True
    notes = [(p["row"], p["column"], p["blocking"], p["message"]) for p in result["problems"]]
    assert [note[:3] for note in notes] == [
        (3, "D (Thời gian thực hiện)", False),
        (4, "D (Thời gian thực hiện)", False),
    ]
    assert notes[0][3] == (
        "Trang tính “PL”, dòng 3, cột D (Thời gian thực hiện): chưa hiểu được thời gian thực hiện; nhiệm vụ sẽ "
        "được đánh dấu “Cần kiểm tra”, chưa có hạn để theo dõi và nhắc việc."
    )
    assert notes[1][3].startswith("Trang tính “PL”, dòng 4, cột D (Thời gian thực hiện): ")
    assert "2026" in notes[1][3] and "cần xác nhận" in notes[1][3]
    assert Task.objects.filter(appendix__plan=plan).count() == 3
