import re

import pytest
from playwright.sync_api import expect

from plans.models import Plan, PlanStatus
from tasks.models import Task
from tasks.services import add_task
from tests.e2e.editing import open_new_task_form, search_units
from tests.factories import AppendixFactory, ProvinceFactory, UnitFactory, UserFactory
from units.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def province():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên", short_name="UBND tỉnh Hưng Yên")
    UnitFactory(name="Sở Nội vụ", parent=province)
    UnitFactory(name="Văn phòng UBND tỉnh", parent=province)
    UnitFactory(name="Sở Giáo dục và Đào tạo", parent=province)
    return province


def table_rows(page):
    """What the appendix table shows, row by row: ("group", "I Quý I") or ("task", "1 | content")."""
    rows = []
    for row in page.locator("table.appendix tbody tr").all():
        cells = [c.strip() for c in row.locator("td").all_inner_texts()]
        kind = "group" if "group-row" in (row.get_attribute("class") or "") else "task"
        rows.append((kind, cells[0], cells[1]))
    return rows


def add_group(page, number, title):
    page.get_by_role("button", name="+ Thêm nhóm (quý, mục)").click()
    form = page.locator("form.inline-form")
    form.get_by_label("Số thứ tự (I, II, A.)").fill(number)
    form.get_by_label("Tên nhóm (ví dụ: Quý I)").fill(title)
    form.get_by_role("button", name="Thêm nhóm").click()
    expect(page.locator("table.appendix tr.group-row", has_text=title)).to_be_visible()


def add_task_row(page, group, number, content, lead_search, lead_name):
    form = open_new_task_form(page)
    form.get_by_label("Nhóm", exact=True).select_option(label=group)
    form.get_by_label("TT", exact=True).fill(number)
    form.get_by_label("Nội dung", exact=True).fill(content)
    # Pick the lead unit from the registry by typing without diacritics.
    search_units(page, form.get_by_label("Tìm đơn vị cho cột Đơn vị chủ trì"), lead_search)
    form.locator(".unit-options a", has_text=lead_name).first.click()
    expect(form.get_by_label("Đơn vị chủ trì", exact=True)).to_have_value(lead_name)
    form.get_by_role("button", name="Thêm nhiệm vụ").click()
    expect(page.locator("table.appendix td", has_text=content)).to_be_visible()


def test_editor_writes_a_plan_and_issues_it(page, login, province):
    UserFactory(username="hy.noivu", role=Role.PLAN_EDITOR, unit=province.children.get(name="Sở Nội vụ"))
    login("hy.noivu")
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc của tôi")
    page.get_by_role("link", name="Tất cả kế hoạch").click()
    page.get_by_role("link", name="+ Tạo kế hoạch").click()
    page.get_by_label("Cơ quan ban hành", exact=True).select_option(label="Ủy ban nhân dân tỉnh Hưng Yên")
    page.get_by_label("Tên cơ quan ban hành (in trên văn bản)").fill("Ủy ban nhân dân\ntỉnh Hưng Yên")
    page.get_by_label("Địa danh").fill("Hưng Yên")
    page.get_by_label("Số", exact=True).fill("196")
    page.get_by_label("Ngày ban hành").fill("24/12/2024")
    page.get_by_label("Năm kế hoạch").fill("2025")
    page.get_by_label("Trích yếu").fill("Công tác thi đua, khen thưởng năm 2025")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".msg-success")).to_have_text("Đã tạo kế hoạch. Hãy thêm các mục và phụ lục.")
    expect(page.locator(".doc-header")).to_contain_text("Hưng Yên, ngày 24 tháng 12 năm 2024")

    page.get_by_role("link", name="+ Thêm phụ lục").click()
    page.get_by_label("Tên phụ lục").fill("Nội dung công tác thi đua, khen thưởng năm 2025")
    page.get_by_role("button", name="Lưu phụ lục").click()

    add_group(page, "I", "Quý I")
    add_group(page, "II", "Quý II")
    add_task_row(page, "I Quý I", "1", "Đăng ký thi đua của tỉnh", "so noi vu", "Sở Nội vụ")
    add_task_row(page, "I Quý I", "2", "Xây dựng kế hoạch hoạt động của Hội đồng", "van phong", "Văn phòng UBND tỉnh")
    add_task_row(page, "II Quý II", "1", "Sơ kết 6 tháng đầu năm", "so noi vu", "Sở Nội vụ")
    assert table_rows(page) == [
        ("group", "I", "Quý I"),
        ("task", "1", "Đăng ký thi đua của tỉnh"),
        ("task", "2", "Xây dựng kế hoạch hoạt động của Hội đồng"),
        ("group", "II", "Quý II"),
        ("task", "1", "Sơ kết 6 tháng đầu năm"),
    ]

    url_before = page.url
    page.locator("tr", has_text="Xây dựng kế hoạch hoạt động").get_by_title("Chuyển lên").click()
    expect(page.locator("table.appendix tbody tr").nth(1)).to_contain_text("Xây dựng kế hoạch hoạt động")
    assert page.url == url_before  # moved in place, no page load
    assert table_rows(page)[1:3] == [
        ("task", "1", "Xây dựng kế hoạch hoạt động của Hội đồng"),
        ("task", "2", "Đăng ký thi đua của tỉnh"),
    ]

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Ban hành kế hoạch").click()
    expect(page.locator(".msg-success")).to_have_text("Đã ban hành kế hoạch.")
    assert asked[0].startswith("Ban hành kế hoạch 196/KH-UBND? Mọi người dùng sẽ xem được kế hoạch;"), asked
    expect(page.get_by_role("button", name="+ Thêm nhiệm vụ")).to_have_count(0)

    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    row = page.locator("table.list tbody tr", has_text="196/KH-UBND")
    expect(row).to_contain_text("Đã ban hành")
    expect(row).to_contain_text("3")

    plan = Plan.objects.get()
    assert plan.status == PlanStatus.ISSUED
    quarter_one = list(Task.objects.filter(group__title="Quý I").order_by("position").values_list("number", "content"))
    assert quarter_one == [("1", "Xây dựng kế hoạch hoạt động của Hội đồng"), ("2", "Đăng ký thi đua của tỉnh")]
    lead = Task.objects.get(content="Đăng ký thi đua của tỉnh").assignments.get()
    assert (lead.role, lead.unit.name) == ("leads", "Sở Nội vụ")


def test_unit_officer_sees_only_their_units_tasks(page, login, province):
    appendix = AppendixFactory(plan__issuing_unit=province)
    add_task(
        actor=None,
        appendix=appendix,
        data={
            "number": "1",
            "content": "Việc của Sở GD&ĐT",
            "unit_cells": {"leads": "Sở Giáo dục và Đào tạo"},
            "timing_text": "Quý II",
        },
    )
    add_task(
        actor=None,
        appendix=appendix,
        data={
            "number": "2",
            "content": "Việc Sở Nội vụ làm, Sở GD&ĐT phối hợp",
            "unit_cells": {"leads": "Sở Nội vụ", "coordinates": "Sở GD&ĐT"},
        },
    )
    add_task(
        actor=None,
        appendix=appendix,
        data={"number": "3", "content": "Việc riêng của Sở Nội vụ", "unit_cells": {"leads": "Sở Nội vụ"}},
    )
    Plan.objects.filter(pk=appendix.plan.pk).update(status=PlanStatus.ISSUED)
    UserFactory(username="gddt", role=Role.UNIT_OFFICER, unit=province.children.get(name="Sở Giáo dục và Đào tạo"))

    login("gddt")
    page.get_by_role("link", name="Tất cả nhiệm vụ của đơn vị").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhiệm vụ của Sở Giáo dục và Đào tạo")
    rows = page.locator("table.unit-tasks tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Việc của Sở GD&ĐT")
    expect(rows.nth(0)).to_contain_text("Chủ trì")
    expect(rows.nth(0)).to_contain_text("30/06/2025")
    expect(rows.nth(1)).to_contain_text("Phối hợp")
    expect(page.locator("body")).not_to_contain_text("Việc riêng của Sở Nội vụ")


def test_anonymous_visitor_is_sent_to_login(page):
    page.goto("/ke-hoach/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next=/ke-hoach/$"))
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
