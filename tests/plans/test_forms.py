"""The plan form's "căn cứ kế hoạch cấp trên" offers, and accepts, only plans the editor may read."""

import pytest
from django.urls import reverse

from plans.models import Plan, PlanStatus
from tests.factories import PlanFactory, ProvinceFactory, UnitFactory, UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db

NOT_READABLE = (
    "Kế hoạch cấp trên đã chọn không có trong danh sách: chỉ chọn được kế hoạch đã ban hành hoặc dự thảo "
    "của cơ quan mình."
)


@pytest.fixture
def provinces():
    hung_yen = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    bac_ninh = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    return hung_yen, bac_ninh


@pytest.fixture
def editor(client, provinces):
    user = UserFactory(role=Role.PLAN_EDITOR, unit=UnitFactory(name="Sở Nội vụ", parent=provinces[0]))
    client.force_login(user)
    return user


def draft(issuing_unit, title):
    return PlanFactory(issuing_unit=issuing_unit, status=PlanStatus.DRAFT, number="", issued_on=None, title=title)


def plan_data(province, **changes):
    return {
        "issuing_unit": province.pk,
        "issuing_body_line": "ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN",
        "number": "",
        "symbol": "KH-UBND",
        "place": "Hưng Yên",
        "year": "2025",
        "title": "Công tác thi đua, khen thưởng năm 2025",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_position": "CHỦ TỊCH",
        **changes,
    }


def test_based_on_offers_issued_plans_and_the_editors_own_drafts(client, editor, provinces):
    hung_yen, bac_ninh = provinces
    own_draft = draft(hung_yen, "Dự thảo của Hưng Yên")
    issued_elsewhere = PlanFactory(issuing_unit=bac_ninh, status=PlanStatus.ISSUED, title="Đã ban hành ở Bắc Ninh")
    draft(bac_ninh, "Dự thảo của Bắc Ninh")
    form = client.get(reverse("plans:create")).context["form"]
    assert set(form.fields["based_on"].queryset) == {own_draft, issued_elsewhere}
    page = client.get(reverse("plans:create")).content.decode()
    assert "Dự thảo của Bắc Ninh" not in page


def test_a_forged_draft_of_another_province_is_refused_on_create(client, editor, provinces):
    hung_yen, bac_ninh = provinces
    foreign = draft(bac_ninh, "Dự thảo của Bắc Ninh")
    response = client.post(reverse("plans:create"), plan_data(hung_yen, based_on=foreign.pk))
    assert response.status_code == 200
    assert response.context["form"].errors == {"based_on": [NOT_READABLE]}
    assert not Plan.objects.filter(issuing_unit=hung_yen).exists()


def test_a_forged_draft_of_another_province_is_refused_on_edit(client, editor, provinces):
    hung_yen, bac_ninh = provinces
    plan = draft(hung_yen, "Công tác thi đua, khen thưởng năm 2025")
    foreign = draft(bac_ninh, "Dự thảo của Bắc Ninh")
    data = plan_data(hung_yen, based_on=foreign.pk, version=plan.version)
    response = client.post(reverse("plans:edit", args=[plan.pk]), data)
    assert response.context["form"].errors == {"based_on": [NOT_READABLE]}
    plan.refresh_from_db()
    assert plan.based_on is None


def test_an_issued_plan_of_another_province_is_accepted(client, editor, provinces):
    hung_yen, bac_ninh = provinces
    issued = PlanFactory(issuing_unit=bac_ninh, status=PlanStatus.ISSUED)
    response = client.post(reverse("plans:create"), plan_data(hung_yen, based_on=issued.pk))
    assert response.status_code == 302
    assert Plan.objects.get(issuing_unit=hung_yen).based_on == issued


def test_a_link_made_earlier_still_saves_after_the_linked_plan_was_reopened(client, editor, provinces):
    hung_yen, bac_ninh = provinces
    upper = PlanFactory(issuing_unit=bac_ninh, status=PlanStatus.ISSUED)
    plan = PlanFactory(issuing_unit=hung_yen, status=PlanStatus.DRAFT, based_on=upper)
    Plan.objects.filter(pk=upper.pk).update(status=PlanStatus.DRAFT)  # reopened by its own editors
    data = plan_data(hung_yen, based_on=upper.pk, number=plan.number, title="Tên mới", version=plan.version)
    assert client.post(reverse("plans:edit", args=[plan.pk]), data).status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.based_on) == ("Tên mới", upper)


def test_a_plan_is_not_based_on_itself(client, editor, provinces):
    plan = draft(provinces[0], "Công tác thi đua, khen thưởng năm 2025")
    data = plan_data(provinces[0], based_on=plan.pk, version=plan.version)
    response = client.post(reverse("plans:edit", args=[plan.pk]), data)
    assert response.context["form"].errors == {"based_on": [NOT_READABLE]}
