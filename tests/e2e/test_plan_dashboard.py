"""The plan dashboard in Chromium, on a desk (1366 px) and a phone (390 px): filter the progress
table, sort it by a column header (aria-sort follows), and "Nhắc đơn vị" asks first, in words that
say what will happen; cancelling sends nothing. No sideways scroll, nothing the CSP refuses."""

import re

import pytest

from notifications.models import Notification
from tests.e2e.test_phone_width import OVERFLOW
from tests.tasks.dashboard_world import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {"desk": {"width": 1366, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(SIZES))
def screen(request, browser, live_server):
    phone = request.param == "phone"
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport=SIZES[request.param], is_mobile=phone
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    refused = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    page.phone, page.refused = phone, refused
    yield page
    context.close()


def sign_in(page, username):
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("mat-khau-thu")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def table_contents(page) -> list[str]:
    return page.locator("#progress-table tbody tr td:nth-child(3)").all_inner_texts()


def test_filter_sort_and_remind_a_unit(screen):
    page = screen
    world = build_world()
    sign_in(page, world.editor.username)
    page.goto(f"/ke-hoach/{world.plan.pk}/tien-do/")
    assert page.evaluate(OVERFLOW) is None

    table = page.locator("#bang-tien-do")
    if page.phone:  # the filters fold behind one button on a phone
        table.get_by_role("button", name="Bộ lọc").click()
    table.get_by_label("Tình trạng").select_option(label="Quá hạn")
    table.get_by_role("button", name="Lọc", exact=True).click()
    page.wait_for_url(re.compile(r"tinhtrang=qua-han"))
    assert table_contents(page) == ["Khám sức khoẻ", "Rà soát văn bản", "Giám sát dịch"]
    assert page.locator("#table-count").inner_text() == "3/6 kỳ hạn phù hợp với bộ lọc."
    due = page.locator('#progress-table th[data-sort="han"]')
    assert due.get_attribute("aria-sort") == "ascending"

    if page.phone:  # the table's head is hidden on a phone: the order is chosen with the filters
        table.get_by_role("button", name="Bộ lọc").click()
        table.get_by_label("Sắp xếp theo").select_option(label="Hạn: muộn trước")
        table.get_by_role("button", name="Lọc", exact=True).click()
    else:
        due.get_by_role("link", name="Hạn").click()
    page.wait_for_url(re.compile(r"sapxep=-han"))
    assert table_contents(page) == ["Giám sát dịch", "Rà soát văn bản", "Khám sức khoẻ"]
    assert due.get_attribute("aria-sort") == "descending"
    assert page.locator("#progress-table th[aria-sort]").count() == 1
    # The group stands beside the number, since both quarters have a row 1.
    first = page.locator("#progress-table tbody tr").first
    assert first.locator("td").nth(0).inner_text() == "4"
    assert first.locator("td").nth(1).inner_text() == "II Quý II"
    assert page.evaluate(OVERFLOW) is None

    health = page.locator(f'#by-unit tr[data-unit="{world.units["Sở Y tế"].pk}"]')
    button = health.get_by_role("button", name="Nhắc Sở Y tế về 2 nhiệm vụ quá hạn")
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    button.click()
    assert asked == [
        "Gửi nhắc nhở đến Sở Y tế về 2 nhiệm vụ quá hạn? Cán bộ của đơn vị sẽ nhận thông báo trên cổng và "
        "thư điện tử; mỗi đơn vị chỉ được nhắc một lần mỗi ngày."
    ]
    assert not Notification.objects.exists()  # cancelled: nothing sent

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        button.click()
    page.wait_for_url(re.compile(r"#theo-don-vi$"))
    assert "Đã gửi nhắc nhở đến Sở Y tế về 2 nhiệm vụ quá hạn" in page.locator("body").inner_text()
    assert health.get_by_text("Đã nhắc hôm nay").is_visible()
    assert Notification.objects.filter(user=world.health_officer).count() == 1
    assert page.evaluate(OVERFLOW) is None
    assert page.refused == []
