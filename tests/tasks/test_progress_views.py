import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tasks.models import Evidence, Occurrence, ProgressUpdate
from tasks.progress import Report, update_status
from tests.factories import ProvinceFactory, UnitFactory, UserFactory, issued_plan_with_tasks, pdf_bytes
from units.models import EmulationGroup, EmulationGroupMembership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    lead = UnitFactory(name="Sở Nội vụ", parent=province)
    partner = UnitFactory(name="Sở Tài chính", parent=province)
    other = UnitFactory(name="Sở Y tế", parent=province)
    plan, tasks = issued_plan_with_tasks(
        [
            {
                "content": "Tổ chức Hội nghị tổng kết",
                "timing": "Quý I",
                "leads": "Sở Nội vụ",
                "coordinates": "Sở Tài chính",
            },
            {"content": "Báo cáo tháng", "timing": "Ngày 20 hằng tháng", "leads": "Sở Nội vụ"},
            {"content": "Kiểm tra y tế trường học", "timing": "Quý IV", "leads": "Sở Y tế"},
        ],
        province=province,
    )
    return {
        "plan": plan,
        "tasks": tasks,
        "lead": UserFactory(role=Role.UNIT_OFFICER, unit=lead, full_name="Lê Thu Trang"),
        "partner": UserFactory(role=Role.UNIT_OFFICER, unit=partner),
        "outsider": UserFactory(role=Role.UNIT_OFFICER, unit=other),
        "editor": UserFactory(
            role=Role.PLAN_EDITOR, unit=UnitFactory(name="Ban Thi đua - Khen thưởng", parent=province)
        ),
        "units": {"lead": lead, "partner": partner, "other": other},
    }


def progress_url(task):
    return reverse("tasks:progress", args=[task.pk])


def status_post(occurrence, **overrides):
    data = {
        "action": "status",
        "occurrence": occurrence.pk,
        "version": occurrence.version,
        "status": "done",
        "percent": "",
        "noted_on": "15/03/2025",
        "note": "Đã tổ chức hội nghị ngày 14/3.",
        "reason": "",
    }
    return {**data, **overrides}


def test_lead_marks_done_with_evidence_and_sees_it_in_the_history(client, world):
    task = world["tasks"][0]
    occurrence = task.occurrences.get()
    client.force_login(world["lead"])
    data = status_post(occurrence, files=SimpleUploadedFile("bien-ban.pdf", pdf_bytes(), "application/pdf"))
    response = client.post(progress_url(task), data)
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.percent) == ("done", 100)
    page = client.get(response.url).content.decode()
    assert "Đã lưu cập nhật tiến độ." in page
    assert "Lê Thu Trang" in page and "Đã tổ chức hội nghị ngày 14/3." in page
    evidence = Evidence.objects.get()
    assert reverse("tasks:evidence", args=[evidence.pk]) in page
    download = client.get(reverse("tasks:evidence", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == pdf_bytes()
    assert download["Content-Disposition"] == 'attachment; filename="bien-ban.pdf"'


def test_officer_of_another_unit_can_neither_see_nor_update_the_task(client, world):
    task = world["tasks"][0]
    occurrence = task.occurrences.get()
    client.force_login(world["outsider"])
    assert client.get(progress_url(task)).status_code == 403
    assert client.post(progress_url(task), status_post(occurrence)).status_code == 403
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.version, ProgressUpdate.objects.count()) == ("not_started", 1, 0)
    listed = client.get(reverse("tasks:unit_tasks")).content.decode()
    assert f'data-task="{task.pk}"' not in listed


def test_evidence_of_another_units_task_is_not_downloadable(client, world):
    task = world["tasks"][0]
    update_status(
        actor=world["lead"],
        occurrence=task.occurrences.get(),
        status="done",
        percent=None,
        report=Report(date(2025, 3, 1), files=[SimpleUploadedFile("a.pdf", pdf_bytes())]),
    )
    client.force_login(world["outsider"])
    assert client.get(reverse("tasks:evidence", args=[Evidence.objects.get().pk])).status_code == 403


def test_coordinator_cannot_change_the_leads_status_but_can_contribute(client, world):
    task = world["tasks"][0]
    occurrence = task.occurrences.get()
    client.force_login(world["partner"])
    page = client.get(progress_url(task)).content.decode()
    assert "Nội dung phối hợp của đơn vị" in page and 'value="status"' not in page
    assert client.post(progress_url(task), status_post(occurrence)).status_code == 403
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.version, ProgressUpdate.objects.count()) == ("not_started", 1, 0)
    response = client.post(
        progress_url(task),
        {"action": "contribution", "occurrence": occurrence.pk, "noted_on": "10/03/2025", "note": "Đã cấp kinh phí."},
    )
    assert response.status_code == 302
    assert list(ProgressUpdate.objects.values_list("kind", "unit__name", "note")) == [
        ("contribution", "Sở Tài chính", "Đã cấp kinh phí.")
    ]


def test_the_lead_cannot_post_a_contribution_in_place_of_a_status(client, world):
    task = world["tasks"][0]
    client.force_login(world["lead"])
    response = client.post(
        progress_url(task),
        {"action": "contribution", "occurrence": task.occurrences.get().pk, "noted_on": "10/03/2025", "note": "x"},
    )
    assert response.status_code == 403


def test_second_person_saving_gets_a_conflict_and_keeps_what_they_typed(client, world):
    task = world["tasks"][0]
    occurrence = task.occurrences.get()
    colleague = UserFactory(role=Role.UNIT_OFFICER, unit=world["units"]["lead"], full_name="Trần Văn Minh")
    stale = status_post(occurrence, status="in_progress", percent="60", note="Ghi chú rất dài của tôi")
    update_status(
        actor=colleague, occurrence=occurrence, status="in_progress", percent=20, report=Report(date(2025, 3, 1))
    )
    client.force_login(world["lead"])
    response = client.post(progress_url(task), stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nhiệm vụ vừa được Trần Văn Minh cập nhật lúc" in html
    assert "Ghi chú rất dài của tôi</textarea>" in html
    assert 'name="version" value="2"' in html
    occurrence.refresh_from_db()
    assert (occurrence.percent, ProgressUpdate.objects.count()) == (20, 1)
    # Saving again is now a deliberate choice over the newer state, and goes through.
    again = {**stale, "version": 2}
    assert client.post(progress_url(task), again).status_code == 302
    occurrence.refresh_from_db()
    assert (occurrence.percent, occurrence.version) == (60, 3)


def test_a_bad_date_is_refused_in_vietnamese(client, world):
    task = world["tasks"][0]
    client.force_login(world["lead"])
    response = client.post(progress_url(task), status_post(task.occurrences.get(), noted_on="2025-03-15"))
    assert response.status_code == 400
    assert "Ngày báo cáo phải ghi dạng dd/mm/yyyy, ví dụ 15/03/2025." in response.content.decode()
    assert ProgressUpdate.objects.count() == 0


def test_monthly_task_updates_the_chosen_month(client, world):
    monthly = world["tasks"][1]
    march = monthly.occurrences.get(due_on=date(2025, 3, 20))
    client.force_login(world["lead"])
    page = client.get(progress_url(monthly), {"ky": march.pk}).content.decode()
    assert "kỳ hạn 20/03/2025" in page
    assert client.post(progress_url(monthly), status_post(march)).status_code == 302
    assert list(monthly.occurrences.filter(status="done").values_list("due_on", flat=True)) == [date(2025, 3, 20)]


def rows_of(response):
    return [row.task.content for row in response.context["rows"]]


def test_unit_task_list_filters(client, world):
    update_status(
        actor=world["lead"],
        occurrence=world["tasks"][0].occurrences.get(),
        status="done",
        percent=None,
        report=Report(date(2025, 3, 1)),
    )
    client.force_login(world["lead"])
    url = reverse("tasks:unit_tasks")
    everything = ["Báo cáo tháng", "Tổ chức Hội nghị tổng kết"]
    assert sorted(rows_of(client.get(url))) == everything
    assert rows_of(client.get(url, {"status": "done"})) == ["Tổ chức Hội nghị tổng kết"]
    assert rows_of(client.get(url, {"q": "hoi nghi TONG ket"})) == ["Tổ chức Hội nghị tổng kết"]
    assert rows_of(client.get(url, {"due_month": "3"})) == ["Tổ chức Hội nghị tổng kết", "Báo cáo tháng"]
    assert rows_of(client.get(url, {"due_month": "4"})) == ["Báo cáo tháng"]
    assert rows_of(client.get(url, {"role": "coordinates"})) == []
    assert rows_of(client.get(url, {"plan": world["plan"].pk, "quarter": "4"})) == ["Báo cáo tháng"]
    # Today (any day after 20/01/2025) the monthly report is overdue; the conference is done.
    overdue = client.get(url, {"overdue": "co"})
    assert rows_of(overdue) == ["Báo cáo tháng"]
    assert rows_of(client.get(url, {"overdue": "khong"})) == ["Tổ chức Hội nghị tổng kết"]
    assert 'class="is-overdue"' in overdue.content.decode()


def test_unit_task_list_queries_do_not_grow_with_rows(client, world, django_assert_max_num_queries):
    province = world["plan"].issuing_unit
    issued_plan_with_tasks(
        [{"content": f"Việc số {n}", "timing": "Ngày 5 hằng tháng", "leads": "Sở Nội vụ"} for n in range(60)],
        province=province,
    )
    client.force_login(world["lead"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("tasks:unit_tasks"))
    assert len(response.context["rows"]) == 50
    assert "Trang 1/2" in response.content.decode()


def test_dashboard_counts_quarters_units_and_clusters(client, world):
    lead, outsider = world["lead"], world["outsider"]
    update_status(
        actor=lead,
        occurrence=world["tasks"][0].occurrences.get(),
        status="done",
        percent=None,
        report=Report(date(2025, 3, 1), note="Xong"),
    )
    group = EmulationGroup.objects.create(
        name="Khối các cơ quan tổng hợp", kind="khoi", year=2025, organiser=world["plan"].issuing_unit
    )
    EmulationGroupMembership.objects.create(group=group, unit=world["units"]["lead"], role="truong")
    EmulationGroupMembership.objects.create(group=group, unit=world["units"]["partner"], role="thanh_vien")
    client.force_login(outsider)
    assert client.get(reverse("tasks:dashboard", args=[world["plan"].pk])).status_code == 403
    client.force_login(world["editor"])
    response = client.get(reverse("tasks:dashboard", args=[world["plan"].pk]))
    assert response.status_code == 200
    board = response.context["board"]
    assert (board.total.total, board.total.counts["done"]) == (14, 1)  # 1 + 12 months + 1
    by_quarter = {label: b.counts["done"] for label, b in board.by_quarter}
    assert list(by_quarter) == ["Quý I", "Quý II", "Quý III", "Quý IV"]
    assert by_quarter["Quý I"] == 1
    by_unit = {unit.name: (b.total, b.counts["done"]) for unit, b in board.by_unit}
    assert by_unit == {"Sở Nội vụ": (13, 1), "Sở Y tế": (1, 0)}
    ((members_board),) = board.groups
    # Membership order is the registry's (role code, then name).
    assert [(m.unit.name, b.total) for m, b in members_board.members] == [("Sở Tài chính", 0), ("Sở Nội vụ", 13)]
    html = response.content.decode()
    assert 'class="stackbar"' in html and 'data-kpi="done">1<' in html
    # The donut: 1 of 14 done = 7.14% of the circle, starting at twelve o'clock.
    assert 'class="arc-done" stroke-dasharray="7.14 92.86" stroke-dashoffset="25.00"' in html
    assert "Khối các cơ quan tổng hợp" in html


def test_progress_export_is_a_real_workbook(client, world):
    update_status(
        actor=world["lead"],
        occurrence=world["tasks"][0].occurrences.get(),
        status="done",
        percent=None,
        report=Report(date(2025, 3, 1), note="Đã tổ chức"),
    )
    client.force_login(world["editor"])
    response = client.get(reverse("tasks:dashboard_export", args=[world["plan"].pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Tiến độ"]
    assert [c.value for c in sheet[1]][:8] == [
        "TT",
        "Nhóm",
        "Nội dung",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Hạn",
        "Trạng thái",
        "Tiến độ (%)",
    ]
    assert sheet.max_row == 15
    first = [c.value for c in sheet[2]]
    assert (first[2], first[3], first[4], first[5].date(), first[6], first[7]) == (
        "Báo cáo tháng",
        "Sở Nội vụ",
        None,
        date(2025, 1, 20),
        "Quá hạn",
        0,
    )
    conference = next(
        row for row in sheet.iter_rows(min_row=2, values_only=True) if row[2] == "Tổ chức Hội nghị tổng kết"
    )
    assert conference[3:8] == ("Sở Nội vụ", "Sở Tài chính", conference[5], "Hoàn thành", 100)
    assert conference[5].date() == date(2025, 3, 31)
    assert conference[9] == "Đã tổ chức"
    assert [c.value for c in workbook["Theo đơn vị"]["A"]][1:] == ["Sở Nội vụ", "Sở Y tế"]


def test_plan_page_links_editors_to_the_dashboard(client, world):
    client.force_login(world["editor"])
    html = client.get(world["plan"].get_absolute_url()).content.decode()
    assert reverse("tasks:dashboard", args=[world["plan"].pk]) in html
    client.force_login(world["lead"])
    html = client.get(world["plan"].get_absolute_url()).content.decode()
    assert reverse("tasks:dashboard", args=[world["plan"].pk]) not in html


def test_occurrences_exist_for_every_task(world):
    assert Occurrence.objects.count() == 14


def test_dashboard_queries_do_not_grow_with_tasks(client, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world["editor"])
    url = reverse("tasks:dashboard", args=[world["plan"].pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    plan = world["plan"]
    plan.status = "draft"
    plan.save()
    from tasks.services import add_task

    for n in range(30):
        add_task(
            actor=None,
            appendix=plan.appendices.get(),
            data={"content": f"Việc {n}", "timing_text": "Ngày 5 hằng tháng", "unit_cells": {"leads": "Sở Y tế"}},
        )
    plan.status = "issued"  # issued again: "Nhắc đơn vị" (and its one query) is offered only then
    plan.save()
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert response.context["board"].total.total == 14 + 30 * 12


def test_progress_page_queries_do_not_grow_with_history(client, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monthly = world["tasks"][1]
    client.force_login(world["lead"])
    url = progress_url(monthly)
    first, *others = monthly.occurrences.order_by("due_on")

    def report(occurrence):
        update_status(
            actor=world["lead"],
            occurrence=occurrence,
            status="in_progress",
            percent=50,
            report=Report(date(2025, 3, 1), files=[SimpleUploadedFile("a.pdf", pdf_bytes())]),
        )

    report(first)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for occurrence in others:
        report(occurrence)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert response.content.decode().count("data-update=") == 12


def test_the_plan_history_tells_progress_in_words(client, world):
    update_status(
        actor=world["lead"],
        occurrence=world["tasks"][0].occurrences.get(),
        status="in_progress",
        percent=40,
        report=Report(date(2025, 3, 1), note="Đang chuẩn bị"),
    )
    client.force_login(world["editor"])
    html = client.get(reverse("plans:history", args=[world["plan"].pk])).content.decode()
    assert "Sở Nội vụ cập nhật nhiệm vụ 1 “Tổ chức Hội nghị tổng kết” (hạn 31/03/2025): Đang thực hiện, 40%" in html
    assert "<del>Chưa thực hiện</del> → Đang thực hiện" in html
    assert "not_started" not in html


def test_filter_bar_keeps_the_choices_made_and_escapes_the_search(client, world):
    client.force_login(world["lead"])
    html = client.get(reverse("tasks:unit_tasks"), {"status": "done", "q": '<b>"hội nghị"</b>'}).content.decode()
    assert '<option value="done" selected>Hoàn thành</option>' in html
    assert '<option value="" selected>Tất cả</option>' in html  # the other filters
    assert 'value="&lt;b&gt;&quot;hội nghị&quot;&lt;/b&gt;"' in html
    assert '<label for="id_due_month">Hạn trong tháng</label>' in html


def test_unit_task_rows_escape_what_people_typed_and_show_where_each_task_stands(client, world):
    """The rows are written in Python (tasks/templatetags/task_tables.unit_task_rows), not by the
    template engine's autoescaping: every typed text must still arrive escaped."""
    from tasks.models import Task, TaskGroup

    province = world["plan"].issuing_unit
    plan, (monthly, unread) = issued_plan_with_tasks(
        [
            {
                "content": '<script>alert("x")</script> & báo cáo tháng',
                "timing": "Ngày 20 hằng tháng",
                "leads": "Sở Nội vụ",
                "coordinates": "Sở Nội vụ",
            },
            {
                "content": "Báo cáo <b>quý</b>",
                "timing": "Khi có yêu cầu\n<i>trước 17 giờ</i>",
                "coordinates": "Sở Nội vụ",
            },
        ],
        province=province,
    )
    group = TaskGroup.objects.create(appendix=monthly.appendix, number="I", title="Nhóm <b>1</b>")
    Task.objects.filter(pk=monthly.pk).update(group=group)
    update_status(
        actor=world["lead"],
        occurrence=monthly.occurrences.order_by("due_on").first(),
        status="in_progress",
        percent=40,
        report=Report(date(2025, 1, 15)),
    )
    client.force_login(world["lead"])
    html = client.get(reverse("tasks:unit_tasks"), {"plan": plan.pk, "trang": "1"}).content.decode()
    back = f"tu=%2Fnhiem-vu-cua-don-vi%2F%3Fplan%3D{plan.pk}%26trang%3D1"
    start = html.index("<tbody>") + len("<tbody>")
    rows = html[start : html.index("</tbody>")].strip()
    plan_cell = f'<td><a href="/ke-hoach/{plan.pk}/">{plan.reference}</a><div class="muted">{province.name}</div></td>'
    assert rows == (
        f'<tr data-task="{monthly.pk}" class="is-overdue">{plan_cell}'
        "<td>Nhóm &lt;b&gt;1&lt;/b&gt; – 1</td>"
        "<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; báo cáo tháng</td>"
        '<td><span class="badge">Chủ trì</span> <span class="badge">Phối hợp</span> </td>'
        '<td>Ngày 20 hằng tháng<div class="muted timing-summary">Hằng tháng, ngày 20</div></td>'
        '<td>20/01/2025<div class="muted">12 kỳ</div></td>'
        '<td class="status-cell"><span class="badge status-in_progress">Đang thực hiện</span>'
        ' <span class="muted">40%</span> <span class="badge badge-review">Quá hạn</span></td>'
        f'<td><a class="button small" href="/nhiem-vu/{monthly.pk}/tien-do/?{back}">Tiến độ</a></td>'
        "</tr>\n"
        f'<tr data-task="{unread.pk}">{plan_cell}'
        "<td>2</td>"
        "<td>Báo cáo &lt;b&gt;quý&lt;/b&gt;</td>"
        '<td><span class="badge">Phối hợp</span> </td>'
        "<td>Khi có yêu cầu<br>&lt;i&gt;trước 17 giờ&lt;/i&gt;"
        '<div class="muted timing-summary">Chưa hiểu được thời gian — cần người kiểm tra</div></td>'
        "<td>—</td>"
        '<td class="status-cell"><span class="badge status-not_started">Chưa thực hiện</span></td>'
        f'<td><a class="button small" href="/nhiem-vu/{unread.pk}/tien-do/?{back}">Tiến độ</a></td>'
        "</tr>"
    )
