"""The admin's live preview of a certificate layout, in a real browser: it redraws as the form
changes, before anything is saved, over the scan of the blank stock."""

import pytest

from tests.certificates.conftest import build_world
from tests.factories import UserFactory
from units.models import Role

PX_PER_MM = 3


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def test_the_preview_follows_the_form_before_saving(page, login, world):
    UserFactory(username="quantri", role=Role.ADMIN, is_staff=True, is_superuser=True)
    login("quantri")
    page.goto(f"/quan-tri/certificates/layout/{world.layout.pk}/change/")
    preview = page.locator("#certificate-preview")
    assert preview.evaluate("e => getComputedStyle(e).backgroundImage").startswith('url("data:image/png;base64,')
    # A4 landscape at 3 px per mm.
    assert preview.bounding_box()["width"] == pytest.approx(297 * PX_PER_MM + 2, abs=1)
    name = page.locator(".cp-field", has_text="Bà Nguyễn Thị Hằng Ước")
    field_row = world.layout.fields.order_by("y_mm", "x_mm").values_list("key", flat=True)
    index = list(field_row).index("recipient")
    assert name.evaluate("e => e.style.left") == f"{38 * PX_PER_MM}px"
    page.locator(f"[name='fields-{index}-x_mm']").fill("50")
    assert name.evaluate("e => e.style.left") == f"{50 * PX_PER_MM}px"
    page.locator("[name='offset_x_mm']").fill("2")
    assert name.evaluate("e => e.style.left") == f"{52 * PX_PER_MM}px"
    # Too narrow a box even at the smallest size: outlined in red, still nothing saved.
    page.locator(f"[name='fields-{index}-max_width_mm']").fill("10")
    assert "cp-too-long" in name.get_attribute("class")
    page.screenshot(path=str(world.layout.stock_scan.storage.location) + "/preview.png", full_page=True)
    world.layout.refresh_from_db()
    assert world.layout.offset_x_mm == 0
