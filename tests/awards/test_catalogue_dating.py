"""The catalogue row a decision uses is the one in force on its signing day: a row a decree
replaced gives way to its successor, and a day no row covers is refused by name."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards import services
from awards.models import AwardRecord, AwardType

from .conftest import approve_on_session, decision_data, make_ready

pytestmark = pytest.mark.django_db


def test_a_decision_signed_after_a_row_was_replaced_uses_the_row_in_force(world):
    nominee = approve_on_session(world, make_ready(world)).nominees.get()
    old = AwardType.objects.get(code="lao-dong-tien-tien")
    new = AwardType.objects.get(pk=old.pk)
    new.pk, new.code, new.name = None, "lao-dong-tien-tien-moi", "Lao động tiên tiến (quy định mới)"
    new.valid_from = datetime.date(2025, 7, 1)
    new.save()
    old.valid_to, old.successor = datetime.date(2025, 6, 30), new
    old.save()

    with pytest.raises(ValidationError) as refused:
        services.issue_decision(
            actor=world.staff,
            session=world.session,
            award_type=old,
            data=decision_data(world, datetime.date(2023, 12, 20)),
            nominees=[nominee],
        )
    assert refused.value.message_dict == {
        "issued_on": [
            "“Lao động tiên tiến” không áp dụng ngày 20/12/2023 (áp dụng từ 01/01/2024 đến 30/06/2025); "
            "không ban hành được quyết định ký ngày này."
        ]
    }
    decision = services.issue_decision(
        actor=world.staff,
        session=world.session,
        award_type=old,
        data=decision_data(world, datetime.date(2025, 7, 15)),
        nominees=[nominee],
    )
    assert decision.award_type == new
    assert list(AwardRecord.objects.values_list("award_type__code", flat=True)) == ["lao-dong-tien-tien-moi"]


def test_a_title_replaced_by_a_decree_still_counts_in_the_history(world):
    from awards.eligibility import check_dossier

    from .conftest import make_dossier

    old = AwardType.objects.get(code="chien-si-thi-dua-co-so")
    new = AwardType.objects.get(pk=old.pk)
    new.pk, new.code, new.valid_from = None, "chien-si-thi-dua-co-so-moi", datetime.date(2025, 7, 1)
    new.save()
    old.valid_to, old.successor = datetime.date(2025, 6, 30), new
    old.save()
    for code, year in (("chien-si-thi-dua-co-so", 2023), ("chien-si-thi-dua-co-so", 2024), (new.code, 2025)):
        AwardRecord.objects.create(
            award_type=AwardType.objects.get(code=code),
            year=year,
            full_name="Nguyễn Thị Lan",
            birth_year=1980,
            unit=world.education,
            decision_reference=f"{year}/QĐ",
        )
    dossier = make_dossier(world, award_code="chien-si-thi-dua-tinh")
    first = next(iter(check_dossier(dossier).values()))[0]
    assert (first.passed, first.sentence) == (
        True,
        "Đạt: cần 3 năm liên tục đạt “Chiến sĩ thi đua cơ sở” (2023–2025); sổ vàng ghi nhận các năm 2023, 2024, 2025.",
    )
