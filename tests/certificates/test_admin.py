"""The admin's layout page: the live preview's data (sample texts, the scan, the fonts' ascents)."""

import json
import re

import pytest
from django.urls import reverse

from certificates import fonts
from tests.factories import UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db


def test_the_layout_page_carries_the_live_preview_and_its_links(client, world):
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:certificates_layout_change", args=[world.layout.pk])).content.decode()
    assert 'id="certificate-preview"' in page
    assert "js/certificate-preview.js" in page and "css/certificate-preview.css" in page
    sample = json.loads(
        re.search(r'<script id="certificate-sample" type="application/json">(.*?)</script>', page, re.S)[1]
    )
    # A real awarded nominee of the unit's latest decision, as the print would say it.
    assert sample["texts"]["recipient"] == "Bà Nguyễn Thị Hằng Ước"
    assert sample["texts"]["decision"] == "Quyết định số 1520/QĐ-UBND ngày 20/12/2025"
    assert sample["scan"].startswith("data:image/png;base64,")
    assert sample["pages"]["A4"] == [210, 297]
    assert sample["ascents"]["script|false|false"] == pytest.approx(fonts.ascent(1, fonts.SCRIPT))
    assert reverse("certificates:alignment", args=[world.layout.pk]) in page
    # The register is shown only: rows come from printing.
    assert client.get(reverse("admin:certificates_issue_add")).status_code == 403


def test_a_bold_script_field_is_refused_in_the_admin(client, world):
    from django.core.exceptions import ValidationError

    field = world.layout.fields.get(key="recipient")
    field.bold = True
    with pytest.raises(ValidationError) as refused:
        field.full_clean()
    assert refused.value.message_dict["face"] == [
        "Phông Great Vibes chỉ có một kiểu chữ: bỏ chọn đậm, nghiêng cho trường này."
    ]
