"""A task's progress page opened from a list offers "←" back to that list as it was (filters, page),
keeps it through a save, and never leads to another site however the link is crafted."""

import html
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from .test_progress_views import progress_url, status_post, world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def back_link(page: str) -> tuple[str, str] | None:
    found = re.search(r'<a href="([^"]*)">← ([^<]*)</a>', page)
    return (html.unescape(found[1]), found[2]) if found else None


def link_to_progress(page: str, task) -> str:
    found = re.search(rf'href="({re.escape(progress_url(task))}[^"]*)"', page)
    return html.unescape(found[1])


def test_from_the_unit_list_with_filters_and_back_after_a_save(client, world):  # noqa: F811
    task = world["tasks"][0]
    client.force_login(world["lead"])
    listing = reverse("tasks:unit_tasks") + "?" + urlencode({"q": "hoi nghi", "status": "not_started"})
    opened = link_to_progress(client.get(listing).content.decode(), task)
    assert opened == progress_url(task) + "?" + urlencode({"tu": listing})

    page = client.get(opened).content.decode()
    assert back_link(page) == (listing, "Nhiệm vụ của đơn vị")
    saved = client.post(opened, status_post(task.occurrences.get()))
    assert saved.status_code == 302
    assert back_link(client.get(saved.url).content.decode()) == (listing, "Nhiệm vụ của đơn vị")


def test_from_the_dashboard_and_from_the_home_page(client, world):  # noqa: F811
    task = world["tasks"][0]
    client.force_login(world["editor"])
    board = reverse("tasks:dashboard", args=[world["plan"].pk]) + "?" + urlencode({"tinhtrang": "qua-han"})
    # The first quarter's conference, never reported, is overdue: it is listed under the filter.
    opened = link_to_progress(client.get(board).content.decode(), task)
    assert back_link(client.get(opened).content.decode()) == (board, "Bảng theo dõi tiến độ")
    full_board = reverse("tasks:dashboard", args=[world["plan"].pk])
    opened = link_to_progress(client.get(full_board).content.decode(), task)
    assert back_link(client.get(opened).content.decode()) == (full_board, "Bảng theo dõi tiến độ")

    client.force_login(world["lead"])
    opened = link_to_progress(client.get(reverse("home")).content.decode(), world["tasks"][1])
    assert back_link(client.get(opened).content.decode()) == ("/", "Việc của tôi")


@pytest.mark.parametrize(
    "crafted",
    ["https://example.com/", "//example.com/", "/\\example.com", "javascript:alert(1)", "ke-hoach/1/", ""],
)
def test_a_crafted_origin_gives_no_back_link(client, world, crafted):  # noqa: F811
    task = world["tasks"][0]
    client.force_login(world["lead"])
    page = client.get(progress_url(task), {"tu": crafted}).content.decode()
    assert back_link(page) is None
    assert "example.com" not in page


def test_an_origin_that_is_no_page_of_ours_gives_no_back_link_but_another_page_is_trang_truoc(client, world):  # noqa: F811
    task = world["tasks"][0]
    client.force_login(world["lead"])
    assert back_link(client.get(progress_url(task), {"tu": "/khong-co-trang-nay/"}).content.decode()) is None
    plan_page = world["plan"].get_absolute_url()
    page = client.get(progress_url(task), {"tu": plan_page}).content.decode()
    assert back_link(page) == (plan_page, "Trang trước")
