import datetime

import pytest
from django.urls import reverse

from awards.models import AwardRecord, Decision
from tests.admin_forms import form_fields
from tests.factories import ProvinceFactory, UnitFactory, UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def records(catalogue):
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    unit = UnitFactory(name="Sở Nội vụ", parent=province)
    award = next(iter(catalogue.values()))
    decision = Decision.objects.create(
        issuing_unit=province,
        issuing_body_line="ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH",
        number="1520",
        place="Bắc Ninh",
        issued_on=datetime.date(2025, 12, 20),
        title="Về việc tặng Bằng khen",
        award_type=award,
        signer_name="Nguyễn Văn A",
    )
    typed = AwardRecord.objects.create(
        award_type=award, year=2023, full_name="Nguyễn Thị Lan", unit=unit, decision_reference="1520/QĐ-UBND"
    )
    decided = AwardRecord.objects.create(
        award_type=award, year=2025, full_name="Trần Văn Bình", unit=unit, decision=decision
    )
    return typed, decided


def test_an_earlier_years_award_is_typed_and_corrected_in_the_admin(client, superuser, records):
    typed, _ = records
    url = reverse("admin:awards_awardrecord_change", args=[typed.pk])
    data = form_fields(client.get(url).content.decode())
    data["full_name"] = "Nguyễn Thị Lan Anh"
    assert client.post(url, data).status_code == 302
    typed.refresh_from_db()
    assert typed.full_name == "Nguyễn Thị Lan Anh"


def test_an_award_written_by_a_decision_is_only_shown(client, superuser, records):
    _, decided = records
    url = reverse("admin:awards_awardrecord_change", args=[decided.pk])
    page = client.get(url).content.decode()
    assert "Dòng này do quyết định ban hành trên cổng ghi vào sổ vàng nên chỉ xem ở đây." in page
    data = form_fields(page)
    data["full_name"] = "Tên khác"
    assert client.post(url, data).status_code == 403
    assert (
        client.post(reverse("admin:awards_awardrecord_delete", args=[decided.pk]), {"post": "yes"}).status_code == 403
    )
    decided.refresh_from_db()
    assert decided.full_name == "Trần Văn Bình"


def test_bulk_delete_leaves_awards_written_by_a_decision(client, superuser, records):
    typed, decided = records
    data = {"action": "delete_selected", "_selected_action": [typed.pk, decided.pk], "post": "yes"}
    client.post(reverse("admin:awards_awardrecord_changelist"), data)
    assert set(AwardRecord.objects.values_list("pk", flat=True)) == {typed.pk, decided.pk}
