"""The pages work under the Content-Security-Policy: Chromium reports no violation and what used to
be inline (bar widths, confirmations, HTMX) still happens."""

import io
import re

import pytest
from django.core.management import call_command
from django_celery_beat.models import CrontabSchedule
from playwright.sync_api import expect

from awards.models import Dossier
from plans.models import Plan
from tdkt_portal.demo import DEMO_PASSWORD
from units.models import EmulationGroup, Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def violations(page):
    """Chromium's console messages about the Content-Security-Policy, as they come."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    return found


def visit_all(page, urls):
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        assert "'unsafe-inline'" not in response.headers["content-security-policy"].split("style-src")[0]
        page.wait_for_load_state("networkidle")


def test_main_pages_raise_no_csp_violation(page, login, demo, violations):
    plan = Plan.objects.get(number="83")
    group = EmulationGroup.objects.get(name__startswith="Khối các cơ quan tổng hợp")
    # The province's own: the Prime Minister's Bằng khen it received from Sở GD&ĐT and forwarded upward.
    dossier = Dossier.objects.get(council__government__name="Ủy ban nhân dân tỉnh Bắc Ninh", status="forwarded")
    login("bn.noivu", DEMO_PASSWORD)
    visit_all(
        page,
        [
            "/ke-hoach/",
            f"/ke-hoach/{plan.pk}/",
            f"/ke-hoach/{plan.pk}/tien-do/",
            f"/ke-hoach/{plan.pk}/ban-in/",
            f"/ke-hoach/{plan.pk}/lich-su/",
            "/khen-thuong/",
            f"/khen-thuong/ho-so/{dossier.pk}/",
            f"/khen-thuong/ho-so/{dossier.pk}/to-trinh/ban-in/",
            f"/khen-thuong/ho-so/{dossier.pk}/lich-su/",
            "/khen-thuong/phien-hop/",
            "/don-vi/",
            "/don-vi/cum-khoi-thi-dua/",
            f"/cum-khoi/{group.pk}/",
            f"/cum-khoi/{group.pk}/tieu-chi/",
            f"/cum-khoi/{group.pk}/xep-hang/",
            f"/cum-khoi/{group.pk}/xep-hang/ban-in/",
            f"/cum-khoi/{group.pk}/giao-uoc/ban-in/",
            "/thong-bao/",
        ],
    )
    page.get_by_role("button", name="Đăng xuất").click()
    login("bn.gddt", DEMO_PASSWORD)
    visit_all(page, ["/nhiem-vu-cua-don-vi/"])
    assert violations == []


def test_bars_are_sized_by_script_and_documents_keep_their_page_rules(page, login, demo, violations):
    plan = Plan.objects.get(number="83")
    login("bn.noivu", DEMO_PASSWORD)
    page.goto(f"/ke-hoach/{plan.pk}/tien-do/")
    segments = page.locator(".stackbar .seg[data-share]")
    expect(segments.first).to_be_visible()
    for share, width in segments.evaluate_all("els => els.map(e => [e.dataset.share, e.style.width])"):
        assert width == f"{float(share):g}%" or width == f"{share}%", (share, width)
    bar = page.locator(".stackbar").first
    total = bar.evaluate("b => b.getBoundingClientRect().width")
    done = bar.locator(".seg").first
    share = float(done.get_attribute("data-share"))
    assert done.evaluate("s => s.getBoundingClientRect().width") == pytest.approx(total * share / 100, abs=1.5)

    # The preview's appendix columns get their widths from the nonce-admitted page rules.
    page.goto(f"/ke-hoach/{plan.pk}/ban-in/")
    widths = (
        page.locator("table.tasks")
        .first.locator("col")
        .evaluate_all("cols => cols.map(c => getComputedStyle(c).width)")
    )
    assert len(widths) >= 4 and all(re.fullmatch(r"[\d.]+px", w) and float(w[:-2]) > 0 for w in widths), widths
    assert violations == []


def test_confirmations_and_htmx_work_without_inline_script(page, login, demo, violations):
    login("admin", DEMO_PASSWORD)
    page.goto("/don-vi/?q=Sở Nội vụ")
    units = Unit.objects.count()
    rows = page.locator("tbody tr")
    expect(rows.first).to_be_visible()
    count = rows.count()
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    rows.first.get_by_role("button", name="Xoá").click()
    assert asked and asked[0].startswith("Xoá đơn vị ")
    expect(rows).to_have_count(count)  # declined: nothing was sent
    assert Unit.objects.count() == units
    assert violations == []


def test_admin_pages_work_under_the_policy(page, login, demo, violations):
    login("admin", DEMO_PASSWORD)
    visit_all(
        page,
        [
            "/quan-tri/",
            "/quan-tri/units/user/",
            "/quan-tri/plans/appendix/import/",
            "/quan-tri/axes/accessattempt/",
        ],
    )
    # An autocomplete field (select2, from the admin's static files) still searches.
    page.goto("/quan-tri/units/user/add/")
    page.locator(".field-unit .select2-selection").click()
    page.locator(".select2-search__field").fill("Giáo dục và Đào tạo")
    expect(page.locator(".select2-results__option").first).to_contain_text("Giáo dục và Đào tạo")
    # The periodic task form says when its crontab runs, from a static script.
    CrontabSchedule.objects.create(minute="0", hour="7-17", timezone="Asia/Ho_Chi_Minh")
    page.goto("/quan-tri/django_celery_beat/periodictask/add/")
    page.locator("#id_crontab").select_option(index=1)
    expect(page.locator(".crontab-in-words")).to_contain_text("Lịch chạy:")
    assert violations == []
