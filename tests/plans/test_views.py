import datetime

import pytest
from django.urls import reverse

from plans.models import Plan, PlanStatus
from tasks.models import Task
from tasks.services import add_group, add_task
from tests.factories import AppendixFactory, PlanFactory, ProvinceFactory, UnitFactory, UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    UnitFactory(name="Sở Nội vụ", parent=province)
    UnitFactory(name="Sở Giáo dục và Đào tạo", parent=province)
    return province


@pytest.fixture
def appendix(province):
    appendix = AppendixFactory(plan__issuing_unit=province)
    add_task(
        actor=None,
        appendix=appendix,
        data={
            "number": "1",
            "content": "Việc của Sở Nội vụ",
            "unit_cells": {"leads": "Sở Nội vụ"},
            "timing_text": "Quý I",
        },
    )
    add_task(
        actor=None,
        appendix=appendix,
        data={"number": "2", "content": "Việc của Sở GD&ĐT", "unit_cells": {"leads": "Sở Giáo dục và Đào tạo"}},
    )
    return appendix


def officer_of(province, name):
    return UserFactory(role=Role.UNIT_OFFICER, unit=province.children.get(name=name))


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("plans:list"))
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=/ke-hoach/"


def test_officer_cannot_post_to_plan_edit_or_task_urls(client, province, appendix):
    plan = appendix.plan
    officer = officer_of(province, "Sở Giáo dục và Đào tạo")
    client.force_login(officer)
    other_task = Task.objects.get(number="1")
    before = list(Task.objects.order_by("pk").values_list("content", "number", "position"))

    posts = [
        reverse("plans:edit", args=[plan.pk]),
        reverse("plans:section_add", args=[plan.pk]),
        reverse("plans:transition", args=[plan.pk, "issue"]),
        reverse("tasks:task_edit", args=[appendix.pk, other_task.pk]),
        reverse("tasks:task_delete", args=[appendix.pk, other_task.pk]),
        reverse("tasks:task_move", args=[appendix.pk, other_task.pk, "xuong"]),
        reverse("tasks:task_add", args=[appendix.pk]),
    ]
    for url in posts:
        response = client.post(url, {"content": "Đã bị sửa", "title": "Đã bị sửa", "heading": "X"})
        assert response.status_code == 403, url
    assert list(Task.objects.order_by("pk").values_list("content", "number", "position")) == before
    plan.refresh_from_db()
    assert (plan.title, plan.status, plan.sections.count()) == (
        "Công tác thi đua, khen thưởng năm 2025",
        PlanStatus.DRAFT,
        0,
    )


def test_editor_of_another_province_cannot_edit(client, appendix):
    outsider = UserFactory(role=Role.PLAN_EDITOR, unit=UnitFactory(parent=ProvinceFactory()))
    client.force_login(outsider)
    response = client.post(reverse("plans:edit", args=[appendix.plan.pk]), {"title": "Sửa trộm"})
    assert response.status_code == 403


def test_officer_sees_only_tasks_of_their_unit_in_issued_plans(client, province, appendix):
    officer = officer_of(province, "Sở Giáo dục và Đào tạo")
    client.force_login(officer)
    assert list(client.get(reverse("tasks:unit_tasks")).context["tasks"]) == []  # plan still a draft
    Plan.objects.filter(pk=appendix.plan.pk).update(status=PlanStatus.ISSUED)
    response = client.get(reverse("tasks:unit_tasks"))
    assert [t.content for t in response.context["tasks"]] == ["Việc của Sở GD&ĐT"]
    assert "Việc của Sở Nội vụ" not in response.content.decode()


def test_editor_creates_plan_with_dd_mm_yyyy_date(client, province):
    editor = UserFactory(role=Role.PLAN_EDITOR, unit=province.children.get(name="Sở Nội vụ"))
    client.force_login(editor)
    response = client.post(
        reverse("plans:create"),
        {
            "issuing_unit": province.pk,
            "issuing_body_line": "Ủy ban nhân dân\ntỉnh Hưng Yên",
            "number": "196",
            "symbol": "KH-UBND",
            "place": "Hưng Yên",
            "issued_on": "24/12/2024",
            "year": "2025",
            "title": "Công tác thi đua, khen thưởng năm 2025",
            "signer_authority": "TM. ỦY BAN NHÂN DÂN",
            "signer_position": "CHỦ TỊCH",
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert (plan.issued_on.isoformat(), plan.issuing_body_line) == ("2024-12-24", "ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN")


def test_impossible_plan_date_gets_a_clear_message(client, province):
    client.force_login(UserFactory(role=Role.PLAN_EDITOR, unit=province.children.get(name="Sở Nội vụ")))
    response = client.post(
        reverse("plans:create"),
        {
            "issuing_unit": province.pk,
            "issuing_body_line": "X",
            "symbol": "KH-UBND",
            "place": "Hưng Yên",
            "issued_on": "31/02/2025",
            "year": "2025",
            "title": "Thử",
            "signer_authority": "TM",
            "signer_position": "CT",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["issued_on"] == [
        "Ngày ban hành không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 24/12/2024."
    ]
    assert Plan.objects.count() == 0


def test_duplicate_number_shows_the_message_on_the_form(client, province):
    existing = PlanFactory(issuing_unit=province, number="196")
    client.force_login(UserFactory(role=Role.PLAN_EDITOR, unit=province.children.get(name="Sở Nội vụ")))
    response = client.post(
        reverse("plans:create"),
        {
            "issuing_unit": province.pk,
            "issuing_body_line": "X",
            "number": "196",
            "symbol": "KH-UBND",
            "place": "Hưng Yên",
            "issued_on": "02/01/2025",
            "year": str(existing.year),
            "title": "Trùng số",
            "signer_authority": "TM",
            "signer_position": "CT",
        },
    )
    assert "Cơ quan này đã có kế hoạch cùng số và ký hiệu trong năm." in response.content.decode()
    assert Plan.objects.count() == 1


def build_plan_with_tasks(province, count):
    appendix = AppendixFactory(plan__issuing_unit=province, columns=["directs", "leads", "coordinates", "timing"])
    groups = [
        add_group(actor=None, appendix=appendix, data={"number": n, "title": f"Quý {n}"})
        for n in ("I", "II", "III", "IV")
    ]
    for n in range(count):
        add_task(
            actor=None,
            appendix=appendix,
            log=False,
            data={
                "group": groups[n % 4],
                "number": str(n + 1),
                "content": f"Nhiệm vụ {n + 1}",
                "unit_cells": {"leads": "Sở Nội vụ", "coordinates": "Sở Giáo dục và Đào tạo; Các ngành liên quan"},
            },
        )
    return appendix.plan


def test_plan_page_queries_do_not_grow_with_tasks(client, province, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(UserFactory(role=Role.PLAN_EDITOR, unit=province.children.get(name="Sở Nội vụ")))
    small = build_plan_with_tasks(province, 5)
    big = build_plan_with_tasks(province, 500)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(len(captured)):
        response = client.get(big.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('data-task="') == 500


def test_history_reads_in_vietnamese(client, province):
    from plans import services

    editor = UserFactory(
        role=Role.PLAN_EDITOR, unit=province.children.get(name="Sở Nội vụ"), full_name="Nguyễn Thị Hoa"
    )
    plan = PlanFactory(issuing_unit=province, title="Kế hoạch cũ")
    services.update_plan(actor=editor, plan=plan, data={"title": "Kế hoạch mới"})
    services.apply_transition(actor=editor, plan=plan, name="issue")
    services.apply_transition(actor=editor, plan=plan, name="reopen", reason="Bổ sung nhiệm vụ")
    client.force_login(editor)
    response = client.get(reverse("plans:history", args=[plan.pk]))
    rows = [
        (entry.summary, [(c.label, c.before, c.after) for c in changes]) for entry, changes in response.context["rows"]
    ]
    assert rows == [
        (
            "Đã mở lại kế hoạch để chỉnh sửa. Lý do: Bổ sung nhiệm vụ",
            [("Trạng thái", "Đã ban hành", "Dự thảo"), ("Lý do", None, "Bổ sung nhiệm vụ")],
        ),
        ("Đã ban hành kế hoạch.", [("Trạng thái", "Dự thảo", "Đã ban hành")]),
        ("Sửa thông tin chung của kế hoạch", [("Trích yếu", "Kế hoạch cũ", "Kế hoạch mới")]),
    ]
    assert "Nguyễn Thị Hoa" in response.content.decode()


def test_officer_cannot_read_plan_history(client, province, appendix):
    Plan.objects.filter(pk=appendix.plan.pk).update(status=PlanStatus.ISSUED)
    client.force_login(officer_of(province, "Sở Nội vụ"))
    assert client.get(appendix.plan.get_absolute_url()).status_code == 200
    assert client.get(reverse("plans:history", args=[appendix.plan.pk])).status_code == 403


def test_forbidden_page_explains_in_vietnamese(client, province, appendix):
    client.force_login(officer_of(province, "Sở Nội vụ"))
    response = client.get(reverse("plans:edit", args=[appendix.plan.pk]))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_new_plan_form_starts_from_the_editors_province(client, province):
    import datetime

    from plans.selectors import new_plan_defaults

    editor = UserFactory(role=Role.PLAN_EDITOR, unit=province.children.get(name="Sở Nội vụ"))
    assert new_plan_defaults(editor, datetime.date(2024, 12, 20)) == {
        "year": 2025,
        "dated_month": 12,
        "dated_year": 2024,
        "issuing_unit": province.pk,
        "issuing_body_line": "ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN",
        "place": "Hưng Yên",
    }
    assert new_plan_defaults(editor, datetime.date(2025, 3, 2))["year"] == 2025
    client.force_login(editor)
    assert client.get(reverse("plans:create")).context["form"].initial["place"] == "Hưng Yên"


def test_editors_work_on_the_plans_of_their_own_administration(client, province):
    from units.models import UnitKind

    district = UnitFactory(name="Ủy ban nhân dân huyện Văn Lâm", kind=UnitKind.PEOPLES_COMMITTEE, parent=province)
    district_office = UnitFactory(name="Phòng Nội vụ huyện Văn Lâm", parent=district)
    province_plan = PlanFactory(issuing_unit=province)
    district_plan = PlanFactory(issuing_unit=district)
    assert (district.local_government, district_office.local_government) == (district, district)
    assert province.children.get(name="Sở Nội vụ").local_government == province

    district_editor = UserFactory(role=Role.PLAN_EDITOR, unit=district_office)
    client.force_login(district_editor)
    assert client.get(reverse("plans:edit", args=[district_plan.pk])).status_code == 200
    assert client.get(reverse("plans:edit", args=[province_plan.pk])).status_code == 403
    form = client.get(reverse("plans:create")).context["form"]
    assert list(form.fields["issuing_unit"].queryset) == [district]
    assert form.initial["issuing_body_line"] == "ỦY BAN NHÂN DÂN\nHUYỆN VĂN LÂM"

    client.force_login(UserFactory(role=Role.PLAN_EDITOR, unit=province.children.get(name="Sở Nội vụ")))
    assert client.get(reverse("plans:edit", args=[province_plan.pk])).status_code == 200
    assert client.get(reverse("plans:edit", args=[district_plan.pk])).status_code == 403


def test_moving_a_unit_moves_what_is_below_it():
    old_province, new_province = ProvinceFactory(), ProvinceFactory()
    office = UnitFactory(name="Sở Nội vụ", parent=old_province)
    board = UnitFactory(name="Ban Thi đua - Khen thưởng", parent=office)
    office.parent = new_province
    office.save()
    board.refresh_from_db()
    assert (board.tree_root, board.local_government) == (new_province, new_province)


def test_the_plan_list_is_newest_first_and_names_drafts_as_drafts(client):
    province = ProvinceFactory()
    older = PlanFactory(issuing_unit=province, year=2025, number="10", issued_on=datetime.date(2025, 1, 5))
    newer = PlanFactory(issuing_unit=province, year=2025, number="90", issued_on=datetime.date(2025, 6, 5))
    draft = PlanFactory(issuing_unit=province, year=2025, number="", issued_on=None, title="Kế hoạch đang soạn")
    last_year = PlanFactory(issuing_unit=province, year=2024, number="5", issued_on=datetime.date(2024, 2, 1))
    for plan in (older, newer, last_year):
        Plan.objects.filter(pk=plan.pk).update(status="issued")
    client.force_login(UserFactory(role=Role.PLAN_EDITOR, unit=province))

    response = client.get(reverse("plans:list"))

    assert list(response.context["plans"]) == [draft, newer, older, last_year]
    page = response.content.decode()
    assert '<td><span class="badge badge-draft">Dự thảo</span></td>' in page
    assert "/KH-UBND</td>" in page and "    /KH-UBND" not in page
