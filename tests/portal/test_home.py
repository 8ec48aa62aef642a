"""“Việc của tôi” (tdkt_portal/home.py): each person finds what is waiting for them at /."""

import datetime

import pytest
from django.utils import timezone

from awards.models import SessionStatus
from emulation import services as emulation
from notifications.models import Notification
from tasks.selectors import month_end
from tests.emulation.conftest import make_group
from tests.factories import (
    CouncilMemberFactory,
    CouncilSessionFactory,
    PlanFactory,
    ProvinceFactory,
    UnitFactory,
    UserFactory,
    issued_plan_with_tasks,
)
from units.models import MembershipRole, Role

pytestmark = pytest.mark.django_db


def dated(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def test_month_end_handles_december_and_february():
    assert month_end(datetime.date(2025, 12, 3)) == datetime.date(2025, 12, 31)
    assert month_end(datetime.date(2028, 2, 1)) == datetime.date(2028, 2, 29)


def test_an_officer_sees_tasks_overdue_and_due_this_month_and_unread_notices(client):
    today = timezone.localdate()
    province = ProvinceFactory()
    unit = UnitFactory(name="Sở Tư pháp", parent=province)
    UnitFactory(name="Sở Y tế", parent=province)
    issued_plan_with_tasks(
        [
            {"content": "Việc đã quá hạn", "timing": dated(today - datetime.timedelta(days=3)), "leads": "Sở Tư pháp"},
            {"content": "Việc đến hạn cuối tháng", "timing": dated(month_end(today)), "coordinates": "Sở Tư pháp"},
            {
                "content": "Việc còn xa",
                "timing": dated(month_end(today) + datetime.timedelta(days=40)),
                "leads": "Sở Tư pháp",
            },
            {"content": "Việc của đơn vị khác", "timing": dated(today), "leads": "Sở Y tế"},
        ],
        province=province,
        year=today.year,
    )
    officer = UserFactory(role=Role.UNIT_OFFICER, unit=unit)
    Notification.objects.create(user=officer, title="Kế hoạch mới giao 3 nhiệm vụ", url="/nhiem-vu-cua-don-vi/")
    Notification.objects.create(user=officer, title="Thông báo đã đọc", read_at=timezone.now())
    client.force_login(officer)

    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    contents = [row.task.content for row in response.context["officer"]["task_rows"]]
    assert contents == ["Việc đã quá hạn", "Việc đến hạn cuối tháng"]
    assert "2 nhiệm vụ, trong đó 1 quá hạn." in page
    assert "Kế hoạch mới giao 3 nhiệm vụ" in page
    assert "Thông báo đã đọc" not in page
    assert "editor" not in response.context and "council" not in response.context


def test_a_group_leader_sees_members_not_signed_or_scored(client):
    province = ProvinceFactory()
    leader, alpha, beta = (UnitFactory(name=n, parent=province) for n in ("Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính"))
    group = make_group(
        "Khối các cơ quan tổng hợp",
        province,
        [(leader, MembershipRole.LEADER), (alpha, MembershipRole.MEMBER), (beta, MembershipRole.MEMBER)],
    )
    staff = UserFactory(role=Role.PLAN_EDITOR, unit=province)
    covenant = emulation.save_covenant(
        actor=staff,
        group=group,
        title="Giao ước thi đua",
        content="Các đơn vị cam kết.",
        signing_due=datetime.date(2025, 3, 31),
    )
    for unit in (leader, alpha):
        emulation.record_signature(
            actor=staff, covenant=covenant, unit=unit, signed_on=datetime.date(2025, 3, 1), signer_name="Người ký"
        )
    table = emulation.create_criteria_table(actor=staff, group=group, scoring_due=datetime.date(2025, 11, 30))
    section = emulation.add_section(actor=staff, table=table, number="I", title="Chỉ đạo")
    criterion = emulation.add_criterion(actor=staff, section=section, number="1", content="Kế hoạch", max_points="10")
    beta_user = UserFactory(role=Role.UNIT_OFFICER, unit=beta)
    emulation.save_self_scores(actor=beta_user, table=table, unit=beta, entries={criterion.pk: ("8", "")})
    client.force_login(UserFactory(role=Role.UNIT_OFFICER, unit=leader))

    response = client.get("/")

    [work] = response.context["groups"]
    assert (work.group, work.unsigned, work.unscored) == (group, [beta], [leader, alpha])
    assert "Chưa ký giao ước (1): Sở Tài chính" in response.content.decode()
    # A plain member is not the leader: nothing to chase.
    client.force_login(beta_user)
    assert client.get("/").context["groups"] == []


def test_a_council_member_sees_open_votes_and_coming_sessions_of_their_council(client):
    seat = CouncilMemberFactory()
    voting = CouncilSessionFactory(council=seat.council, title="Phiên bỏ phiếu", status=SessionStatus.VOTING)
    planned = CouncilSessionFactory(council=seat.council, title="Phiên sắp họp")
    CouncilSessionFactory(title="Phiên của hội đồng khác", status=SessionStatus.VOTING)
    CouncilSessionFactory(council=seat.council, title="Phiên đã xong", status=SessionStatus.APPLIED)
    client.force_login(seat.user)

    response = client.get("/")

    council = response.context["council"]
    assert (council["open_votes"], council["coming_sessions"]) == ([voting], [planned])
    page = response.content.decode()
    assert "Bạn chưa bỏ phiếu" in page
    assert "Phiên của hội đồng khác" not in page and "Phiên đã xong" not in page


def test_an_editor_sees_drafts_by_title_and_plans_with_overdue_tasks(client):
    today = timezone.localdate()
    province, elsewhere = ProvinceFactory(), ProvinceFactory()
    UnitFactory(name="Sở Tư pháp", parent=province)
    draft = PlanFactory(issuing_unit=province, number="", issued_on=None, title="Kế hoạch thi đua năm sau")
    PlanFactory(issuing_unit=elsewhere, number="", issued_on=None, title="Dự thảo tỉnh khác")
    late, _ = issued_plan_with_tasks(
        [{"content": "Việc quá hạn", "timing": dated(today - datetime.timedelta(days=2)), "leads": "Sở Tư pháp"}],
        province=province,
        year=today.year,
    )
    on_time, _ = issued_plan_with_tasks(
        [{"content": "Việc còn hạn", "timing": dated(today + datetime.timedelta(days=60)), "leads": "Sở Tư pháp"}],
        province=province,
        year=today.year,
    )
    client.force_login(UserFactory(role=Role.PLAN_EDITOR, unit=province))

    response = client.get("/")

    editor = response.context["editor"]
    assert (editor["drafts"], editor["late_plans"]) == ([draft], [late])
    page = response.content.decode()
    assert 'Kế hoạch thi đua năm sau</a> <span class="badge badge-draft">Dự thảo</span>' in page
    assert "Dự thảo tỉnh khác" not in page
