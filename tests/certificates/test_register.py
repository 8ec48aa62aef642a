"""The register (sổ theo dõi cấp phát): numbers in the deciding unit's sequence, reprints keep theirs."""

import io

import pytest
from openpyxl import load_workbook

from activity.models import ActivityLog
from certificates import register, services
from certificates.models import Issue
from tests.documents.pdf_tools import Pdf
from tests.factories import ProvinceFactory, UserFactory
from units.models import Role


def numbers():
    return list(Issue.objects.order_by("id").values_list("recipient", "number", "reprint_of__number"))


@pytest.mark.django_db
def test_each_first_print_takes_the_next_number_and_a_reprint_keeps_it(world):
    services.print_certificates(actor=world.staff, decision=world.decision, nominee_ids=[world.binh.pk])
    pdf = Pdf(services.print_certificates(actor=world.staff, decision=world.decision))
    assert numbers() == [
        ("Trần Văn Bình", 1, None),
        ("Nguyễn Thị Hằng Ước", 2, None),
        ("Trần Văn Bình", 1, 1),
    ]
    # The register number is printed where the layout has it; Bình's reprint still says 1.
    assert [w.text for w in pdf.words(1) if w.text in ("Số:", "1", "2")] == ["Số:", "2"]
    assert [w.text for w in pdf.words(2) if w.text in ("Số:", "1", "2")] == ["Số:", "1"]
    reprint = Issue.objects.get(reprint_of__isnull=False)
    assert (reprint.printed_by, reprint.is_reprint) == (world.staff, True)
    logs = ActivityLog.objects.filter(action="certificate.print").order_by("id")
    assert [log.summary for log in logs] == [
        "In 1 Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh theo Quyết định 1520/QĐ-UBND",
        "In 2 Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh theo Quyết định 1520/QĐ-UBND (1 bản in lại)",
    ]


@pytest.mark.django_db
def test_the_register_exports_to_xlsx_with_reprints_marked(world):
    services.print_certificates(actor=world.staff, decision=world.decision)
    services.print_certificates(actor=world.staff, decision=world.decision, nominee_ids=[world.lan.pk])
    sheet = load_workbook(io.BytesIO(register.workbook(register.visible_issues(world.staff)))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "SỔ THEO DÕI CẤP PHÁT BẰNG KHEN, GIẤY KHEN"
    assert rows[1][0] == "Cơ quan quyết định: Ủy ban nhân dân tỉnh Bắc Ninh"
    assert rows[2] == register.HEADERS
    body = [(r[0], r[1], r[3], r[4], r[6], r[7]) for r in rows[3:]]
    staff = str(world.staff)
    assert body == [
        (1, "Nguyễn Thị Hằng Ước", "1520/QĐ-UBND", "20/12/2025", staff, None),
        (1, "Nguyễn Thị Hằng Ước", "1520/QĐ-UBND", "20/12/2025", staff, "In lại"),
        (2, "Trần Văn Bình", "1520/QĐ-UBND", "20/12/2025", staff, None),
    ]


@pytest.mark.django_db
def test_an_editor_of_another_province_sees_none_of_this_register(world):
    services.print_certificates(actor=world.staff, decision=world.decision)
    other = UserFactory(role=Role.PLAN_EDITOR, unit=ProvinceFactory())
    assert not register.visible_issues(other).exists()
    assert register.visible_issues(world.staff).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_printings_at_once_never_give_one_number_twice(world):
    from tests.concurrently import run_at_once

    run_at_once(
        lambda: services.print_certificates(actor=world.staff, decision=world.decision, nominee_ids=[world.lan.pk]),
        lambda: services.print_certificates(actor=world.staff, decision=world.decision, nominee_ids=[world.binh.pk]),
        holding=world.province,  # the deciding unit's row is the register's lock
    )
    assert sorted(Issue.objects.values_list("number", flat=True)) == [1, 2]
