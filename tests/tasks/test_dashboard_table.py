"""The dashboard's progress table: the group beside TT (numbers restart in each quarter), filters
and sorting through the query string, sort links that say their state (aria-sort), and the same
queries whatever is chosen and however many tasks the plan holds."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Appendix, Plan, PlanStatus

from .dashboard_world import ROWS, add_rows, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def table(client, world, **params):
    response = client.get(reverse("tasks:dashboard", args=[world.plan.pk]), params)
    assert response.status_code == 200
    return response


def contents(response) -> list[str]:
    return [row.task.content for row in response.context["table"].rows]


def header(html: str, key: str) -> str:
    return re.search(rf'<th data-sort="{key}"[^>]*>.*?</th>', html).group(0)


def test_each_row_shows_its_group_beside_its_number(client, world):
    client.force_login(world.editor)
    html = table(client, world).content.decode()
    head = re.search(r'<table class="list sortable" id="progress-table">\s*<thead>(.*?)</thead>', html, re.S).group(1)
    assert re.findall(r"<th[^>]*>(?:<a [^>]*>)?([^<]+)", head) == [
        "TT",
        "Nhóm",
        "Nội dung",
        "Đơn vị chủ trì",
        "Hạn",
        "Trạng thái",
        "Tiến độ",
        "Cập nhật gần nhất",
    ]
    vaccination = world.tasks["Tiêm chủng"].occurrences.get()
    row = re.search(rf'<tr data-occurrence="{vaccination.pk}".*?</tr>', html, re.S).group(0)
    assert '<td>1</td>\n        <td class="group-cell">II Quý II</td>' in row
    assert "6 kỳ hạn." in html


def test_filters_by_group_lead_unit_and_status(client, world):
    client.force_login(world.editor)
    health = world.units["Sở Y tế"]
    cases = [
        ({"nhom": world.groups["II"].pk}, ["Báo cáo sơ kết", "Giám sát dịch", "Tiêm chủng", "Kiểm tra công trình"]),
        ({"donvi": health.pk}, ["Báo cáo sơ kết", "Khám sức khoẻ", "Giám sát dịch", "Tiêm chủng"]),
        ({"tinhtrang": "qua-han"}, ["Khám sức khoẻ", "Rà soát văn bản", "Giám sát dịch"]),
        ({"tinhtrang": "sap-den-han"}, ["Tiêm chủng"]),
        ({"tinhtrang": "hoan-thanh"}, ["Báo cáo sơ kết"]),
        ({"tinhtrang": "chua-thuc-hien"}, ["Tiêm chủng", "Kiểm tra công trình"]),
        ({"nhom": world.groups["I"].pk, "donvi": health.pk, "tinhtrang": "qua-han"}, ["Khám sức khoẻ"]),
        ({"nhom": world.groups["I"].pk, "tinhtrang": "hoan-thanh"}, []),
    ]
    for params, expected in cases:
        response = table(client, world, **params)
        assert contents(response) == expected, params
        html = response.content.decode()
        assert f"{len(expected)}/6 kỳ hạn phù hợp với bộ lọc." in html
    assert "Không có kỳ hạn nào phù hợp với bộ lọc." in html
    # The filter form offers what this plan has, in its own words.
    form = response.context["table_filter"]
    assert [label for _, label in form.fields["nhom"].choices] == ["Tất cả", "I Quý I", "II Quý II"]
    assert [label for _, label in form.fields["donvi"].choices] == ["Tất cả", "Sở Tư pháp", "Sở Xây dựng", "Sở Y tế"]
    assert [label for _, label in form.fields["tinhtrang"].choices] == [
        "Tất cả",
        "Quá hạn",
        "Sắp đến hạn",
        "Chưa thực hiện",
        "Đang thực hiện",
        "Hoàn thành",
        "Không thực hiện",
    ]


def test_values_from_elsewhere_are_ignored_not_an_error(client, world):
    client.force_login(world.editor)
    response = table(client, world, nhom="999999", donvi="abc", tinhtrang="gi-do", sapxep="xoa")
    assert len(contents(response)) == 6
    assert response.context["table"].sort == "han"


def test_sorts_by_tt_in_order_due_date_unit_and_status_both_ways(client, world):
    client.force_login(world.editor)
    in_table_order = [content for _, _, content, _, _ in ROWS]
    assert contents(table(client, world, sapxep="tt")) == in_table_order
    assert contents(table(client, world, sapxep="-tt")) == in_table_order[::-1]
    by_due = [
        "Báo cáo sơ kết",
        "Khám sức khoẻ",
        "Rà soát văn bản",
        "Giám sát dịch",
        "Tiêm chủng",
        "Kiểm tra công trình",
    ]
    assert contents(table(client, world)) == by_due
    assert contents(table(client, world, sapxep="-han")) == by_due[::-1]
    by_unit = [
        "Rà soát văn bản",
        "Kiểm tra công trình",
        "Báo cáo sơ kết",
        "Khám sức khoẻ",
        "Giám sát dịch",
        "Tiêm chủng",
    ]
    assert contents(table(client, world, sapxep="don-vi")) == by_unit
    assert contents(table(client, world, sapxep="-don-vi")) == [
        "Tiêm chủng",
        "Giám sát dịch",
        "Khám sức khoẻ",
        "Báo cáo sơ kết",
        "Kiểm tra công trình",
        "Rà soát văn bản",
    ]
    by_status = [
        "Khám sức khoẻ",
        "Rà soát văn bản",
        "Giám sát dịch",
        "Tiêm chủng",
        "Kiểm tra công trình",
        "Báo cáo sơ kết",
    ]
    assert contents(table(client, world, sapxep="trang-thai")) == by_status


def test_sort_links_say_their_state_and_keep_the_filters(client, world):
    client.force_login(world.editor)
    html = table(client, world).content.decode()
    assert (
        header(html, "han")
        == '<th data-sort="han" aria-sort="ascending"><a href="?sapxep=-han#bang-tien-do">Hạn</a></th>'
    )
    assert header(html, "tt") == '<th data-sort="tt"><a href="?sapxep=tt#bang-tien-do">TT</a></th>'
    assert html.count("aria-sort=") == 1

    group = world.groups["II"].pk
    html = table(client, world, nhom=group, sapxep="-tt").content.decode()
    assert header(html, "tt") == (
        f'<th data-sort="tt" aria-sort="descending"><a href="?nhom={group}&amp;sapxep=tt#bang-tien-do">TT</a></th>'
    )
    assert header(html, "trang-thai") == (
        f'<th data-sort="trang-thai"><a href="?nhom={group}&amp;sapxep=trang-thai#bang-tien-do">Trạng thái</a></th>'
    )
    # The filter form carries the order too (a phone hides the table's head): filtering keeps it.
    assert '<option value="-tt" selected>TT: ngược thứ tự kế hoạch</option>' in html


def test_queries_stay_the_same_for_n_and_3n_tasks_whatever_is_filtered(client, world, django_assert_num_queries):
    client.force_login(world.editor)
    url = reverse("tasks:dashboard", args=[world.plan.pk])
    params = {"nhom": world.groups["II"].pk, "donvi": world.units["Sở Y tế"].pk, "sapxep": "trang-thai"}
    with CaptureQueriesContext(connection) as n_tasks:
        client.get(url, params)
    Plan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.DRAFT)
    appendix = Appendix.objects.get(plan=world.plan)  # with the plan as it is now: a draft
    for copy in range(2):
        add_rows(appendix, world.groups, [(g, n, f"{c} ({copy})", u, d) for g, n, c, u, d in ROWS], world.today)
    Plan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.ISSUED)
    with django_assert_num_queries(len(n_tasks)):
        response = client.get(url, params)
    assert len(response.context["board"].rows) == 18
    assert len(response.context["table"].rows) == 9
    with django_assert_num_queries(len(n_tasks)):
        client.get(url)
