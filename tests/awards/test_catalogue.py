import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError

from awards.catalogue import load_catalogue
from awards.models import AwardType, BallotBox, BallotReceipt

pytestmark = pytest.mark.django_db


def test_a_fresh_migrate_has_every_row_of_the_catalogue():
    # Row by row: tests/awards/test_catalogue_table.py.
    assert AwardType.objects.count() == 59


def test_thresholds_and_counting_are_data_from_the_fixture():
    rows = AwardType.objects.filter(
        code__in=["chien-si-thi-dua-toan-quoc", "chien-si-thi-dua-tinh", "bang-khen-chu-tich-tinh"]
    ).order_by("position")
    assert [(t.code, str(t.approval_threshold), t.vote_base, t.deciding_level) for t in rows] == [
        ("chien-si-thi-dua-toan-quoc", "90.00", "tong_so", "chinh_phu"),
        ("chien-si-thi-dua-tinh", "70.00", "tong_so", "tinh"),
        ("bang-khen-chu-tich-tinh", "80.00", "co_mat", "tinh"),
    ]
    assert all(t.legal_basis.startswith("Luật Thi đua, khen thưởng số 06/2022/QH15") for t in AwardType.objects.all())


def test_loading_again_keeps_what_an_admin_changed():
    AwardType.objects.filter(code="giay-khen").update(approval_threshold=60)
    assert load_catalogue(AwardType) == 0
    assert AwardType.objects.get(code="giay-khen").approval_threshold == 60
    load_catalogue(AwardType, overwrite=True)
    assert AwardType.objects.get(code="giay-khen").approval_threshold == 50


def test_an_unknown_document_code_is_refused_by_the_model():
    award_type = AwardType.objects.get(code="giay-khen")
    award_type.required_documents = ["to_trinh", "giay_to_la"]
    with pytest.raises(ValidationError) as error:
        award_type.full_clean()
    assert error.value.message_dict == {"required_documents": ["Loại tài liệu không có trong danh mục: giay_to_la."]}


def test_ballots_and_receipts_have_no_admin_screen():
    assert not site.is_registered(BallotBox)
    assert not site.is_registered(BallotReceipt)
    assert site.is_registered(AwardType)
