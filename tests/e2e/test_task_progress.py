import pytest
from playwright.sync_api import expect

from tasks.models import Evidence, Occurrence
from tests.factories import ProvinceFactory, UnitFactory, UserFactory, issued_plan_with_tasks, pdf_bytes
from units.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    education = UnitFactory(name="Sở Giáo dục và Đào tạo", short_name="Sở GD&ĐT", parent=province)
    UnitFactory(name="Sở Nội vụ", parent=province)
    plan, _ = issued_plan_with_tasks(
        [
            {"content": "Tổ chức Hội nghị điển hình tiên tiến ngành giáo dục", "timing": "Quý II", "leads": "Sở GD&ĐT"},
            {"content": "Báo cáo kết quả phong trào thi đua", "timing": "Quý IV", "leads": "Sở Giáo dục và Đào tạo"},
            {"content": "Tập huấn nghiệp vụ thi đua", "timing": "Quý III", "leads": "Sở Nội vụ"},
        ],
        province=province,
    )
    UserFactory(username="bn.gddt", role=Role.UNIT_OFFICER, unit=education, full_name="Phạm Quốc Huy")
    UserFactory(username="bn.noivu", role=Role.PLAN_EDITOR, unit=province.children.get(name="Sở Nội vụ"))
    return plan


def test_officer_filters_marks_done_with_evidence_and_the_dashboard_shows_it(page, login, plan, tmp_path):
    login("bn.gddt")
    # Việc của tôi lists what is due; the unit's whole list is one link away.
    page.get_by_role("link", name="Tất cả nhiệm vụ của đơn vị").click()
    expect(page.get_by_role("heading", name="Nhiệm vụ của Sở Giáo dục và Đào tạo")).to_be_visible()
    expect(page.locator("tr[data-task]")).to_have_count(2)

    # Filter by typed words without diacritics, and by quarter.
    page.get_by_label("Tìm nội dung").fill("hoi nghi dien hinh")
    page.get_by_label("Quý").select_option(label="Quý II")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("tr[data-task]")).to_have_count(1)
    row = page.locator("tr[data-task]")
    expect(row).to_contain_text("Tổ chức Hội nghị điển hình tiên tiến ngành giáo dục")
    expect(row).to_contain_text("Chưa thực hiện")

    row.get_by_role("link", name="Tiến độ").click()
    form = page.locator("#cap-nhat form")
    form.get_by_label("Trạng thái").select_option(label="Hoàn thành")
    form.get_by_label("Ngày báo cáo").fill("20/06/2025")
    form.get_by_label("Nội dung tiến độ").fill("Đã tổ chức hội nghị ngày 18/6/2025, 250 đại biểu.")
    report = tmp_path / "bao-cao-hoi-nghi.pdf"
    report.write_bytes(pdf_bytes())
    form.get_by_label("Tệp minh chứng").set_input_files(str(report))
    form.get_by_role("button", name="Lưu cập nhật").click()

    expect(page.get_by_text("Đã lưu cập nhật tiến độ.")).to_be_visible()
    history = page.locator("table.progress-history tbody tr").first
    expect(history).to_contain_text("Phạm Quốc Huy")
    expect(history).to_contain_text("Hoàn thành")
    expect(history.get_by_role("link", name="bao-cao-hoi-nghi.pdf")).to_be_visible()
    assert Evidence.objects.get().file.read() == pdf_bytes()

    # Status filter on the list now finds it among the done tasks.
    page.goto("/nhiem-vu-cua-don-vi/?status=done")
    expect(page.locator("tr[data-task]")).to_have_count(1)
    expect(page.locator("tr[data-task] .status-cell")).to_contain_text("Hoàn thành")

    page.get_by_role("button", name="Đăng xuất").click()
    login("bn.noivu")
    page.goto(f"/ke-hoach/{plan.pk}/")
    page.get_by_role("link", name="Theo dõi tiến độ").click()
    expect(page.locator('[data-kpi="done"]')).to_have_text("1")
    expect(page.locator('[data-kpi="total"]')).to_have_text("3")
    unit_row = page.locator("#by-unit tr", has_text="Sở Giáo dục và Đào tạo")
    expect(unit_row).to_contain_text("1/2")
    done = Occurrence.objects.get(status="done")
    expect(page.locator(f'#progress-table tr[data-occurrence="{done.pk}"]')).to_contain_text("Hoàn thành")
    expect(page.locator(f'#progress-table tr[data-occurrence="{done.pk}"]')).to_contain_text("Sở GD&ĐT")
