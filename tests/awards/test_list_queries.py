"""The award lists page their rows: the same queries for N dossiers, decisions or sessions as for 3N."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.filters import DossierFilter
from awards.models import Decision
from awards.selectors import visible_dossiers, visible_sessions
from tests.factories import (
    CouncilFactory,
    CouncilMemberFactory,
    CouncilSessionFactory,
    DossierFactory,
    ProvinceFactory,
    UnitFactory,
    UserFactory,
)
from units.models import Role

pytestmark = pytest.mark.django_db


def queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured), response.content.decode()


def add_rows(count, award_type, council, start):
    province = council.government
    for n in range(start, start + count):
        session = CouncilSessionFactory(council=council)
        DossierFactory(award_type=award_type, unit=province, title=f"Hồ sơ đề nghị số {n}", session=session)
        Decision.objects.create(
            issuing_unit=province,
            number=str(100 + n),
            issued_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
            award_type=award_type,
            title=f"Quyết định khen thưởng số {n}",
            signer_name="Nguyễn Văn A",
        )


@pytest.mark.parametrize(
    ("name", "marker"),
    [
        ("awards:list", "Hồ sơ đề nghị số "),
        ("awards:decisions", "Quyết định khen thưởng số "),
        ("awards:sessions", "Phiên họp thứ "),
    ],
)
def test_an_award_list_costs_the_same_for_n_and_3n_rows(client, catalogue, name, marker):
    council = CouncilFactory(government=ProvinceFactory())
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    award_type = next(iter(catalogue.values()))
    url = reverse(name)
    add_rows(30, award_type, council, 0)
    few, _ = queries(client, url)
    add_rows(60, award_type, council, 30)
    many, html = queries(client, url)
    second, second_html = queries(client, url, {"trang": 2})
    assert many == few == second
    assert html.count(marker) == 50 and "Trang 1/2" in html
    assert second_html.count(marker) == 40 and "Trang 2/2" in second_html


def test_the_session_list_pages_newest_first_with_every_session_once(client):
    """Django leaves Meta.ordering out of a grouped query: the list orders itself, ties by id."""
    council = CouncilFactory()
    start, week = datetime.datetime(2025, 1, 6, 8, 0, tzinfo=datetime.UTC), datetime.timedelta(weeks=1)
    made = [
        CouncilSessionFactory(council=council, title=f"Phiên {n:02d}", meets_at=start + week * (n // 2))
        for n in range(60)
    ]
    client.force_login(UserFactory(role=Role.ADMIN, unit=None))
    shown = []
    for page in (1, 2):
        html = queries(client, reverse("awards:sessions"), {"trang": page})[1]
        shown += [s.title for s in made if f">{s.title}<" in html]
    expected = [s.title for s in sorted(made, key=lambda s: (s.meets_at, s.pk), reverse=True)]
    assert sorted(shown) == sorted(expected)  # every session once across the pages
    first_page = queries(client, reverse("awards:sessions"))[1]
    positions = [first_page.index(f">{title}<") for title in expected[:50]]
    assert positions == sorted(positions)


def test_the_dossier_filter_offers_each_award_type_with_dossiers_once(catalogue):
    """Found with EXISTS, not by joining every dossier and dropping the duplicates: the choices
    cost the same however many dossiers the country holds."""
    council = CouncilFactory(government=ProvinceFactory())
    first, second = list(catalogue.values())[:2]
    add_rows(3, first, council, 0)
    add_rows(1, second, council, 3)
    choices = DossierFilter().filters["award_type"].queryset
    assert sorted(t.pk for t in choices) == sorted([first.pk, second.pk])
    sql = str(choices.query)
    assert "EXISTS" in sql and "DISTINCT" not in sql


def test_each_session_counts_its_own_dossiers_without_grouping_the_list(catalogue):
    """A count per row, not a grouped count over the join: the page is read off the newest-first
    index and stops at its last row; the members' join cannot multiply the count."""
    council = CouncilFactory(government=ProvinceFactory())
    member = CouncilMemberFactory(council=council).user
    CouncilMemberFactory(council=council)
    award_type = next(iter(catalogue.values()))
    sessions = [CouncilSessionFactory(council=council) for _ in range(3)]
    for session, count in zip(sessions, (0, 1, 3), strict=True):
        for _ in range(count):
            DossierFactory(award_type=award_type, unit=council.government, session=session)
    admin = UserFactory(role=Role.ADMIN, unit=None)
    for user in (admin, member):
        counts = {s.pk: s.dossier_count for s in visible_sessions(user)}
        assert counts == {sessions[0].pk: 0, sessions[1].pk: 1, sessions[2].pk: 3}
    assert "GROUP BY" not in str(visible_sessions(admin).query).split("FROM")[-1]


def test_a_dossier_seen_two_ways_is_listed_once_without_joining_every_dossier(catalogue):
    """The secretary of a Sở's council sits on its session and receives its dossiers: the dossier
    is seen both ways, listed once, by subqueries rather than joins made DISTINCT."""
    agency = UnitFactory()
    council = CouncilFactory(government=agency, level="co_so")
    secretary = CouncilMemberFactory(council=council, role="thu_ky").user
    CouncilMemberFactory(council=council)
    session = CouncilSessionFactory(council=council)
    award_type = next(iter(catalogue.values()))
    seen = DossierFactory(award_type=award_type, unit=agency, council=council, session=session)
    DossierFactory(award_type=award_type, unit=UnitFactory(), council=CouncilFactory(), session=None)
    dossiers = visible_dossiers(secretary)
    assert list(dossiers) == [seen]
    assert "DISTINCT" not in str(dossiers.query)
