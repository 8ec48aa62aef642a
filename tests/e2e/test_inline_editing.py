"""Editing a plan inline flows from the keyboard: Enter saves, Escape cancels, a new row goes into
the group the editor works in (or the last one), every inline action says what it did, and the
timing field says as one types what it understood."""

import pytest
from playwright.sync_api import expect

from plans.models import PlanSection
from tasks.models import Task
from tasks.services import add_group, add_task
from tests.factories import AppendixFactory, ProvinceFactory, UnitFactory, UserFactory
from units.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def appendix():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên", short_name="UBND tỉnh Hưng Yên")
    editor = UserFactory(
        username="hy.noivu", role=Role.PLAN_EDITOR, unit=UnitFactory(name="Sở Nội vụ", parent=province)
    )
    appendix = AppendixFactory(
        plan__issuing_unit=province, plan__status="draft", plan__number="", plan__issued_on=None, plan__year=2025
    )
    first = add_group(actor=editor, appendix=appendix, data={"number": "I", "title": "Quý I", "parent": None})
    add_group(actor=editor, appendix=appendix, data={"number": "II", "title": "Quý II", "parent": None})
    for number, content in (("1", "Hội nghị triển khai"), ("2", "Ký giao ước thi đua")):
        add_task(
            actor=editor,
            appendix=appendix,
            data={"group": first, "number": number, "content": content, "timing_text": "", "unit_cells": {}},
        )
    return appendix


def test_a_new_row_goes_to_the_last_group_then_the_one_worked_in(page, login, appendix):
    login("hy.noivu")
    page.goto(f"/ke-hoach/{appendix.plan_id}/")
    block = page.locator(f"#appendix-{appendix.pk}")

    block.get_by_role("button", name="+ Thêm nhiệm vụ").click()
    form = block.locator("form.new-task")
    group = form.get_by_label("Nhóm", exact=True)
    expect(group).to_have_value(str(appendix.groups.get(title="Quý II").pk))  # the last group

    timing = form.get_by_label("Thời gian thực hiện")
    reading = form.locator(".timing-preview")
    expect(reading).to_have_text("Hệ thống hiểu là: Quý II, hạn 30/06/2025")  # empty: the group's quarter
    timing.fill("15/7")
    expect(reading).to_have_text("Hệ thống hiểu là: Hạn 15/07/2025")
    timing.fill("30/02")
    expect(reading).to_have_text("Ngày 30/02/2025 không tồn tại: tháng 02/2025 chỉ có 28 ngày.")
    timing.fill("Tháng 3")
    expect(reading).to_have_text("Hệ thống hiểu là: Tháng 3/2025, hạn 31/03/2025")
    group.select_option(label="I Quý I")
    timing.fill("")
    expect(reading).to_have_text("Hệ thống hiểu là: Quý I, hạn 31/03/2025")  # follows the chosen group
    group.select_option(label="II Quý II")

    content = form.get_by_label("Nội dung", exact=True)
    content.fill("Sơ kết 6 tháng")
    content.press("Enter")  # a new line in the text area, not a save
    expect(form).to_be_visible()
    form.get_by_label("TT", exact=True).fill("1")
    form.get_by_label("TT", exact=True).press("Enter")
    expect(block.locator(".msg[role=status]")).to_have_text(
        "Đã thêm nhiệm vụ số 1 thuộc nhóm “II Quý II”: “Sơ kết 6 tháng”."
    )
    expect(form).to_be_hidden()
    added = Task.objects.get(content="Sơ kết 6 tháng")
    assert (added.group.title, added.number) == ("Quý II", "1")

    # "+" on Quý I, then the header's button again: the editor now works in Quý I.
    quarter_one = appendix.groups.get(title="Quý I").pk
    block.locator(f"tr.group-row[data-group='{quarter_one}']").get_by_role("button", name="+").click()
    form.get_by_label("Nội dung", exact=True).fill("Khen thưởng đột xuất")
    form.get_by_label("Nội dung", exact=True).press("Control+Enter")
    expect(block.locator(".msg[role=status]")).to_contain_text("Đã thêm nhiệm vụ thuộc nhóm “I Quý I”")
    block.get_by_role("button", name="+ Thêm nhiệm vụ").click()
    expect(group).to_have_value(str(quarter_one))
    form.get_by_label("Nội dung", exact=True).fill("Không lưu")
    form.get_by_label("Nội dung", exact=True).press("Escape")
    expect(form).to_be_hidden()
    assert not Task.objects.filter(content="Không lưu").exists()


def test_inline_edits_save_on_enter_cancel_on_escape_and_say_what_they_did(page, login, appendix):
    login("hy.noivu")
    page.goto(f"/ke-hoach/{appendix.plan_id}/")
    block = page.locator(f"#appendix-{appendix.pk}")
    status = block.locator(".msg[role=status]")

    row = block.locator("tr[data-task]", has_text="Ký giao ước thi đua")
    row.get_by_role("button", name="Sửa").click()
    editing = block.locator("tr.editing")
    timing = editing.locator("[name=timing_text]")
    expect(editing.locator(".timing-preview")).to_have_text("Hệ thống hiểu là: Quý I, hạn 31/03/2025")
    timing.fill("Trước ngày 20/3")
    expect(editing.locator(".timing-preview")).to_have_text("Hệ thống hiểu là: Hạn 20/03/2025")
    timing.press("Enter")
    expect(status).to_have_text("Đã lưu nhiệm vụ số 2 thuộc nhóm “I Quý I”: “Ký giao ước thi đua”.")
    assert Task.objects.get(content="Ký giao ước thi đua").timing_text == "Trước ngày 20/3"

    block.locator("tr[data-task]", has_text="Ký giao ước thi đua").get_by_role("button", name="Sửa").click()
    editing.locator("[name=timing_text]").fill("Tháng 12")
    editing.locator("[name=timing_text]").press("Escape")
    expect(editing).to_have_count(0)
    assert Task.objects.get(content="Ký giao ước thi đua").timing_text == "Trước ngày 20/3"

    # Moving says where the row went, and why it did not.
    block.locator("tr[data-task]", has_text="Hội nghị triển khai").get_by_role("button", name="↓").click()
    expect(status).to_have_text("Đã chuyển nhiệm vụ số 2 thuộc nhóm “I Quý I”: “Hội nghị triển khai” xuống.")
    block.locator("tr[data-task]", has_text="Ký giao ước thi đua").get_by_role("button", name="↑").click()
    expect(block.locator(".errorlist")).to_have_text(
        "Không chuyển: nhiệm vụ số 1 thuộc nhóm “I Quý I”: “Ký giao ước thi đua” đã ở đầu nhóm “I Quý I”."
    )

    # Groups: renamed with Enter, deleted with a message.
    block.locator("tr.group-row", has_text="Quý II").get_by_role("button", name="Sửa").click()
    title = block.locator("tr.group-row.editing").get_by_label("Tên nhóm")
    title.fill("Quý II và III")
    title.press("Enter")
    expect(status).to_have_text("Đã lưu nhóm “II Quý II và III”.")
    page.once("dialog", lambda dialog: dialog.accept())
    block.locator("tr.group-row", has_text="Quý II và III").get_by_role("button", name="Xoá").click()
    expect(status).to_have_text("Đã xoá nhóm “II Quý II và III”.")

    # Sections of the plan's text.
    sections = page.locator("#sections")
    sections.get_by_role("button", name="+ Thêm mục").click()
    sections.get_by_label("Tiêu đề").fill("I. MỤC ĐÍCH, YÊU CẦU")
    sections.get_by_label("Tiêu đề").press("Enter")
    expect(sections.locator(".msg[role=status]")).to_have_text("Đã thêm mục “I. MỤC ĐÍCH, YÊU CẦU”.")
    sections.get_by_role("button", name="↑").click()
    expect(sections.get_by_role("alert")).to_have_text("Không chuyển: mục “I. MỤC ĐÍCH, YÊU CẦU” đã ở đầu.")
    page.once("dialog", lambda dialog: dialog.accept())
    sections.get_by_role("button", name="Xoá").click()
    expect(sections.locator(".msg[role=status]")).to_have_text("Đã xoá mục “I. MỤC ĐÍCH, YÊU CẦU”.")
    assert not PlanSection.objects.filter(plan=appendix.plan).exists()
