from pathlib import Path

import pytest
from playwright.sync_api import expect

from plans.models import AppendixImport
from tasks.models import Task
from tests.factories import PlanFactory, UserFactory
from tests.tasks.workbooks.builders import demo_registry, province
from units.models import Role, Unit, UnitAlias

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
UNMATCHED = "UBND các huyện, thị xã, thành phố"


def test_editor_imports_a_workbook_maps_a_unit_and_a_bad_file_is_refused(page, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_registry()
    plan = PlanFactory(issuing_unit=province(), status="draft", number="196")
    UserFactory(
        username="hy.noivu", role=Role.PLAN_EDITOR, unit=Unit.objects.get(name="Sở Nội vụ", tree_root=plan.issuing_unit)
    )
    login("hy.noivu")
    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name="Nhập phụ lục từ Excel").click()
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(SEEDS / "hung-yen-2025.xlsx"))
    page.get_by_role("button", name="Tải lên và xem trước").click()

    expect(page.locator(".import-summary")).to_contain_text("27 nhiệm vụ, 0 nhóm")
    row = page.locator("table.unit-names tr", has_text=UNMATCHED)
    expect(row).to_contain_text("Chưa khớp")
    expect(page.locator("table.appendix .match-unresolved", has_text=UNMATCHED)).to_be_visible()
    row.locator("td").nth(3).locator("select").select_option(label="Ủy ban nhân dân thị xã Mỹ Hào")
    page.get_by_role("button", name="Cập nhật xem trước").click()
    expect(page.locator("table.unit-names tr", has_text=UNMATCHED)).to_contain_text("Bạn đã chọn")
    expect(page.locator("table.appendix .match-mapped", has_text=UNMATCHED)).to_be_visible()
    page.get_by_role("button", name="Xác nhận nhập").click()

    expect(page.locator(".messages")).to_contain_text("Đã nhập 1 phụ lục với 27 nhiệm vụ từ “hung-yen-2025.xlsx”.")
    table = page.locator("table.appendix")
    expect(table.locator("tbody tr")).to_have_count(27)
    last = table.locator("tbody tr").nth(26)
    expect(last).to_contain_text("Tham mưu đề nghị tặng, truy tặng “Huy chương Thanh niên xung phong”")
    expect(last.locator(".unit-link", has_text=UNMATCHED)).to_be_visible()
    assert Task.objects.filter(appendix__plan=plan).count() == 27
    assert UnitAlias.objects.filter(unit__name="Ủy ban nhân dân thị xã Mỹ Hào", name=UNMATCHED).exists()

    page.get_by_role("link", name="Nhập phụ lục từ Excel").click()
    bad = tmp_path / "phu-luc-2.xlsx"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << >> endobj")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Tệp phu-luc-2.xlsx không đúng loại cho phép (nội dung thực tế: PDF). Chỉ nhận: Excel (.xlsx)."
    )
    assert [staged.filename for staged in AppendixImport.objects.all()] == ["hung-yen-2025.xlsx"]  # the imported one
    assert plan.appendices.count() == 1
