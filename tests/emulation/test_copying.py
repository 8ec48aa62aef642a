"""A Cụm/Khối's list for the next emulation year (emulation.copying)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activity.models import ActivityLog
from emulation.copying import clear_membership_reviews, copy_group_to_year
from emulation.models import MembershipReview
from tests.factories import ProvinceFactory, UnitFactory, UserFactory
from units.models import EmulationGroup, EmulationGroupKind, EmulationGroupMembership, MembershipRole, Role

pytestmark = pytest.mark.django_db

CLOSED = datetime.date(2025, 2, 28)


@pytest.fixture
def group():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    home = UnitFactory(name="Sở Nội vụ", parent=province)
    labour = UnitFactory(name="Sở Lao động - Thương binh và Xã hội", parent=province, active_to=CLOSED, successor=home)
    science = UnitFactory(name="Sở Khoa học và Công nghệ", parent=province)
    media = UnitFactory(name="Sở Thông tin và Truyền thông", parent=province, active_to=CLOSED, successor=science)
    ethnic = UnitFactory(name="Ban Dân tộc", parent=province, active_to=CLOSED)
    group = EmulationGroup.objects.create(
        name="Khối các cơ quan tổng hợp", kind=EmulationGroupKind.BLOCK, year=2025, organiser=province
    )
    for unit, role in (
        (media, MembershipRole.LEADER),
        (home, MembershipRole.DEPUTY),
        (labour, MembershipRole.MEMBER),
        (ethnic, MembershipRole.MEMBER),
    ):
        EmulationGroupMembership.objects.create(group=group, unit=unit, role=role)
    return group


def test_next_years_list_follows_successors_and_marks_every_member(group):
    before = ActivityLog.objects.count()
    copy = copy_group_to_year(actor=None, group=group, year=2026)
    assert (copy.name, copy.kind, copy.year, copy.organiser) == (group.name, group.kind, 2026, group.organiser)
    members = {m.unit.name: m.role for m in copy.memberships.select_related("unit")}
    assert members == {"Sở Khoa học và Công nghệ": MembershipRole.LEADER, "Sở Nội vụ": MembershipRole.DEPUTY}
    reviews = {r.previous_unit.name: r for r in MembershipReview.objects.filter(group=copy)}
    assert reviews["Sở Thông tin và Truyền thông"].membership.unit.name == "Sở Khoa học và Công nghệ"
    assert reviews["Sở Thông tin và Truyền thông"].changes == [
        "Sở Thông tin và Truyền thông ngừng hoạt động từ 28/02/2025: thay bằng đơn vị kế thừa Sở Khoa học và Công nghệ."
    ]
    assert reviews["Sở Thông tin và Truyền thông"].checks == [
        "Đơn vị trưởng năm 2026: xác nhận lại (thường luân phiên hằng năm)."
    ]
    assert (reviews["Sở Nội vụ"].changes, reviews["Sở Nội vụ"].checks) == ([], [])
    assert reviews["Sở Lao động - Thương binh và Xã hội"].membership is None
    assert reviews["Sở Lao động - Thương binh và Xã hội"].checks == [
        "Sở Nội vụ đã có trong danh sách năm 2026 (phó); Sở Lao động - Thương binh và Xã hội không thêm lần nữa."
    ]
    assert reviews["Ban Dân tộc"].membership is None
    assert reviews["Ban Dân tộc"].checks == [
        "Không đưa vào danh sách năm 2026: Ban Dân tộc ngừng hoạt động từ 28/02/2025 và không có đơn vị kế thừa còn "
        "hoạt động: cần chọn đơn vị thay thế."
    ]
    assert ActivityLog.objects.count() == before + 1
    assert ActivityLog.objects.latest("id").summary == (
        "Tạo khối thi đua “Khối các cơ quan tổng hợp” năm 2026 từ năm 2025: 2 thành viên, 4 mục cần rà soát"
    )
    # Last year's list is as it was.
    assert group.memberships.count() == 4


def test_refusals_and_clearing_reviews(group):
    copy = copy_group_to_year(actor=None, group=group, year=2026)
    with pytest.raises(ValidationError) as error:
        copy_group_to_year(actor=None, group=group, year=2026)
    assert error.value.messages == [
        f"Ủy ban nhân dân tỉnh Bắc Ninh đã có khối thi đua “Khối các cơ quan tổng hợp” năm 2026 (mã {copy.pk}): "
        "hãy mở và rà soát danh sách đó thay vì tạo lại."
    ]
    with pytest.raises(ValidationError) as error:
        copy_group_to_year(actor=None, group=group, year=2025)
    assert error.value.message_dict == {"year": ["Năm mới phải sau năm 2025 của khối thi đua."]}
    editor = UserFactory()
    one = MembershipReview.objects.filter(group=copy).first()
    assert clear_membership_reviews(actor=editor, group=copy, review_ids=[one.pk]) == 1
    assert clear_membership_reviews(actor=editor, group=copy) == 3
    with pytest.raises(ValidationError, match="Không còn thành viên nào cần rà soát"):
        clear_membership_reviews(actor=editor, group=copy)
    assert set(MembershipReview.objects.values_list("cleared_by", flat=True)) == {editor.pk}


def test_the_organisers_editor_copies_from_the_overview_and_clears_reviews(client, group):
    province = group.organiser
    editor = UserFactory(role=Role.PLAN_EDITOR, unit=province.children.get(name="Sở Nội vụ"))
    client.force_login(editor)
    page = client.get(reverse("emulation:overview", args=[group.pk])).content.decode()
    assert "Tạo danh sách năm sau" in page
    response = client.post(reverse("emulation:group_copy", args=[group.pk]), {"year": "2026"}, follow=True)
    copy = EmulationGroup.objects.get(year=2026)
    assert response.redirect_chain == [(reverse("emulation:overview", args=[copy.pk]), 302)]
    page = response.content.decode()
    assert page.count("Cần rà soát") == 4
    assert "Không chuyển sang năm 2026" in page
    response = client.post(reverse("emulation:member_review", args=[copy.pk]), {"all": "1"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Đã đánh dấu 4 thành viên là đã rà soát."]
    assert "Cần rà soát" not in response.content.decode()
    # A member's officer opens the group but may neither copy it nor clear its reviews.
    client.force_login(UserFactory(role=Role.UNIT_OFFICER, unit=province.children.get(name="Sở Nội vụ")))
    assert client.post(reverse("emulation:group_copy", args=[copy.pk]), {"year": "2027"}).status_code == 403
    assert client.post(reverse("emulation:member_review", args=[copy.pk]), {"all": "1"}).status_code == 403
    assert EmulationGroup.objects.count() == 2
