"""Names as plans write them: a plan's own UBND, HĐND and Văn phòng by their short forms, joined
forms with "&", units active on the plan's day, and names that stay text with the reason."""

import datetime

import pytest

from tests.factories import ProvinceFactory, UnitFactory
from units.matching import AMBIGUOUS, INACTIVE, UNKNOWN, Tier, UnitMatcher, normalize_name
from units.models import Unit, UnitKind, UnitLevel

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)
CLOSED = datetime.date(2025, 6, 30)


@pytest.fixture
def city():
    """A centrally-run city with no aliases at all, a commune, and a district closed by the reform."""
    root = ProvinceFactory(name="Ủy ban nhân dân thành phố Hải Phòng")
    UnitFactory(name="Hội đồng nhân dân thành phố Hải Phòng", kind=UnitKind.PEOPLES_COUNCIL, parent=root)
    UnitFactory(name="Văn phòng Ủy ban nhân dân thành phố", parent=root)
    UnitFactory(name="Sở Giáo dục và Đào tạo", parent=root)
    UnitFactory(name="Ban Thi đua - Khen thưởng", parent=root)
    commune = UnitFactory(
        name="Ủy ban nhân dân xã An Lão",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.COMMUNE,
        parent=root,
        active_from=REFORM,
    )
    UnitFactory(name="Văn phòng HĐND và UBND xã An Lão", level=UnitLevel.COMMUNE, parent=commune, active_from=REFORM)
    UnitFactory(name="Hội đồng nhân dân xã An Lão", kind=UnitKind.PEOPLES_COUNCIL, parent=commune, active_from=REFORM)
    district = UnitFactory(
        name="Ủy ban nhân dân huyện An Lão",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.DISTRICT,
        parent=root,
        active_to=CLOSED,
        successor=commune,
    )
    UnitFactory(
        name="Ban Thi đua - Khen thưởng", parent=district, level=UnitLevel.DISTRICT, active_to=CLOSED
    )  # the district's, same name as the city's
    return root


def unit_of(issuer_name, text, on=None):
    issuer = Unit.objects.get(name=issuer_name)
    result = UnitMatcher.for_issuer(issuer, on=on).match(text)
    return (result.unit.name if result.unit else None, result.how, result.problem)


CITY = "Ủy ban nhân dân thành phố Hải Phòng"
COMMUNE = "Ủy ban nhân dân xã An Lão"
DAY_2026 = datetime.date(2026, 1, 1)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("UBND Thành phố", (CITY, "alias", "")),
        ("Ủy ban nhân dân thành phố", (CITY, "alias", "")),
        ("HĐND thành phố", ("Hội đồng nhân dân thành phố Hải Phòng", "alias", "")),
        ("VP UBND TP", ("Văn phòng Ủy ban nhân dân thành phố", "exact", "")),
        ("Sở GDĐT", ("Sở Giáo dục và Đào tạo", "exact", "")),
        ("Sở GD & ĐT thành phố Hải Phòng", ("Sở Giáo dục và Đào tạo", "exact", "")),
        # The city's own Ban, not the closed district's: the issuer's administration first.
        ("Ban Thi đua - Khen thưởng", ("Ban Thi đua - Khen thưởng", "exact", "")),
    ],
)
def test_a_citys_plan_names_its_own_bodies_by_short_forms_without_any_alias(city, text, expected):
    assert unit_of(CITY, text, on=DAY_2026) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("UBND xã", (COMMUNE, "alias", "")),
        ("Văn phòng HĐND&UBND", ("Văn phòng HĐND và UBND xã An Lão", "alias", "")),
        ("VP HĐND & UBND xã", ("Văn phòng HĐND và UBND xã An Lão", "alias", "")),
        ("HĐND xã", ("Hội đồng nhân dân xã An Lão", "alias", "")),
        ("UBND thành phố", (CITY, "alias", "")),  # the commune's plan naming the city above it
    ],
)
def test_a_communes_plan_names_its_own_ubnd_hdnd_and_office(city, text, expected):
    assert unit_of(COMMUNE, text, on=DAY_2026) == expected


def test_the_joined_form_is_spelled_out_on_each_side():
    assert normalize_name("Văn phòng HĐND&UBND") == normalize_name("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân")
    assert normalize_name("GD&ĐT") == normalize_name("GDĐT") == "giao duc va dao tao"


def test_a_closed_unit_named_in_a_later_plan_links_its_successor(city):
    matcher = UnitMatcher.for_issuer(Unit.objects.get(name=CITY), on=DAY_2026)
    result = matcher.match("UBND huyện An Lão")
    assert (result.unit.name, result.replaced.name, result.how) == (COMMUNE, "Ủy ban nhân dân huyện An Lão", "exact")
    # In a plan of its own time the district is itself.
    earlier = UnitMatcher.for_issuer(Unit.objects.get(name=CITY), on=datetime.date(2025, 1, 1)).match(
        "UBND huyện An Lão"
    )
    assert (earlier.unit.name, earlier.replaced) == ("Ủy ban nhân dân huyện An Lão", None)


def test_a_unit_not_yet_created_on_the_plans_day_is_not_linked(city):
    result = UnitMatcher.for_issuer(Unit.objects.get(name=CITY), on=datetime.date(2025, 1, 1)).match(
        "Văn phòng HĐND và UBND xã An Lão"
    )
    assert (result.unit, result.problem, [u.name for u in result.candidates]) == (
        None,
        INACTIVE,
        ["Văn phòng HĐND và UBND xã An Lão"],
    )
    assert "không hoạt động vào ngày của kế hoạch" in result.problem_message


def test_a_name_two_units_share_equally_is_reported_never_guessed(city):
    root = Unit.objects.get(name=CITY)
    other = UnitFactory(name="Ủy ban nhân dân xã Tân Tiến", kind=UnitKind.PEOPLES_COMMITTEE, parent=root)
    for commune in (Unit.objects.get(name=COMMUNE), other):
        UnitFactory(name="Trường Tiểu học Kim Đồng", parent=commune, kind=UnitKind.SCHOOL)
    result = UnitMatcher.for_issuer(root, on=DAY_2026).match("Trường Tiểu học Kim Đồng")
    assert (result.unit, result.problem, len(result.candidates)) == (None, AMBIGUOUS, 2)
    assert result.problem_message.startswith("“Trường Tiểu học Kim Đồng” có thể là nhiều đơn vị")
    # The commune's own plan means its own school.
    own = UnitMatcher.for_issuer(Unit.objects.get(name=COMMUNE), on=DAY_2026).match("Trường Tiểu học Kim Đồng")
    assert own.unit.parent.name == COMMUNE


def test_unknown_text_says_so(city):
    result = UnitMatcher.for_issuer(Unit.objects.get(name=CITY), on=DAY_2026).match("Các cơ quan, đơn vị liên quan")
    assert (result.unit, result.problem) == (None, UNKNOWN)


def test_ranked_puts_what_the_import_would_link_first_then_prefixes_words_and_look_alikes(city):
    matcher = UnitMatcher.for_issuer(Unit.objects.get(name=COMMUNE), on=DAY_2026)
    assert [(unit.name, tier) for unit, tier in matcher.ranked("UBND xã")][:3] == [
        (COMMUNE, Tier.OWN),
        ("Văn phòng HĐND và UBND xã An Lão", Tier.WORDS),
        ("Hội đồng nhân dân xã An Lão", Tier.SIMILAR),
    ]
    ranked = [(unit.name, tier) for unit, tier in matcher.ranked("ban thi dua")]
    # Only the city's Ban: the district's closed before the plan's day.
    assert ranked == [("Ban Thi đua - Khen thưởng", Tier.PREFIX)]
    assert [(unit.name, tier) for unit, tier in matcher.ranked("giao duc")] == [("Sở Giáo dục và Đào tạo", Tier.WORDS)]
    assert matcher.ranked("Sở GD&ĐT")[0] == (Unit.objects.get(name="Sở Giáo dục và Đào tạo"), Tier.NAME)


def test_matching_after_construction_makes_no_queries_even_through_successors(city, django_assert_num_queries):
    matcher = UnitMatcher.for_issuer(Unit.objects.get(name=CITY), on=DAY_2026)
    with django_assert_num_queries(0):
        assert matcher.match("UBND huyện An Lão").unit.name == COMMUNE
        matcher.ranked("an lao")
