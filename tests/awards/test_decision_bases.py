"""A decision cites the laws and decrees in force on the day it is signed, not on the day it is
typed: a "Căn cứ" line naming a `LegalText` not in force on the signing day refuses the decision,
naming the text, its dates and what to cite instead. Nothing is rewritten behind the user's back."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activity.models import ActivityLog
from awards import citations, services
from awards.models import AwardRecord, Decision, LegalText, Prize

from .conftest import approve_on_session, decision_data, make_ready

pytestmark = pytest.mark.django_db

LOCAL_GOVERNMENT_72 = "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;"
EMULATION_LAW = "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;"
DECREE_98 = (
    "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số"
    " điều của Luật Thi đua, khen thưởng"
)
DECREE_152 = (
    "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, phân quyền"
    " trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật Thi đua,"
    " khen thưởng"
)
MINUTES = "Căn cứ Biên bản số 07/BB-HĐTĐKT ngày 05 tháng 3 năm 2025 của Hội đồng Thi đua - Khen thưởng tỉnh;"


@pytest.fixture
def voted(world):
    """Lan, approved by the council and waiting for her decision."""
    return approve_on_session(world, make_ready(world))


def issue(world, dossier, day, bases):
    return services.issue_decision(
        actor=world.staff,
        session=world.session,
        award_type=dossier.award_type,
        data=decision_data(world, day, legal_bases="\n".join(bases)),
        nominees=list(dossier.nominees.all()),
    )


def assert_nothing_written(dossier):
    assert not Decision.objects.exists()
    assert not AwardRecord.objects.exists()
    assert not Prize.objects.exists()
    assert not ActivityLog.objects.filter(action="decision.issue").exists()
    assert dossier.nominees.get().decision_id is None


def test_the_offered_lines_of_a_day_before_the_decree_changed_are_refused_on_a_later_signing_day(world, voted):
    # Typed on 30/06/2025, the last day of Decree 98/2023, signed the next day under Decree 152/2025.
    typed = [*citations.legal_bases(datetime.date(2025, 6, 30)), MINUTES]
    assert typed == [LOCAL_GOVERNMENT_72, EMULATION_LAW, f"Căn cứ {DECREE_98};", MINUTES]

    with pytest.raises(ValidationError) as refused:
        issue(world, voted, datetime.date(2025, 7, 1), typed)

    assert refused.value.message_dict == {
        "legal_bases": [
            f"Căn cứ “{DECREE_98}” không còn hiệu lực ngày ký 01/07/2025 (hết hiệu lực từ 01/07/2025). "
            f"Văn bản đang có hiệu lực ngày đó: {DECREE_152}.",
            "Các căn cứ có hiệu lực ngày ký 01/07/2025, mỗi căn cứ một dòng:",
            LOCAL_GOVERNMENT_72,
            EMULATION_LAW,
            f"Căn cứ {DECREE_152};",
        ]
    }
    assert_nothing_written(voted)

    decision = issue(
        world, voted, datetime.date(2025, 7, 1), [*citations.legal_bases(datetime.date(2025, 7, 1)), MINUTES]
    )
    assert decision.legal_basis_lines == [LOCAL_GOVERNMENT_72, EMULATION_LAW, f"Căn cứ {DECREE_152};", MINUTES]
    assert list(AwardRecord.objects.values_list("full_name", "decided_on")) == [
        ("Nguyễn Thị Lan", datetime.date(2025, 7, 1))
    ]


def test_a_decree_is_refused_the_day_before_it_takes_effect(world, voted):
    # Dated ahead the other way: the lines of 01/07/2025 on a decision signed 30/06/2025.
    with pytest.raises(ValidationError) as refused:
        issue(world, voted, datetime.date(2025, 6, 30), citations.legal_bases(datetime.date(2025, 7, 1)))

    assert refused.value.message_dict["legal_bases"][0] == (
        f"Căn cứ “{DECREE_152}” chưa có hiệu lực ngày ký 30/06/2025 (có hiệu lực từ 01/07/2025). "
        f"Văn bản đang có hiệu lực ngày đó: {DECREE_98}."
    )
    assert refused.value.message_dict["legal_bases"][-1] == f"Căn cứ {DECREE_98};"
    assert_nothing_written(voted)


@pytest.mark.parametrize(
    "day",
    [
        datetime.date(2025, 7, 1),  # the first day of Decree 152/2025 (in_force_from counts)
        datetime.date(2025, 12, 30),  # signed 30/12/2025, typed in January: still the same texts
    ],
)
def test_a_decision_citing_the_texts_in_force_on_its_signing_day_is_issued(world, voted, day):
    decision = issue(world, voted, day, citations.legal_bases(day))
    assert decision.issued_on == day
    assert Decision.objects.get().legal_basis_lines == [LOCAL_GOVERNMENT_72, EMULATION_LAW, f"Căn cứ {DECREE_152};"]


def test_a_text_is_in_force_through_its_last_day(world, voted):
    # Decree 98/2023 runs until 30/06/2025 inclusive: a decision signed that day cites it.
    assert LegalText.objects.get(number="98/2023/NĐ-CP").in_force_to == datetime.date(2025, 6, 30)
    decision = issue(world, voted, datetime.date(2025, 6, 30), citations.legal_bases(datetime.date(2025, 6, 30)))
    assert decision.legal_basis_lines[-1] == f"Căn cứ {DECREE_98};"


def test_free_text_and_lines_that_cite_no_known_text_are_not_judged(world, voted):
    typed = [
        "Căn cứ Luật Thi đua, khen thưởng;",  # typed by hand, not as the catalogue writes it
        "Căn cứ Nghị định số 98/2023/NĐ-CP;",
        MINUTES,
    ]
    decision = issue(world, voted, datetime.date(2025, 7, 1), typed)
    assert decision.legal_basis_lines == typed


def test_a_catalogue_line_with_stray_spaces_or_no_semicolon_is_still_checked(world, voted):
    with pytest.raises(ValidationError) as refused:
        issue(world, voted, datetime.date(2025, 7, 1), [f"  Căn cứ  {DECREE_98}"])
    assert refused.value.message_dict["legal_bases"][0].startswith(f"Căn cứ “{DECREE_98}” không còn hiệu lực")


def test_a_text_not_cited_in_decisions_is_left_to_the_user(world, voted):
    LegalText.objects.filter(number="98/2023/NĐ-CP").update(cited_in_decisions=False)
    decision = issue(world, voted, datetime.date(2025, 7, 1), [f"Căn cứ {DECREE_98};"])
    assert decision.legal_basis_lines == [f"Căn cứ {DECREE_98};"]


def test_a_law_replaced_with_no_text_in_its_place_is_refused_without_naming_a_successor(world, voted):
    # The 2019 amendment ended on 28/02/2025 and nothing took its place in the list.
    amendment = LegalText.objects.get(number="47/2019/QH14")
    with pytest.raises(ValidationError) as refused:
        issue(world, voted, datetime.date(2025, 3, 12), [amendment.citation + ";"])
    assert refused.value.message_dict["legal_bases"][:2] == [
        f"Căn cứ “{amendment.citation.removeprefix('Căn cứ ')}” không còn hiệu lực ngày ký 12/03/2025"
        " (hết hiệu lực từ 01/03/2025).",
        "Các căn cứ có hiệu lực ngày ký 12/03/2025, mỗi căn cứ một dòng:",
    ]


def test_the_form_shows_the_refusal_and_the_lines_to_cite_and_keeps_what_was_typed(client, world, voted):
    client.force_login(world.staff)
    url = reverse("awards:decision_create", args=[world.session.pk, voted.award_type_id])
    initial = client.get(url).context["form"].initial
    typed = "\n".join([*citations.legal_bases(datetime.date(2025, 6, 30)), MINUTES])
    data = {
        **{name: value for name, value in initial.items() if isinstance(value, str)},
        "issuing_unit": world.province.pk,
        "issued_on": "01/07/2025",
        "legal_bases": typed,
        "signer_position": "PHÓ CHỦ TỊCH",
        "nominees": [n.pk for n in voted.nominees.all()],
    }
    response = client.post(url, data)

    assert response.status_code == 200
    form = response.context["form"]
    errors = list(form.errors["legal_bases"])
    assert errors[0].startswith(f"Căn cứ “{DECREE_98}” không còn hiệu lực ngày ký 01/07/2025")
    assert errors[1:] == [
        "Các căn cứ có hiệu lực ngày ký 01/07/2025, mỗi căn cứ một dòng:",
        LOCAL_GOVERNMENT_72,
        EMULATION_LAW,
        f"Căn cứ {DECREE_152};",
    ]
    assert f"<li>{EMULATION_LAW}</li>" in response.content.decode()  # one line to copy per item
    assert form["legal_bases"].value() == typed  # shown again as typed, for the user to correct
    assert_nothing_written(voted)
