"""Huy chương Thanh niên xung phong vẻ vang is appraised and proposed upward, not voted: the
commune appraises and its chair submits to the provincial chair, who proposes to the Prime Minister
(Quyết định số 01/2026/QĐ-TTg; before it Nghị định số 28/2024/NĐ-CP)."""

from dataclasses import dataclass

import pytest
import rules
from django.core.exceptions import ValidationError

from activity.models import ActivityLog
from awards import services
from awards.models import AwardType, Council, Dossier, DossierStatus, Outcome
from awards.routing import NoCouncil, council_for
from tests.factories import CouncilFactory, UnitFactory, UserFactory
from units.models import Role, Unit, User

from .conftest import make_dossier, pdf

pytestmark = pytest.mark.django_db

BASIS = (
    "Chủ tịch UBND cấp xã chỉ đạo thẩm định hồ sơ, trình Chủ tịch UBND cấp tỉnh; Chủ tịch UBND cấp tỉnh đề nghị, "
    "trình Thủ tướng Chính phủ qua Bộ Nội vụ (Quyết định số 01/2026/QĐ-TTg; trước đó Nghị định số 28/2024/NĐ-CP)"
)


MEDAL = "huy-chuong-thanh-nien-xung-phong-ve-vang"


@dataclass
class Commune:
    ubnd: Unit
    village: Unit
    council: Council
    staff: User
    officer: User


@pytest.fixture
def commune(world):
    """Xã Tam Sơn of the province: its UBND's council (no parent set: its proposals go to the
    province's), the commune's civil servant who appraises, and a village whose officer files."""
    ubnd = UnitFactory(name="Ủy ban nhân dân xã Tam Sơn", parent=world.province, kind="ubnd", level="xa")
    village = UnitFactory(name="Thôn Đông Hồ", parent=ubnd, kind="khac", level="xa")
    council = CouncilFactory(name="Hội đồng Thi đua - Khen thưởng xã Tam Sơn", government=ubnd, level="co_so")
    staff = UserFactory(username="ts.vhxh", role=Role.PLAN_EDITOR, unit=ubnd, email="vhxh.tamson@example.vn")
    officer = UserFactory(username="ts.dongho", role=Role.UNIT_OFFICER, unit=village, email="dongho@example.vn")
    return Commune(ubnd=ubnd, village=village, council=council, staff=staff, officer=officer)


def submitted_medal(world, commune):
    """The village's youth-volunteer medal dossier with its declaration, sent to the commune."""
    dossier = make_dossier(world, award_code=MEDAL, officer=commune.officer)
    services.add_attachment(
        actor=commune.officer,
        dossier=dossier,
        uploaded=pdf("ban-khai.pdf"),
        kind="ban_khai",
        nominee=dossier.nominees.get(),
    )
    services.apply_transition(actor=commune.officer, dossier=dossier, name="submit")
    dossier.refresh_from_db()
    return dossier


def appraising_medal(world, commune):
    dossier = submitted_medal(world, commune)
    services.apply_transition(actor=commune.staff, dossier=dossier, name="start_appraisal")
    dossier.refresh_from_db()
    return dossier


def test_the_medal_goes_to_the_commune_the_unit_belongs_to_not_the_nearest_council(world, commune):
    medal = AwardType.objects.get(code=MEDAL)
    assert council_for(commune.village, medal) == commune.council
    assert council_for(commune.ubnd, medal) == commune.council
    # A voted award of the same village still goes to the nearest council on its way up.
    assert council_for(commune.village, AwardType.objects.get(code="lao-dong-tien-tien")) == commune.council
    dossier = make_dossier(world, award_code=MEDAL, officer=commune.officer)
    assert dossier.council == commune.council


def test_a_unit_of_the_province_cannot_file_the_medal_and_is_told_where_to(world, commune):
    with pytest.raises(ValidationError) as error:
        council_for(world.education, AwardType.objects.get(code=MEDAL))
    assert error.value.message_dict == {
        "award_type": [
            f"Hồ sơ “Huy chương Thanh niên xung phong vẻ vang” do Ủy ban nhân dân cấp xã nơi cư trú thẩm định "
            f"trước ({BASIS}); Sở Giáo dục và Đào tạo không thuộc xã, phường, đặc khu nào. Hãy lập hồ sơ tại Ủy ban "
            "nhân dân cấp xã."
        ]
    }
    with pytest.raises(ValidationError):
        make_dossier(world, award_code=MEDAL)
    assert not Dossier.objects.exists()


def test_a_commune_without_a_council_keeps_the_draft_and_refuses_to_send_it(world):
    ubnd = UnitFactory(name="Ủy ban nhân dân xã Đông Phong", parent=world.province, kind="ubnd", level="xa")
    officer = UserFactory(username="dp.vp", role=Role.UNIT_OFFICER, unit=ubnd, email="vp.dongphong@example.vn")
    with pytest.raises(NoCouncil) as error:
        council_for(ubnd, AwardType.objects.get(code=MEDAL))
    assert error.value.message_dict["award_type"] == [
        "Ủy ban nhân dân xã Đông Phong chưa có Hội đồng Thi đua - Khen thưởng trên cổng, nên chưa có nơi thẩm "
        "định hồ sơ “Huy chương Thanh niên xung phong vẻ vang”. Hãy đề nghị quản trị hệ thống lập Hội đồng."
    ]
    dossier = make_dossier(world, award_code=MEDAL, officer=officer)
    assert dossier.council is None  # the province's council does not take it in the commune's stead
    services.add_attachment(
        actor=officer, dossier=dossier, uploaded=pdf("ban-khai.pdf"), kind="ban_khai", nominee=dossier.nominees.get()
    )
    with pytest.raises(ValidationError) as error:
        services.apply_transition(actor=officer, dossier=dossier, name="submit")
    assert error.value.messages[0].startswith("Chưa gửi được: Ủy ban nhân dân xã Đông Phong chưa có Hội đồng")


def test_the_youth_volunteer_medal_is_not_put_to_the_councils_ballot(world, commune):
    dossier = appraising_medal(world, commune)
    with pytest.raises(ValidationError) as error:
        services.apply_transition(actor=commune.staff, dossier=dossier, name="mark_ready")
    assert error.value.messages == [
        f"“Huy chương Thanh niên xung phong vẻ vang” không đưa ra Hội đồng bỏ phiếu: thẩm định xong thì đề nghị "
        f"cấp trên ({BASIS})."
    ]
    assert [t.name for t in services.DOSSIER_WORKFLOW.available(dossier, commune.staff)] == [
        "request_papers",
        "mark_ready",
        "propose_upward",
    ]


def test_the_commune_appraises_first_the_province_cannot_act_in_its_stead(world, commune):
    dossier = submitted_medal(world, commune)
    assert not rules.has_perm("awards.appraise_dossier", world.staff, dossier)
    assert rules.has_perm("awards.appraise_dossier", commune.staff, dossier)


def test_the_commune_proposes_to_the_province_which_proposes_to_the_central_level(world, commune):
    dossier = appraising_medal(world, commune)
    services.apply_transition(actor=commune.staff, dossier=dossier, name="propose_upward")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.FORWARDED
    assert list(dossier.nominees.values_list("outcome", flat=True)) == [Outcome.FORWARDED]
    assert dossier.forwarded_on is not None
    # The province receives the commune's proposal in its own queue, with the same nominee.
    received = Dossier.objects.get(forwarded_from=dossier)
    assert (received.unit, received.council, received.status) == (commune.ubnd, world.council, "submitted")
    assert received.title == (
        "Tờ trình của Ủy ban nhân dân xã Tam Sơn đề nghị tặng Huy chương Thanh niên xung phong vẻ vang năm 2025"
    )
    assert list(received.nominees.values_list("full_name", flat=True)) == ["Nguyễn Thị Lan"]
    # The provincial chair's staff appraise it and propose it upward, again without a ballot.
    services.apply_transition(actor=world.staff, dossier=received, name="start_appraisal")
    services.apply_transition(actor=world.staff, dossier=received, name="propose_upward")
    received.refresh_from_db()
    assert received.status == DossierStatus.FORWARDED
    assert not Dossier.objects.filter(forwarded_from=received).exists()  # the top: the central level
    hops = ActivityLog.objects.filter(action__in=["dossier.propose_upward", "dossier.receive"]).order_by("pk")
    # each hop in the history: the province's receipt is written within the commune's transition
    assert [(row.action, row.target_id) for row in hops] == [
        ("dossier.receive", received.pk),
        ("dossier.propose_upward", dossier.pk),
        ("dossier.propose_upward", received.pk),
    ]


def test_a_voted_award_offers_no_proposal_without_a_vote(world):
    dossier = make_dossier(world, award_code="lao-dong-tien-tien")
    services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    services.apply_transition(actor=world.staff, dossier=dossier, name="start_appraisal")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.APPRAISING
    assert "propose_upward" not in [t.name for t in services.DOSSIER_WORKFLOW.available(dossier, world.staff)]
