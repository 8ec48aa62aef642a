"""The unit picker is an ARIA combobox: typed text lists registry units, ↑/↓ move, Enter adds the
active unit without submitting the task form, Escape and leaving the box close the list, and a
click still adds."""

import pytest
from playwright.sync_api import expect

from tests.e2e.editing import open_new_task_form, search_units
from tests.factories import AppendixFactory, ProvinceFactory, UnitFactory, UserFactory
from units.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def appendix():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên", short_name="UBND tỉnh Hưng Yên")
    for name in ("Sở Nội vụ", "Sở Tư pháp", "Sở Y tế"):
        UnitFactory(name=name, parent=province)
    UserFactory(username="hy.noivu", role=Role.PLAN_EDITOR, unit=province.children.get(name="Sở Nội vụ"))
    return AppendixFactory(plan__issuing_unit=province, plan__status="draft", plan__number="", plan__issued_on=None)


def test_the_picker_works_from_the_keyboard_and_closes(page, login, appendix):
    login("hy.noivu")
    page.goto(f"/ke-hoach/{appendix.plan_id}/")
    form = open_new_task_form(page)
    box = form.get_by_role("combobox", name="Tìm đơn vị cho cột Đơn vị chủ trì")
    listbox = form.locator("#" + box.get_attribute("aria-controls"))
    expect(box).to_have_attribute("aria-expanded", "false")

    search_units(page, box, "so")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(3)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(form.locator(".unit-picker-status").first).to_have_text("3 đơn vị tìm thấy.")
    names = options.all_inner_texts()
    box.press("ArrowDown")
    box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    box.press("Enter")

    lead = form.get_by_label("Đơn vị chủ trì", exact=True)
    chosen = names[1].split(" –")[0].strip()
    expect(lead).to_have_value(chosen)
    expect(box).to_have_value("")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(form).to_be_visible()  # Enter added the unit; it did not submit the form
    assert not appendix.tasks.exists()

    search_units(page, box, "y te")
    expect(options).to_have_count(1)
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")

    box.press("ArrowDown")  # opens again on the same results
    expect(listbox).to_be_visible()
    form.get_by_label("Nội dung", exact=True).click()  # leaving the box closes it
    expect(listbox).to_be_hidden()

    box.click()
    expect(listbox).to_be_visible()
    options.first.click()
    expect(lead).to_have_value(f"{chosen};\nSở Y tế")
    expect(form.locator(".unit-picker-status").first).to_have_text("Đã thêm Sở Y tế.")


def test_the_picker_offers_only_units_active_on_the_plans_day(page, login):
    """The search is sent the plan's issuer and day: a department merged away before the plan was
    issued is not offered, nor one created after; the issuer's own short form ("UBND tỉnh") is."""
    import datetime

    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên", short_name="UBND tỉnh Hưng Yên")
    UnitFactory(name="Sở Kế hoạch và Đầu tư", parent=province, active_to=datetime.date(2025, 2, 28))
    UnitFactory(name="Sở Tài chính", parent=province)
    UnitFactory(name="Sở Dân tộc và Tôn giáo", parent=province, active_from=datetime.date(2025, 3, 1))
    editor_unit = UnitFactory(name="Sở Nội vụ", parent=province)
    UserFactory(username="hy.noivu", role=Role.PLAN_EDITOR, unit=editor_unit)
    issued_before = AppendixFactory(
        plan__issuing_unit=province, plan__status="draft", plan__number="", plan__issued_on=None, plan__year=2025
    )
    issued_after = AppendixFactory(
        plan__issuing_unit=province,
        plan__status="draft",
        plan__number="",
        plan__issued_on=None,
        plan__year=2026,
        plan__title="Năm 2026",
    )
    login("hy.noivu")

    def offered(appendix, typed):
        page.goto(f"/ke-hoach/{appendix.plan_id}/")
        form = open_new_task_form(page)
        box = form.get_by_role("combobox", name="Tìm đơn vị cho cột Đơn vị chủ trì")
        search_units(page, box, typed)
        listbox = form.locator("#" + box.get_attribute("aria-controls"))
        expect(box).to_have_attribute("aria-expanded", "true")
        return sorted(name.split(" –")[0].strip() for name in listbox.get_by_role("option").all_inner_texts())

    assert offered(issued_before, "so") == ["Sở Kế hoạch và Đầu tư", "Sở Nội vụ", "Sở Tài chính"]
    assert offered(issued_after, "so") == ["Sở Dân tộc và Tôn giáo", "Sở Nội vụ", "Sở Tài chính"]
    assert offered(issued_after, "ubnd tinh") == ["Ủy ban nhân dân tỉnh Hưng Yên"]
