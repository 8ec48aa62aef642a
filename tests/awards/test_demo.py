import io

import pytest
from django.core.management import call_command

from awards.eligibility import check_dossier
from awards.models import AwardType, CouncilMember, CouncilSession, Decision, Dossier, DossierStatus
from tdkt_portal.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()


def seats(council_name):
    rows = CouncilMember.objects.filter(council__name=council_name).select_related("user").order_by("position_order")
    return [(s.user.username, s.role) for s in rows]


def test_the_demo_has_the_province_council_and_the_departments_own(demo):
    assert seats("Hội đồng Thi đua - Khen thưởng tỉnh Bắc Ninh") == [
        ("hoidong", "thu_ky"),
        ("bn.noivu", "pho_chu_tich"),
        ("bn.snv", "thanh_vien"),
    ]
    assert seats("Hội đồng Thi đua - Khen thưởng Sở Giáo dục và Đào tạo") == [
        ("bn.gddt.gd", "chu_tich"),
        ("bn.gddt.tk", "thu_ky"),
        ("bn.gddt", "thanh_vien"),
    ]


def test_the_director_decided_lao_dong_tien_tien_in_the_departments_register(demo):
    decision = Decision.objects.get()
    assert (decision.reference, decision.issuing_unit.name, decision.signer_position, decision.signer_name) == (
        "1850/QĐ-SGDĐT",
        "Sở Giáo dục và Đào tạo",
        "GIÁM ĐỐC",
        "Hoàng Văn Giáp",
    )
    assert [n.full_name for n in decision.nominees.order_by("position_in_list")] == ["Trần Thị Mai", "Lê Minh Quân"]
    assert Dossier.objects.get(award_type__code="lao-dong-tien-tien").status == DossierStatus.DECIDED


def test_the_demo_decisions_certificates_are_printed_once_in_the_departments_register(demo):
    from certificates.demo import load_certificate_demo
    from certificates.models import Issue

    decision = Decision.objects.get()
    rows = Issue.objects.filter(decision=decision).order_by("number")
    assert [(i.unit.name, i.number, i.recipient, i.reprint_of_id, i.printed_by.username) for i in rows] == [
        ("Sở Giáo dục và Đào tạo", 1, "Trần Thị Mai", None, "bn.gddt.tk"),
        ("Sở Giáo dục và Đào tạo", 2, "Lê Minh Quân", None, "bn.gddt.tk"),
    ]
    assert load_certificate_demo()["printed"] == 0
    assert Issue.objects.count() == 2


def test_higher_titles_flow_from_the_department_to_the_province_and_upward(demo):
    planned = CouncilSession.objects.get(title="Phiên họp xét khen thưởng tổng kết năm 2025")
    on_agenda = planned.dossiers.get()
    assert (on_agenda.award_type.code, on_agenda.status, on_agenda.forwarded_from.status) == (
        "bang-khen-chu-tich-tinh",
        DossierStatus.READY,
        DossierStatus.FORWARDED,
    )
    assert on_agenda.forwarded_from.council.name == "Hội đồng Thi đua - Khen thưởng Sở Giáo dục và Đào tạo"
    upward = Dossier.objects.get(award_type__code="bang-khen-thu-tuong", forwarded_from__isnull=False)
    assert (upward.council.name, upward.status, hasattr(upward, "forwarded_to")) == (
        "Hội đồng Thi đua - Khen thưởng tỉnh Bắc Ninh",
        DossierStatus.FORWARDED,
        False,
    )


def test_the_demo_shows_an_eligibility_check_that_needs_a_decision(demo):
    dossier = Dossier.objects.get(award_type__code="chien-si-thi-dua-tinh")
    assert (dossier.status, dossier.council.name) == (
        DossierStatus.SUBMITTED,
        "Hội đồng Thi đua - Khen thưởng Sở Giáo dục và Đào tạo",
    )
    assert [c.sentence for c in next(iter(check_dossier(dossier).values()))][0] == (
        "Chưa đạt: cần 3 năm liên tục đạt “Chiến sĩ thi đua cơ sở” (2023–2025); sổ vàng ghi nhận các năm 2024, 2025."
    )


def test_loading_the_award_demo_twice_changes_nothing(demo):
    counts = (AwardType.objects.count(), Dossier.objects.count(), CouncilMember.objects.count())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts == (AwardType.objects.count(), Dossier.objects.count(), CouncilMember.objects.count()) == (59, 6, 6)
    assert (
        "Khen thưởng: Hội đồng Thi đua - Khen thưởng tỉnh Bắc Ninh (3 thành viên), "
        "“Phiên họp xét khen thưởng tổng kết năm 2025”, hồ sơ mới: 0"
    ) in out.getvalue()
