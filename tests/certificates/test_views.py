"""The pages: who may print, the refusal shown, the PDF and the workbook downloaded."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from certificates.models import Issue
from tests.documents.pdf_tools import Pdf
from tests.factories import ProvinceFactory, UnitFactory, UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db


def test_staff_of_the_province_prints_the_chosen_few(client, world):
    client.force_login(world.staff)
    page = client.get(reverse("certificates:decision", args=[world.decision.pk]))
    assert page.status_code == 200
    assert "Nguyễn Thị Hằng Ước" in page.content.decode()
    response = client.post(reverse("certificates:print", args=[world.decision.pk]), {"nominees": [world.binh.pk]})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert Pdf(response.content).page_count == 1
    assert list(Issue.objects.values_list("recipient", "number")) == [("Trần Văn Bình", 1)]


def test_an_officer_or_another_province_cannot_print(client, world):
    for user in (
        UserFactory(role=Role.UNIT_OFFICER, unit=world.department),
        UserFactory(role=Role.PLAN_EDITOR, unit=ProvinceFactory()),
    ):
        client.force_login(user)
        assert client.get(reverse("certificates:decision", args=[world.decision.pk])).status_code == 403
        assert client.post(reverse("certificates:print", args=[world.decision.pk])).status_code == 403
        assert client.get(reverse("certificates:alignment", args=[world.layout.pk])).status_code == 403
    assert not Issue.objects.exists()


def test_a_decision_not_yet_issued_shows_the_refusal_and_prints_nothing(client, world):
    world.decision.issued_on = datetime.date.today() + datetime.timedelta(days=1)
    world.decision.save()
    client.force_login(world.staff)
    page = client.get(reverse("certificates:decision", args=[world.decision.pk])).content.decode()
    assert "chưa được ban hành" in page
    response = client.post(reverse("certificates:print", args=[world.decision.pk]), follow=True)
    assert "chưa in được Bằng khen, Giấy khen." in response.content.decode()
    assert not Issue.objects.exists()


def test_the_preview_draws_the_scan_and_the_alignment_page_downloads(client, world):
    client.force_login(world.staff)
    preview = client.get(reverse("certificates:preview", args=[world.layout.pk])).content.decode()
    assert 'src="data:image/png;base64,' in preview
    assert "Bà Nguyễn Thị Hằng Ước" in preview
    pdf = client.get(reverse("certificates:alignment", args=[world.layout.pk]))
    assert Pdf(pdf.content).page_count == 1
    # The scan is for the screen only: the printed certificates carry no image.
    printed = client.post(reverse("certificates:print", args=[world.decision.pk]))
    assert b"/Subtype /Image" not in printed.content and b"/Image" not in printed.content


def test_the_register_page_and_workbook(client, world):
    client.force_login(world.staff)
    client.post(reverse("certificates:print", args=[world.decision.pk]))
    page = client.get(reverse("certificates:register")).content.decode()
    assert "Trần Văn Bình" in page
    workbook = client.get(reverse("certificates:register_xlsx"))
    assert workbook.status_code == 200 and workbook.content.startswith(b"PK")


def test_the_command_writes_the_pdf(world, tmp_path):
    out = tmp_path / "bang-khen.pdf"
    call_command("print_certificates", str(world.decision.pk), "-o", str(out))
    assert Pdf(out.read_bytes()).page_count == 2
    assert Issue.objects.count() == 2
    with pytest.raises(CommandError, match="Không có quyết định mã 999999."):
        call_command("print_certificates", "999999", "-o", str(out))


def test_a_unit_without_a_layout_is_told_so(client, world):
    other = UnitFactory(name="Sở Y tế", parent=world.province)
    world.layout.unit = other
    world.layout.save()
    client.force_login(world.staff)
    page = client.get(reverse("certificates:decision", args=[world.decision.pk])).content.decode()
    assert "Chưa có mẫu in phôi" in page


def test_the_demo_loads_its_three_stocks_with_their_scans(db, settings, tmp_path):
    """The three demo stocks, each with its scan; a Bằng khen decision of the demo province finds its
    layout. Without the demo's decision there is nothing to print."""
    from awards.catalogue import load_catalogue
    from awards.models import AwardType, Decision
    from certificates.demo import load_certificate_demo
    from certificates.services import layout_for

    settings.MEDIA_ROOT = tmp_path
    load_catalogue(AwardType)
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    UnitFactory(name="Sở Nội vụ", parent=province)
    UnitFactory(name="Sở Giáo dục và Đào tạo", parent=province)
    loaded = load_certificate_demo()
    bang_khen, giay_khen, chung_nhan = loaded["layouts"]
    assert (bang_khen.page_mm, giay_khen.page_mm, chung_nhan.page_mm) == ((297, 210), (210, 297), (210, 297))
    assert bang_khen.stock_scan and giay_khen.stock_scan and chung_nhan.stock_scan
    assert chung_nhan.award_type.code == "lao-dong-tien-tien"
    assert loaded["printed"] == 0
    assert load_certificate_demo() == {"layouts": [bang_khen, giay_khen, chung_nhan], "printed": 0}
    decision = Decision(issuing_unit=province, award_type=bang_khen.award_type)
    assert layout_for(decision) == bang_khen


def test_the_decision_page_offers_printing_to_those_who_may_print(client, world):
    url = reverse("certificates:decision", args=[world.decision.pk])
    client.force_login(world.staff)
    assert url in client.get(world.decision.get_absolute_url()).content.decode()
    client.force_login(UserFactory(role=Role.UNIT_OFFICER, unit=world.department))
    page = client.get(world.decision.get_absolute_url()).content.decode()
    assert url not in page and reverse("certificates:register") not in page
