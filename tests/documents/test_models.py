import datetime

import pytest

from awards.models import Decision
from documents.models import OfficialDocument
from plans.models import Plan

HEADER_FIELDS = {
    "parent_body_line",
    "issuing_body_line",
    "number",
    "symbol",
    "place",
    "issued_on",
    "title",
    "legal_bases",
    "recipients",
    "signer_authority",
    "signer_position",
    "signer_name",
}


@pytest.mark.parametrize("model", [Plan, Decision])
def test_every_printed_document_takes_its_header_from_one_place(model):
    assert issubclass(model, OfficialDocument)
    names = {field.name for field in model._meta.get_fields()}
    assert HEADER_FIELDS <= names


def test_header_lines_and_reference_read_the_same_for_a_plan_and_a_decision():
    texts = {
        "number": "12",
        "place": "Bắc Ninh",
        "issued_on": datetime.date(2025, 3, 5),
        "legal_bases": "  Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n\n Nghị định số 152/2025/NĐ-CP\n",
        "recipients": "Như Điều 3;\n  Lưu: VT.",
    }
    plan = Plan(symbol="KH-UBND", **texts)
    decision = Decision(symbol="QĐ-UBND", **texts)
    assert plan.reference == "12/KH-UBND"
    assert decision.reference == "12/QĐ-UBND"
    for document in (plan, decision):
        assert document.legal_basis_lines == [
            "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "Nghị định số 152/2025/NĐ-CP",
        ]
        assert document.recipient_lines == ["Như Điều 3;", "Lưu: VT."]
        assert document.date_line == "Bắc Ninh, ngày 05 tháng 3 năm 2025"
    assert Plan(symbol="KH-UBND").reference == "    /KH-UBND"


def test_each_document_keeps_its_own_symbol_example_in_the_message():
    from django.core.exceptions import ValidationError

    for model, example in ((Plan, "KH-UBND"), (Decision, "QĐ-UBND")):
        field = model._meta.get_field("symbol")
        with pytest.raises(ValidationError) as refused:
            field.run_validators("KH - UBND")
        assert refused.value.messages == [f"Ký hiệu viết liền, các phần nối bằng “-”, ví dụ {example}."]
