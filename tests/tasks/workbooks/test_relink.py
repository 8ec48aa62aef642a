""" "Khớp lại đơn vị" (issue 14, deliverable 4): an appendix's unit cells linked again after the
registry or its aliases changed, every change shown (row, column, before → after) before it saves."""

import datetime
import re

import pytest
from django.urls import reverse

from activity.models import ActivityLog
from tasks.models import Task
from tasks.services import relink_changes
from tasks.workbooks.services import import_workbook
from tests.factories import PlanFactory, UserFactory
from units.divisions import find_province
from units.models import Role, Unit, UnitAlias, UnitKind, UnitLevel
from units.services import load_province

from .builders import xlsx

pytestmark = pytest.mark.django_db

HEADER = ["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"]
ROWS = [
    [1, "Đăng ký thi đua năm 2026", "Phòng Văn hóa - Xã hội", "Các thôn", "Quý I"],
    [2, "Tổng kết công tác thi đua, khen thưởng", "UBND xã", "Tổ công nghệ số cộng đồng; Trạm Y tế xã", "Quý IV"],
]


@pytest.fixture
def commune():
    load_province(actor=None, province=find_province("Hưng Yên"))
    return Unit.objects.get(name="Ủy ban nhân dân xã Khoái Châu")


@pytest.fixture
def plan(commune):
    plan = PlanFactory(
        issuing_unit=commune, status="draft", year=2026, issued_on=datetime.date(2026, 1, 5), place="Khoái Châu"
    )
    book = xlsx({"Phụ lục": [HEADER, *ROWS]})
    import_workbook(actor=None, plan=plan, fileobj=book, filename="kh-xa.xlsx", accepted=True)
    return plan


@pytest.fixture
def editor(commune):
    return UserFactory(role=Role.PLAN_EDITOR, unit=commune)


def body_unit(commune, name, kind=UnitKind.OFFICE, **fields):
    return Unit.objects.create(name=name, parent=commune, kind=kind, level=UnitLevel.COMMUNE, **fields)


def links(plan):
    return [
        (task.number, a.role, a.text, a.unit.name if a.unit else None)
        for task in Task.objects.filter(appendix__plan=plan).order_by("position")
        for a in task.assignments.order_by("role", "position")
    ]


def rows(page):
    return [
        [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
            for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr><td>.*?</tr>", page.split('class="list relink-changes"')[1], re.S)
    ]


def test_the_page_shows_each_change_and_saving_writes_it_once(client, plan, commune, editor):
    appendix = plan.appendices.get()
    assert links(plan)[:2] == [
        ("1", "coordinates", "Các thôn", None),
        ("1", "leads", "Phòng Văn hóa - Xã hội", None),
    ]
    office = body_unit(commune, "Phòng Văn hóa - Xã hội")
    team = body_unit(commune, "Tổ Công nghệ số cộng đồng xã Khoái Châu", kind=UnitKind.OTHER)
    url = reverse("plans:appendix_relink", args=[plan.pk, appendix.pk])
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert "2 ô sẽ thay đổi" in page
    assert rows(page) == [
        [
            "TT 1",
            "Đơn vị chủ trì",
            "Phòng Văn hóa - Xã hội (chưa gắn)",
            "Phòng Văn hóa - Xã hội → Phòng Văn hóa - Xã hội",
        ],
        [
            "TT 2",
            "Đơn vị phối hợp",
            "Tổ công nghệ số cộng đồng (chưa gắn) Trạm Y tế xã (chưa gắn)",
            "Tổ công nghệ số cộng đồng → Tổ Công nghệ số cộng đồng xã Khoái Châu Trạm Y tế xã (chưa gắn)",
        ],
    ]
    expected = re.search(r'name="expected" value="([0-9a-f]+)"', page)[1]
    plan.refresh_from_db()
    version = plan.version
    response = client.post(url, {"expected": expected})
    assert response.status_code == 302 and response["Location"] == f"{plan.get_absolute_url()}#appendix-{appendix.pk}"
    assert links(plan) == [
        ("1", "coordinates", "Các thôn", None),
        ("1", "leads", "Phòng Văn hóa - Xã hội", office.name),
        ("2", "coordinates", "Tổ công nghệ số cộng đồng", team.name),
        ("2", "coordinates", "Trạm Y tế xã", None),
        ("2", "leads", "UBND xã", commune.name),
    ]
    log = ActivityLog.objects.get(action="appendix.relink_units")
    assert (log.actor, log.target_id, log.context_id, log.summary) == (
        editor,
        appendix.pk,
        plan.pk,
        "Khớp lại đơn vị phụ lục “Phụ lục”: 2 ô thay đổi",
    )
    assert log.after["cells"][0] == ["TT 1", "Đơn vị chủ trì", f"Phòng Văn hóa - Xã hội → {office.name}"]
    plan.refresh_from_db()
    assert plan.version == version + 1
    assert "Không có ô nào thay đổi" in client.get(url).content.decode()


def test_a_registry_change_after_the_page_was_shown_saves_nothing(client, plan, commune, editor):
    appendix = plan.appendices.get()
    body_unit(commune, "Phòng Văn hóa - Xã hội")
    url = reverse("plans:appendix_relink", args=[plan.pk, appendix.pk])
    client.force_login(editor)
    expected = re.search(r'name="expected" value="([0-9a-f]+)"', client.get(url).content.decode())[1]
    before = links(plan)
    UnitAlias.objects.create(unit=commune, name="Trạm Y tế xã")  # someone else adds an alias meanwhile
    response = client.post(url, {"expected": expected})
    assert response.status_code == 200
    assert "Danh mục đơn vị hoặc phụ lục vừa thay đổi sau khi bạn xem" in response.content.decode()
    assert links(plan) == before and not ActivityLog.objects.filter(action="appendix.relink_units").exists()


def test_a_persons_link_stays_until_its_unit_closes_then_follows_the_successor(plan, commune):
    appendix = plan.appendices.get()
    station = body_unit(commune, "Trạm Y tế xã Khoái Châu", kind=UnitKind.OTHER)
    alias = UnitAlias.objects.create(unit=station, name="Trạm Y tế xã")
    assert [(c.row, c.after[1][1]) for c in relink_changes(appendix)] == [("TT 2", station)]
    from tasks.services import relink_fingerprint, relink_units

    relink_units(actor=None, appendix=appendix, expected=relink_fingerprint(relink_changes(appendix)))
    alias.delete()  # the registry no longer knows the name: the link a person made stays
    assert relink_changes(appendix) == []
    centre = body_unit(commune, "Trung tâm Y tế xã Khoái Châu", kind=UnitKind.OTHER)
    station.active_to, station.successor = datetime.date(2025, 12, 31), centre
    station.save()
    changes = relink_changes(appendix)
    assert [(c.row, c.column, c.before[1], c.after[1]) for c in changes] == [
        ("TT 2", "Đơn vị phối hợp", ("Trạm Y tế xã", station), ("Trạm Y tế xã", centre))
    ]


def test_reading_the_changes_costs_the_same_queries_whatever_the_tasks(plan, django_assert_num_queries):
    appendix = plan.appendices.get()
    with django_assert_num_queries(4):
        relink_changes(appendix)
    book = xlsx({"Phụ lục": [HEADER, *[[n, f"Việc {n}", *ROWS[n % 2][2:]] for n in range(1, 41)]]})
    import_workbook(actor=None, plan=plan, fileobj=book, filename="dai.xlsx", targets={"Phụ lục": str(appendix.pk)})
    assert appendix.tasks.count() == 40
    with django_assert_num_queries(4):
        relink_changes(appendix)
