"""Unmatched names made into registry units from the import preview (issue 14, deliverable 4):
kind and parent proposed from the name and the plan's issuer, confirmed in bulk, editable."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activity.models import ActivityLog
from plans.models import AppendixImport
from tasks.models import Task
from tests.factories import PlanFactory, UserFactory
from units.divisions import find_province
from units.models import Role, Unit, UnitKind, UnitLevel
from units.proposals import Proposer
from units.services import NewUnit, create_units, load_province

from .builders import xlsx
from .test_views import page_form, unit_labels

pytestmark = pytest.mark.django_db

HEADER = ["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"]
ROWS = [
    [1, "Đăng ký thi đua năm 2026", "Phòng Văn hóa - Xã hội", "Các thôn", "Quý I"],
    [2, "Tổng kết công tác thi đua, khen thưởng", "UBND xã", "Hội Nông dân xã; Sở Du lịch", "Quý IV"],
    [3, "Phát động thi đua trong trường học", "Phòng Văn hóa - Xã hội", "Trường Tiểu học Khoái Châu", "Quý II"],
]
PROVINCE = "Ủy ban nhân dân tỉnh Hưng Yên"
COMMUNE = "Ủy ban nhân dân xã Khoái Châu"


@pytest.fixture
def commune():
    load_province(actor=None, province=find_province("Hưng Yên"))
    return Unit.objects.get(name=COMMUNE)


@pytest.fixture
def plan(commune):
    return PlanFactory(
        issuing_unit=commune, status="draft", year=2026, issued_on=datetime.date(2026, 1, 5), place="Khoái Châu"
    )


@pytest.fixture
def editor(commune):
    return UserFactory(role=Role.PLAN_EDITOR, unit=commune)


def proposal(proposer, text):
    found = proposer.propose(text)
    return found and (found.kind, found.parent.name, found.level)


def test_kind_and_parent_are_proposed_from_the_name_and_the_issuer(commune):
    province = Unit.objects.get(name=PROVINCE)
    committees = list(Unit.objects.filter(kind=UnitKind.PEOPLES_COMMITTEE, tree_root=province))
    in_commune = Proposer(commune, province, committees)
    in_province = Proposer(province, province, committees)
    assert {text: proposal(in_commune, text) for text in ROWS_TEXTS} == {
        "Phòng Văn hóa - Xã hội": (UnitKind.OFFICE, COMMUNE, UnitLevel.COMMUNE),
        "Các thôn": None,
        "Hội Nông dân xã": (UnitKind.MASS_ORGANISATION, COMMUNE, UnitLevel.COMMUNE),
        "Sở Du lịch": (UnitKind.DEPARTMENT, PROVINCE, UnitLevel.PROVINCE),
        "Trường Tiểu học Khoái Châu": (UnitKind.SCHOOL, COMMUNE, UnitLevel.COMMUNE),
        "UBND xã Tân Tiến": (UnitKind.PEOPLES_COMMITTEE, PROVINCE, UnitLevel.COMMUNE),
        "Các cơ quan, đơn vị liên quan": None,
        "Đảng ủy xã": (UnitKind.PARTY, COMMUNE, UnitLevel.COMMUNE),
    }
    assert proposal(in_province, "Trường Mầm non xã Khoái Châu") == (UnitKind.SCHOOL, COMMUNE, UnitLevel.COMMUNE)
    assert proposal(in_province, "Trung tâm Phục vụ hành chính công tỉnh") == (
        UnitKind.OTHER,
        PROVINCE,
        UnitLevel.PROVINCE,
    )
    assert proposal(in_province, "Phòng Tổ chức cán bộ") == (UnitKind.OFFICE, PROVINCE, UnitLevel.PROVINCE)


ROWS_TEXTS = [
    "Phòng Văn hóa - Xã hội",
    "Các thôn",
    "Hội Nông dân xã",
    "Sở Du lịch",
    "Trường Tiểu học Khoái Châu",
    "UBND xã Tân Tiến",
    "Các cơ quan, đơn vị liên quan",
    "Đảng ủy xã",
]


def upload(client, plan):
    book = SimpleUploadedFile("kh-xa.xlsx", xlsx({"Phụ lục": [HEADER, *ROWS]}).getvalue())
    client.post(reverse("plans:import_start", args=[plan.pk]), {"file": book})
    return AppendixImport.objects.get()


def field(page, kind, text):
    """The name of the `kind` field ("new", "parent", "kind", "unit") on the row of `text`."""
    index = next(key for key, label in unit_labels(page).items() if label == text).split("_")[1]
    return f"{kind}_{index}"


def options(page, name):
    body = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)[1]
    return re.findall(r'<option value="[^"]*"[^>]*>([^<]*)</option>', body)


def test_ticked_names_become_units_in_one_step_and_the_import_links_them(client, plan, commune, editor, media):
    client.force_login(editor)
    staged = upload(client, plan)
    page = client.get(staged.get_absolute_url()).content.decode()
    form = page_form(page)
    # Proposed and ticked: the commune's office and the commune's school; not the collective phrase,
    # nor the province's department, which a commune's editor cannot add.
    ticked = {label for key, label in unit_labels(page).items() if form.get(f"new_{key.split('_')[1]}")}
    assert ticked == {"Phòng Văn hóa - Xã hội", "Hội Nông dân xã", "Trường Tiểu học Khoái Châu"}
    assert form[field(page, "parent", "Sở Du lịch")] == ""
    assert f"Đề xuất: thuộc “{PROVINCE}” — bạn không thêm được" in page
    assert PROVINCE not in options(page, field(page, "parent", "Sở Du lịch"))
    # Only units active on the plan's day are offered to link: the district closed on 30/06/2025 is not.
    linkable = options(page, field(page, "unit", "Sở Du lịch"))
    assert COMMUNE in linkable and "Ủy ban nhân dân huyện Khoái Châu" not in linkable
    # The school is edited: a kind changed by hand; the association is left out.
    form[field(page, "kind", "Trường Tiểu học Khoái Châu")] = UnitKind.OTHER
    form.pop(field(page, "new", "Hội Nông dân xã"))
    form["action"] = "create_units"
    response = client.post(staged.get_absolute_url(), form)
    assert response.status_code == 302 and response["Location"] == staged.get_absolute_url()
    made = Unit.objects.filter(parent=commune).exclude(kind=UnitKind.PEOPLES_COMMITTEE).order_by("name")
    assert [(u.name, u.kind, u.level) for u in made] == [
        ("Phòng Văn hóa - Xã hội", UnitKind.OFFICE, UnitLevel.COMMUNE),
        ("Trường Tiểu học Khoái Châu", UnitKind.OTHER, UnitLevel.COMMUNE),
    ]
    log = ActivityLog.objects.get(action="unit.create")
    assert (log.actor, log.context_id, log.summary) == (
        editor,
        plan.pk,
        "Thêm 2 đơn vị vào danh mục từ tệp “kh-xa.xlsx”: “Phòng Văn hóa - Xã hội” (thuộc Ủy ban nhân dân xã Khoái "
        "Châu), “Trường Tiểu học Khoái Châu” (thuộc Ủy ban nhân dân xã Khoái Châu)",
    )
    page = client.get(staged.get_absolute_url()).content.decode()
    assert set(unit_labels(page).values()) == {"Các thôn", "Hội Nông dân xã", "Sở Du lịch"}
    form = page_form(page)
    form["action"] = "confirm"
    client.post(staged.get_absolute_url(), form)
    linked = {
        (task.number, a.text): a.unit.name if a.unit else None
        for task in Task.objects.filter(appendix__plan=plan)
        for a in task.assignments.all()
    }
    assert linked == {
        ("1", "Phòng Văn hóa - Xã hội"): "Phòng Văn hóa - Xã hội",
        ("1", "Các thôn"): None,
        ("2", "UBND xã"): COMMUNE,
        ("2", "Hội Nông dân xã"): None,
        ("2", "Sở Du lịch"): None,
        ("3", "Phòng Văn hóa - Xã hội"): "Phòng Văn hóa - Xã hội",
        ("3", "Trường Tiểu học Khoái Châu"): "Trường Tiểu học Khoái Châu",
    }


def test_a_name_the_parent_already_has_is_refused_and_nothing_is_written(commune):
    Unit.objects.create(name="Phòng Văn hoá - Xã hội", parent=commune, kind=UnitKind.OFFICE)
    with pytest.raises(ValidationError) as refused:
        create_units(
            actor=None,
            units=[
                NewUnit("Trường Tiểu học Khoái Châu", commune, UnitKind.SCHOOL),
                NewUnit("Phòng Văn hóa -  Xã hội", commune, UnitKind.OFFICE),
                NewUnit("Đội dân phòng", commune, "doi"),
            ],
        )
    assert refused.value.messages == [
        "Đơn vị thứ 3 (“Đội dân phòng”): loại “doi” không có trong danh mục.",
    ]
    with pytest.raises(ValidationError) as refused:
        create_units(actor=None, units=[NewUnit("Phòng Văn hóa -  Xã hội", commune, UnitKind.OFFICE)])
    assert refused.value.messages == [
        "“Ủy ban nhân dân xã Khoái Châu” đã có đơn vị “Phòng Văn hoá - Xã hội” trong danh mục; "
        "hãy gắn tên với đơn vị đó."
    ]
    assert not Unit.objects.filter(name="Trường Tiểu học Khoái Châu").exists()
    assert not ActivityLog.objects.filter(action="unit.create").exists()


def test_a_page_drawn_before_the_registry_changed_or_a_parent_not_offered_adds_nothing(
    client, plan, commune, editor, media
):
    client.force_login(editor)
    staged = upload(client, plan)
    page = client.get(staged.get_absolute_url()).content.decode()
    form = page_form(page) | {"action": "create_units"}
    Unit.objects.create(name="Hội Nông dân xã Khoái Châu", parent=commune, kind=UnitKind.MASS_ORGANISATION)
    response = client.post(staged.get_absolute_url(), form, follow=True)
    assert "Danh sách tên chưa khớp vừa thay đổi" in response.content.decode()
    assert not Unit.objects.filter(name="Phòng Văn hóa - Xã hội").exists()
    # A parent the editor may not add under is not a choice at all.
    page = client.get(staged.get_absolute_url()).content.decode()
    form = page_form(page) | {"action": "create_units"}
    form[field(page, "new", "Sở Du lịch")] = "on"
    form[field(page, "parent", "Sở Du lịch")] = str(Unit.objects.get(name=PROVINCE).pk)
    client.post(staged.get_absolute_url(), form)
    assert not Unit.objects.filter(name__in=["Sở Du lịch", "Phòng Văn hóa - Xã hội"]).exists()
    assert not ActivityLog.objects.filter(action="unit.create").exists()
