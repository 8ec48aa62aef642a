import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.catalogue import load_catalogue
from awards.models import AwardType, Dossier, DossierStatus
from emulation import services
from emulation.models import AwardProposal

from .conftest import score


@pytest.fixture
def published(block):
    load_catalogue(AwardType)
    score(block, block.alpha_user, block.alpha, c1="10", c2="20")  # 30, first
    score(block, block.beta_user, block.beta, c1="9", c2="20")  # 29, second
    score(block, block.leader_user, block.leader, c1="5")  # 5, third
    services.publish_ranking(actor=block.leader_user, table=block.table)
    return block


def award(code):
    return AwardType.objects.get(code=code)


def test_proposal_starts_one_draft_dossier_per_award_type_in_the_leader_units_name(published):
    block = published
    flag, merit = award("co-thi-dua-tinh"), award("bang-khen-chu-tich-tinh")
    dossiers = services.propose_for_awards(
        actor=block.leader_user,
        table=block.table,
        choices={block.alpha.pk: flag.pk, block.beta.pk: merit.pk, block.leader.pk: merit.pk},
    )
    assert [(d.award_type.code, d.unit, d.status, d.year) for d in dossiers] == [
        ("co-thi-dua-tinh", block.leader, DossierStatus.DRAFT, 2025),
        ("bang-khen-chu-tich-tinh", block.leader, DossierStatus.DRAFT, 2025),
    ]
    assert dossiers[0].title == (
        "Đề nghị tặng Cờ thi đua của bộ, ban, ngành, tỉnh năm 2025 cho Sở Tư pháp (Khối các cơ quan tổng hợp)"
    )
    assert [(n.unit.name, n.achievement) for n in dossiers[1].nominees.order_by("position_in_list")] == [
        ("Sở Tài chính", "Xếp hạng 2/3 Khối các cơ quan tổng hợp năm 2025, tổng điểm 29."),
        ("Sở Nội vụ", "Xếp hạng 3/3 Khối các cơ quan tổng hợp năm 2025, tổng điểm 5."),
    ]
    assert list(AwardProposal.objects.values_list("unit__name", "rank")) == [
        ("Sở Tư pháp", 1),
        ("Sở Tài chính", 2),
        ("Sở Nội vụ", 3),
    ]


def test_a_unit_is_proposed_once_and_bad_choices_write_nothing(published):
    block = published
    flag = award("co-thi-dua-tinh")
    services.propose_for_awards(actor=block.leader_user, table=block.table, choices={block.alpha.pk: flag.pk})
    individual_only = award("chien-si-thi-dua-co-so")
    with pytest.raises(ValidationError) as caught:
        services.propose_for_awards(
            actor=block.leader_user,
            table=block.table,
            choices={block.alpha.pk: flag.pk, block.beta.pk: individual_only.pk, block.leader.pk: ""},
        )
    assert caught.value.messages == [
        "Sở Tư pháp đã được đề nghị khen thưởng từ kết quả năm 2025.",
        "Chọn danh hiệu, hình thức khen thưởng tập thể cho Sở Tài chính.",
        "Chọn danh hiệu, hình thức khen thưởng tập thể cho Sở Nội vụ.",
    ]
    assert Dossier.objects.count() == 1


def test_no_proposal_before_publishing(block):
    load_catalogue(AwardType)
    with pytest.raises(ValidationError, match="sau khi đã công bố"):
        services.propose_for_awards(
            actor=block.leader_user, table=block.table, choices={block.alpha.pk: award("co-thi-dua-tinh").pk}
        )


def test_only_the_leader_proposes_and_the_form_suggests_the_flag_for_the_first(client, published):
    block = published
    url = reverse("emulation:propose", args=[block.group.pk])
    client.force_login(block.alpha_user)
    assert client.post(url, {f"unit-{block.alpha.pk}": "on"}).status_code == 403
    client.force_login(block.leader_user)
    page = client.get(reverse("emulation:ranking", args=[block.group.pk])).content.decode()
    flag = award("co-thi-dua-tinh")
    assert f'name="unit-{block.alpha.pk}" id="propose-{block.alpha.pk}" checked' in page
    assert f'<option value="{flag.pk}" selected>Cờ thi đua của bộ, ban, ngành, tỉnh</option>' in page
    response = client.post(url, {f"unit-{block.alpha.pk}": "on", f"award-{block.alpha.pk}": flag.pk}, follow=True)
    assert "Đã tạo 1 hồ sơ đề nghị (đang soạn)" in response.content.decode()
    assert "Hạng 1 – Sở Tư pháp: Cờ thi đua của bộ, ban, ngành, tỉnh" in response.content.decode()
    assert Dossier.objects.get().nominees.get().unit == block.alpha


def test_candidates_start_with_the_flag_for_the_first_and_skip_the_proposed(published):
    from emulation.selectors import ranking

    block = published
    flag, merit = award("co-thi-dua-tinh"), award("bang-khen-chu-tich-tinh")
    _, candidates = services.proposal_candidates(block.table, ranking(block.table))
    assert [(c["row"].unit.name, c["checked"], c["award_type"]) for c in candidates] == [
        ("Sở Tư pháp", True, flag.pk),
        ("Sở Tài chính", False, merit.pk),
        ("Sở Nội vụ", False, merit.pk),
    ]
    services.propose_for_awards(actor=block.leader_user, table=block.table, choices={block.alpha.pk: flag.pk})
    _, candidates = services.proposal_candidates(block.table, ranking(block.table))
    assert [c["row"].unit.name for c in candidates] == ["Sở Tài chính", "Sở Nội vụ"]
