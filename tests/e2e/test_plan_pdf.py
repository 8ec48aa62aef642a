import pytest

from tests.documents.pdf_tools import Pdf, squash
from tests.factories import UserFactory, big_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_editor_downloads_the_plan_pdf_and_previews_it(page, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(username="hy.noivu")
    plan = big_plan(4, title="Công tác thi đua, khen thưởng năm 2025")
    login("hy.noivu")
    page.goto(f"/ke-hoach/{plan.pk}/")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Tải PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"du-thao-ke-hoach-2025-{plan.pk}.pdf"
    saved = tmp_path / "saved.pdf"
    download.save_as(saved)
    pdf = Pdf(saved.read_bytes())
    fonts = pdf.fonts()
    assert fonts and all(f["name"].startswith("Liberation-Serif") and f["embedded"] for f in fonts)
    page_one = squash(pdf.text(1, 1))
    assert page_one.startswith("DỰ THẢO")
    assert "KẾ HOẠCH Công tác thi đua, khen thưởng năm 2025" in page_one

    page.get_by_role("link", name="Xem bản in").click()
    assert page.locator(".doc-title .type").inner_text() == "KẾ HOẠCH"
    assert page.locator(".draft-mark").inner_text() == "DỰ THẢO"
    assert page.locator("table.tasks tbody tr:not(.group)").count() == 4
    page.get_by_role("link", name="← Về trang kế hoạch").click()
    assert page.url.endswith(f"/ke-hoach/{plan.pk}/")
