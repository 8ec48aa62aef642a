"""A district's or commune's plan names its own offices without their place."""

from pathlib import Path

import pytest

from units.matching import UnitMatcher
from units.models import Unit
from units.registry import load_registry_file

pytestmark = pytest.mark.django_db

REGISTRY = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "units.json"


@pytest.fixture
def registry():
    load_registry_file(REGISTRY)


def resolve(issuer_name, text):
    matcher = UnitMatcher.for_issuer(Unit.objects.get(name=issuer_name))
    result = matcher.match(text)
    return (result.unit.name if result.unit else None, result.how)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Phòng Nội vụ", ("Phòng Nội vụ huyện Văn Lâm", "alias")),
        ("Phòng GD&ĐT", ("Phòng Giáo dục và Đào tạo huyện Văn Lâm", "alias")),
        ("UBND huyện", ("Ủy ban nhân dân huyện Văn Lâm", "alias")),
        ("Phòng Nội vụ huyện Khoái Châu", ("Phòng Nội vụ huyện Khoái Châu", "exact")),
        ("Sở Nội vụ", ("Sở Nội vụ", "exact")),
        ("UBND tỉnh", ("Ủy ban nhân dân tỉnh Hưng Yên", "alias")),
    ],
)
def test_district_plan_reads_its_own_short_names(registry, text, expected):
    assert resolve("Ủy ban nhân dân huyện Văn Lâm", text) == expected


def test_each_district_gets_its_own_office(registry):
    assert resolve("Ủy ban nhân dân huyện Khoái Châu", "Phòng Nội vụ") == ("Phòng Nội vụ huyện Khoái Châu", "alias")


def test_province_plan_does_not_guess_which_district(registry):
    matcher = UnitMatcher.for_issuer(Unit.objects.get(name="Ủy ban nhân dân tỉnh Hưng Yên"))
    result = matcher.match("Phòng Nội vụ")
    assert result.unit is None
    assert "Phòng Nội vụ huyện Văn Lâm" in [unit.name for unit in result.candidates]
