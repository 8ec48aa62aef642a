import pytest

from plans.printing import plan_filename
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_file_names_say_what_the_document_is():
    issued = PlanFactory(number="196", symbol="KH-UBND", year=2025, status="issued")
    draft = PlanFactory(number="", year=2026)
    assert plan_filename(issued) == "ke-hoach-196-kh-ubnd-2025.pdf"
    assert plan_filename(draft) == f"du-thao-ke-hoach-2026-{draft.pk}.pdf"
