"""Huy chương Thanh niên xung phong vẻ vang is appraised and proposed upward, not voted: the
commune appraises and its chair submits to the provincial chair, who proposes to the Prime Minister
(Quyết định số 01/2026/QĐ-TTg; before it Nghị định số 28/2024/NĐ-CP)."""

import pytest
from django.core.exceptions import ValidationError

from awards import services
from awards.models import DossierStatus, Outcome

from .conftest import make_dossier, pdf

pytestmark = pytest.mark.django_db

BASIS = (
    "Chủ tịch UBND cấp xã chỉ đạo thẩm định hồ sơ, trình Chủ tịch UBND cấp tỉnh; Chủ tịch UBND cấp tỉnh đề nghị, "
    "trình Thủ tướng Chính phủ qua Bộ Nội vụ (Quyết định số 01/2026/QĐ-TTg; trước đó Nghị định số 28/2024/NĐ-CP)"
)


def appraising_medal(world):
    dossier = make_dossier(world, award_code="huy-chuong-thanh-nien-xung-phong-ve-vang")
    services.add_attachment(
        actor=world.officer,
        dossier=dossier,
        uploaded=pdf("ban-khai.pdf"),
        kind="ban_khai",
        nominee=dossier.nominees.get(),
    )
    services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    services.apply_transition(actor=world.staff, dossier=dossier, name="start_appraisal")
    dossier.refresh_from_db()
    return dossier


def test_the_youth_volunteer_medal_is_not_put_to_the_councils_ballot(world):
    dossier = appraising_medal(world)
    with pytest.raises(ValidationError) as error:
        services.apply_transition(actor=world.staff, dossier=dossier, name="mark_ready")
    assert error.value.messages == [
        f"“Huy chương Thanh niên xung phong vẻ vang” không đưa ra Hội đồng bỏ phiếu: thẩm định xong thì đề nghị "
        f"cấp trên ({BASIS})."
    ]
    assert [t.name for t in services.DOSSIER_WORKFLOW.available(dossier, world.staff)] == [
        "request_papers",
        "mark_ready",
        "propose_upward",
    ]


def test_after_appraisal_the_medal_is_proposed_upward_with_every_nominee(world):
    dossier = appraising_medal(world)
    services.apply_transition(actor=world.staff, dossier=dossier, name="propose_upward")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.FORWARDED
    assert list(dossier.nominees.values_list("outcome", flat=True)) == [Outcome.FORWARDED]
    assert dossier.forwarded_on is not None


def test_a_voted_award_offers_no_proposal_without_a_vote(world):
    dossier = make_dossier(world, award_code="lao-dong-tien-tien")
    services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    services.apply_transition(actor=world.staff, dossier=dossier, name="start_appraisal")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.APPRAISING
    assert "propose_upward" not in [t.name for t in services.DOSSIER_WORKFLOW.available(dossier, world.staff)]
