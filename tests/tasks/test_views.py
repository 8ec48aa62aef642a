import pytest
from django.urls import reverse

from tasks.models import Task, TaskGroup
from tasks.services import add_task, update_task
from tests.factories import AppendixFactory, ProvinceFactory, UnitFactory, UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def appendix():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    UnitFactory(name="Sở Nội vụ", parent=province)
    return AppendixFactory(plan__issuing_unit=province, plan__status="draft")


@pytest.fixture
def editor_client(client, appendix):
    unit = appendix.plan.issuing_unit.children.get(name="Sở Nội vụ")
    client.force_login(UserFactory(role=Role.PLAN_EDITOR, unit=unit))
    return client


def row_data(**overrides):
    data = {
        "number": "1",
        "content": "Đăng ký thi đua",
        "unit_leads": "Sở Nội vụ",
        "unit_coordinates": "",
        "timing_text": "Quý I",
        "group": "",
    }
    return {**data, **overrides}


def test_inline_add_returns_the_table_with_the_new_row(editor_client, appendix):
    response = editor_client.post(reverse("tasks:task_add", args=[appendix.pk]), row_data(), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-task="') == 1
    assert "Quý I, hạn 31/03/2025</div>" in html
    task = Task.objects.get()
    assert [(a.role, a.unit.name) for a in task.assignments.all()] == [("leads", "Sở Nội vụ")]


def test_inline_edit_with_an_impossible_date_shows_the_message_and_changes_nothing(editor_client, appendix):
    task = add_task(actor=None, appendix=appendix, data={"number": "1", "content": "Việc cũ", "timing_text": "Quý I"})
    url = reverse("tasks:task_edit", args=[appendix.pk, task.pk])
    response = editor_client.post(
        url, row_data(content="Việc mới", timing_text="Trước ngày 31/02/2025", version=1), **HTMX
    )
    assert response.status_code == 200
    assert "Ngày 31/02/2025 không tồn tại: tháng 02/2025 chỉ có 28 ngày." in response.content.decode()
    assert 'class="editing"' in response.content.decode()
    task.refresh_from_db()
    assert (task.content, task.timing_text, task.version) == ("Việc cũ", "Quý I", 1)


def test_inline_edit_with_empty_content_is_refused(editor_client, appendix):
    task = add_task(actor=None, appendix=appendix, data={"content": "Việc cũ"})
    response = editor_client.post(
        reverse("tasks:task_edit", args=[appendix.pk, task.pk]), row_data(content="  ", version=1), **HTMX
    )
    assert "Nội dung nhiệm vụ không được để trống." in response.content.decode()
    task.refresh_from_db()
    assert task.content == "Việc cũ"


def test_second_editor_saving_an_old_copy_gets_a_conflict_message(editor_client, appendix):
    task = add_task(actor=None, appendix=appendix, data={"content": "Bản gốc"})
    update_task(actor=None, task=task, data={"content": "Người thứ nhất đã sửa"})
    response = editor_client.post(
        reverse("tasks:task_edit", args=[appendix.pk, task.pk]),
        row_data(content="Người thứ hai sửa bản cũ", version=1),
        **HTMX,
    )
    assert "Nhiệm vụ vừa được người khác sửa. Hãy tải lại để xem bản mới rồi sửa lại." in response.content.decode()
    task.refresh_from_db()
    assert task.content == "Người thứ nhất đã sửa"


def test_groups_are_added_edited_and_reordered_inline(editor_client, appendix):
    add_url = reverse("tasks:group_add", args=[appendix.pk])
    editor_client.post(add_url, {"number": "I", "title": "Quý I"}, **HTMX)
    editor_client.post(add_url, {"number": "II", "title": "Quý II"}, **HTMX)
    second = TaskGroup.objects.get(number="II")
    editor_client.post(reverse("tasks:group_move", args=[appendix.pk, second.pk, "len"]), **HTMX)
    response = editor_client.post(
        reverse("tasks:group_edit", args=[appendix.pk, second.pk]), {"number": "II", "title": "Quý II, III"}, **HTMX
    )
    assert response.status_code == 200
    assert [(g.number, g.title, g.quarters) for g in TaskGroup.objects.order_by("position")] == [
        ("II", "Quý II, III", [2, 3]),
        ("I", "Quý I", [1]),
    ]
    assert editor_client.post(reverse("tasks:group_move", args=[appendix.pk, second.pk, "sideways"])).status_code == 404


def test_deleting_a_group_that_still_has_tasks_shows_why(editor_client, appendix):
    editor_client.post(reverse("tasks:group_add", args=[appendix.pk]), {"number": "I", "title": "Quý I"}, **HTMX)
    group = TaskGroup.objects.get()
    add_task(actor=None, appendix=appendix, data={"group": group, "content": "Việc"})
    response = editor_client.post(reverse("tasks:group_delete", args=[appendix.pk, group.pk]), **HTMX)
    assert "Nhóm “I Quý I” còn 1 nhiệm vụ." in response.content.decode()
    assert TaskGroup.objects.filter(pk=group.pk).exists()


def test_unit_task_page_queries_do_not_grow_with_tasks(client, appendix, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plans.models import Plan

    Plan.objects.filter(pk=appendix.plan.pk).update(status="issued")
    unit = appendix.plan.issuing_unit.children.get(name="Sở Nội vụ")
    client.force_login(UserFactory(role=Role.UNIT_OFFICER, unit=unit))

    def add(count):
        for n in range(count):
            Task.objects.create(appendix=appendix, number=str(n), content=f"Việc {n}", search_text=f"viec {n}")
        for task in Task.objects.filter(assignments__isnull=True):
            task.assignments.create(role="leads", unit=unit, text="Sở Nội vụ")

    add(3)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("tasks:unit_tasks")).status_code == 200
    add(300)
    with django_assert_max_num_queries(len(captured)):
        response = client.get(reverse("tasks:unit_tasks"), {"q": "viec"})
    # The list pages by 50 so a unit with thousands of tasks still gets a quick page.
    html = response.content.decode()
    assert (html.count('data-task="'), "303 nhiệm vụ." in html, "Trang 1/7" in html) == (50, True, True)


def test_a_new_row_defaults_to_the_last_group_then_to_the_group_worked_in(editor_client, appendix):
    first = TaskGroup.objects.create(appendix=appendix, number="I", title="Quý I", quarters=[1], position=1)
    section = TaskGroup.objects.create(appendix=appendix, number="II", title="Quý II", quarters=[2], position=2)
    last = TaskGroup.objects.create(appendix=appendix, number="1", title="Tháng 4", parent=section, position=1)
    url = reverse("tasks:task_add", args=[appendix.pk])

    def chosen():
        html = editor_client.get(url, **HTMX).content.decode()
        return html.split('name="group"')[1].split("selected>")[0].rsplit('value="', 1)[1].split('"')[0]

    assert chosen() == str(last.pk)  # printed last: the subgroup under the last section
    editor_client.post(url, row_data(group=str(first.pk)), **HTMX)
    assert chosen() == str(first.pk)  # where the editor has just added a row
    assert (
        editor_client.get(f"{url}?group={section.pk}", **HTMX).content.decode().count(f'value="{section.pk}" selected')
        == 1
    )


def test_inline_actions_say_what_they_did(editor_client, appendix):
    group = TaskGroup.objects.create(appendix=appendix, number="I", title="Quý I", quarters=[1], position=1)
    html = editor_client.post(
        reverse("tasks:task_add", args=[appendix.pk]), row_data(group=str(group.pk)), **HTMX
    ).content.decode()
    assert (
        '<div class="msg msg-success" role="status">'
        "Đã thêm nhiệm vụ số 1 thuộc nhóm “I Quý I”: “Đăng ký thi đua”.</div>" in html
    )
    task = Task.objects.get()
    html = editor_client.post(reverse("tasks:task_move", args=[appendix.pk, task.pk, "xuong"]), **HTMX).content
    assert (
        "Không chuyển: nhiệm vụ số 1 thuộc nhóm “I Quý I”: “Đăng ký thi đua” đã ở cuối nhóm “I Quý I”." in html.decode()
    )
    html = editor_client.post(reverse("tasks:group_move", args=[appendix.pk, group.pk, "len"]), **HTMX).content
    assert "Không chuyển: nhóm “I Quý I” đã ở đầu." in html.decode()


@pytest.mark.parametrize(
    ("text", "group_title", "shown"),
    [
        ("15/7", "", "Hệ thống hiểu là:</span> <strong>Hạn 15/07/2025</strong>"),
        ("Quý II", "", "<strong>Quý II, hạn 30/06/2025</strong>"),
        ("", "Quý III", "<strong>Quý III, hạn 30/09/2025</strong>"),
        ("", "", "Chưa ghi thời gian: nhiệm vụ không có hạn."),
        ("abc", "", "<strong>Chưa hiểu được thời gian — cần người kiểm tra</strong>"),
        (
            "abc",
            "Quý III",
            "<strong>Chưa hiểu được thời gian — cần người kiểm tra; tạm theo Quý III, hạn 30/09/2025 của nhóm</strong>",
        ),
        (
            "31/02",
            "",
            '<span class="timing-warning">Ngày 31/02/2025 không tồn tại: tháng 02/2025 chỉ có 28 ngày.</span>',
        ),
    ],
)
def test_the_timing_preview_says_what_saving_would_store(
    editor_client, appendix, text, group_title, shown, django_assert_max_num_queries
):
    group = TaskGroup.objects.create(appendix=appendix, number="III", title="Quý III", quarters=[3], position=1)
    params = {"timing_text": text, "group": str(group.pk) if group_title else ""}
    with django_assert_max_num_queries(8):
        response = editor_client.get(reverse("tasks:timing_preview", args=[appendix.pk]), params, **HTMX)
    assert response.status_code == 200
    assert shown in response.content.decode()


def test_the_timing_preview_is_only_for_those_who_may_edit_the_plan(client, appendix):
    client.force_login(UserFactory(role=Role.UNIT_OFFICER, unit=appendix.plan.issuing_unit))
    response = client.get(reverse("tasks:timing_preview", args=[appendix.pk]), {"timing_text": "15/7"})
    assert response.status_code == 403
