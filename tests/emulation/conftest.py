import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from emulation import services
from emulation.models import CriterionKind
from tests.factories import ProvinceFactory, UnitFactory, UserFactory
from units.models import EmulationGroup, EmulationGroupKind, EmulationGroupMembership, MembershipRole, Role


def make_group(name, organiser, units_roles, year=2025):
    group = EmulationGroup.objects.create(name=name, kind=EmulationGroupKind.BLOCK, year=year, organiser=organiser)
    for unit, role in units_roles:
        EmulationGroupMembership.objects.create(group=group, unit=unit, role=role)
    return group


def officer(unit, username):
    return UserFactory(username=username, role=Role.UNIT_OFFICER, unit=unit)


@pytest.fixture
def block(db):
    """Khối with a leader and two members, their officers, and a small criteria table:
    I. two base criteria (10 + 20), II. a bonus (5), III. a penalty (5)."""
    province = ProvinceFactory()
    leader, alpha, beta = (UnitFactory(name=n, parent=province) for n in ("Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính"))
    group = make_group(
        "Khối các cơ quan tổng hợp",
        province,
        [(leader, MembershipRole.LEADER), (alpha, MembershipRole.DEPUTY), (beta, MembershipRole.MEMBER)],
    )
    staff = UserFactory(username="sonoivu", role=Role.PLAN_EDITOR, unit=province)
    leader_user = officer(leader, "truongkhoi")
    table = services.create_criteria_table(actor=staff, group=group, scoring_due=datetime.date(2025, 11, 30))
    s1 = services.add_section(actor=staff, table=table, number="I", title="Công tác chỉ đạo, tổ chức phong trào")
    c1 = services.add_criterion(actor=staff, section=s1, number="1", content="Ban hành kế hoạch", max_points="10")
    c2 = services.add_criterion(actor=staff, section=s1, number="2", content="Ký giao ước đúng hạn", max_points="20")
    s2 = services.add_section(actor=staff, table=table, number="II", title="Điểm thưởng")
    bonus = services.add_criterion(
        actor=staff, section=s2, number="1", content="Mô hình mới", max_points="5", kind=CriterionKind.BONUS
    )
    s3 = services.add_section(actor=staff, table=table, number="III", title="Điểm trừ")
    penalty = services.add_criterion(
        actor=staff, section=s3, number="1", content="Nộp báo cáo chậm", max_points="5", kind=CriterionKind.PENALTY
    )
    return SimpleNamespace(
        province=province,
        group=group,
        table=table,
        leader=leader,
        alpha=alpha,
        beta=beta,
        staff=staff,
        leader_user=leader_user,
        alpha_user=officer(alpha, "sotuphap"),
        beta_user=officer(beta, "sotaichinh"),
        c1=c1,
        c2=c2,
        bonus=bonus,
        penalty=penalty,
    )


def score(block, user, unit, **points):
    """Self-score with criterion names as keywords: c1="8", penalty="1"."""
    entries = {getattr(block, name).pk: (value, "") for name, value in points.items()}
    return services.save_self_scores(actor=user, table=block.table, unit=unit, entries=entries)


D = Decimal
