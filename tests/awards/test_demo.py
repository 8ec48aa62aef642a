import io

import pytest
from django.core.management import call_command

from awards.eligibility import check_dossier
from awards.models import AwardType, CouncilMember, CouncilSession, Dossier, DossierStatus
from tdkt_portal.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()


def test_the_demo_council_has_hoidong_and_a_session_with_a_dossier_ready_to_vote(demo):
    seats = CouncilMember.objects.select_related("user").order_by("position_order")
    assert [(s.user.username, s.role) for s in seats] == [
        ("hoidong", "thu_ky"),
        ("bn.noivu", "pho_chu_tich"),
        ("bn.snv", "thanh_vien"),
    ]
    session = CouncilSession.objects.get()
    assert [(d.title, d.status) for d in session.dossiers.all()] == [
        ("Đề nghị tặng danh hiệu Lao động tiên tiến năm 2025", DossierStatus.READY)
    ]
    assert session.dossiers.get().attachments.count() == 4


def test_the_demo_shows_an_eligibility_check_that_needs_a_decision(demo):
    dossier = Dossier.objects.get(award_type__code="chien-si-thi-dua-tinh")
    assert dossier.status == DossierStatus.SUBMITTED
    assert [c.sentence for c in next(iter(check_dossier(dossier).values()))][0] == (
        "Chưa đạt: cần 3 năm liên tục đạt “Chiến sĩ thi đua cơ sở” (2023–2025); sổ vàng ghi nhận các năm 2024, 2025."
    )


def test_loading_the_award_demo_twice_changes_nothing(demo):
    counts = (AwardType.objects.count(), Dossier.objects.count(), CouncilMember.objects.count())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts == (AwardType.objects.count(), Dossier.objects.count(), CouncilMember.objects.count()) == (53, 2, 3)
    assert (
        "Khen thưởng: Hội đồng Thi đua - Khen thưởng tỉnh Bắc Ninh (3 thành viên), "
        "“Phiên họp xét khen thưởng tổng kết năm 2025”, hồ sơ mới: 0"
    ) in out.getvalue()
