"""Councils at every level: a Sở's own council decides the base-level titles of its staff in its own
register; what belongs to a higher level is voted there and forwarded upward, hop by hop."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activity.models import ActivityLog
from awards import printing, proposals, services
from awards.models import AwardRecord, AwardType, Council, Dossier, DossierStatus, Outcome
from awards.routing import council_for
from awards.selectors import visible_dossiers
from tests.factories import CouncilFactory, CouncilMemberFactory, CouncilSessionFactory, ProvinceFactory, UnitFactory

from .conftest import make_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def department(world):
    """Sở GD&ĐT's Hội đồng TĐKT cơ sở: the Giám đốc presides, a secretary, one more member."""
    council = CouncilFactory(
        name="Hội đồng Thi đua - Khen thưởng Sở Giáo dục và Đào tạo",
        government=world.education,
        level="co_so",
        decision_symbol="QĐ-SGDĐT",
        proposal_symbol="TTr-SGDĐT",
        head_title="Giám đốc",
        head_name="Nguyễn Văn Giám",
    )
    seats = [
        CouncilMemberFactory(council=council, role="chu_tich", user__email="gd@example.vn"),
        CouncilMemberFactory(council=council, role="thu_ky", user__email="tk.sgd@example.vn"),
        CouncilMemberFactory(council=council, user__email="tv.sgd@example.vn"),
    ]
    session = CouncilSessionFactory(council=council, title="Phiên họp Hội đồng TĐKT Sở năm 2025")
    return council, seats, session


def run_session(session, dossier, voters, secretary, appraiser=None):
    """Appraised (by the secretary unless said), on the agenda, every voter agrees, results applied."""
    appraiser = appraiser or secretary
    services.apply_transition(actor=appraiser, dossier=dossier, name="start_appraisal")
    services.apply_transition(actor=appraiser, dossier=dossier, name="mark_ready")
    services.schedule_dossier(actor=appraiser, dossier=dossier, session=session)
    services.open_voting(actor=secretary, session=session)
    for user in voters:
        services.cast_ballots(
            actor=user,
            session=session,
            choices={n.pk: "dong_y" for n in Dossier.objects.get(pk=dossier.pk).nominees.all()},
        )
    services.close_voting(actor=secretary, session=session)
    services.apply_results(actor=secretary, session=session)
    dossier.refresh_from_db()
    return dossier


def test_each_dossier_goes_to_the_council_of_its_level(world, department, catalogue):
    council, _, _ = department
    # The Sở's own staff: base titles and higher ones both start at the Sở's council.
    assert council_for(world.education, catalogue["lao-dong-tien-tien"]) == council
    assert council_for(world.education, catalogue["bang-khen-chu-tich-tinh"]) == council
    # A Sở without a council of its own is considered by the level directly above it.
    assert council_for(world.health, catalogue["lao-dong-tien-tien"]) == world.council
    # A school under the Sở goes to the Sở's council.
    school = UnitFactory(name="Trường THPT Hàn Thuyên", parent=world.education, kind="truong")
    assert council_for(school, catalogue["lao-dong-tien-tien"]) == council


def test_an_award_the_level_cannot_decide_is_refused_with_the_reason(world, department, catalogue):
    with pytest.raises(ValidationError) as error:
        make_dossier(world, award_code="gia-dinh-van-hoa", nominees=())
    assert error.value.message_dict == {
        "award_type": [
            "“Gia đình văn hóa” do Chủ tịch UBND xã, thủ trưởng cơ quan, đơn vị "
            "(khoản 3 Điều 80 Luật Thi đua, khen thưởng 2022) quyết định; "
            "Sở Giáo dục và Đào tạo không xét, không trình được danh hiệu, hình thức này."
        ]
    }
    elsewhere = UnitFactory(name="Sở Tài chính", parent=ProvinceFactory(name="Ủy ban nhân dân tỉnh Thử"))
    with pytest.raises(ValidationError) as error:
        council_for(elsewhere, catalogue["lao-dong-tien-tien"])
    assert error.value.message_dict["award_type"] == [
        "Sở Tài chính và các đơn vị cấp trên chưa có Hội đồng Thi đua - Khen thưởng trên cổng, nên chưa có nơi "
        "xét hồ sơ. Hãy đề nghị quản trị hệ thống lập Hội đồng."
    ]
    assert not Dossier.objects.exists()


def test_the_departments_secretary_receives_its_dossiers_not_the_province(world, department):
    council, seats, _ = department
    secretary = seats[1].user
    dossier = make_dossier(world)
    services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    assert dossier.council == council
    assert list(visible_dossiers(secretary)) == [dossier]
    assert list(visible_dossiers(world.staff)) == []
    with pytest.raises(Exception) as error:
        services.apply_transition(actor=world.staff, dossier=dossier, name="start_appraisal")
    assert str(error.value) == "Bạn không có quyền “tiếp nhận và thẩm định”."
    services.apply_transition(actor=secretary, dossier=dossier, name="start_appraisal")


def test_the_director_decides_lao_dong_tien_tien_in_the_departments_register(client, world, department):
    council, seats, session = department
    secretary = seats[1].user
    dossier = make_dossier(world, nominees=("Nguyễn Thị Lan", "Trần Văn Bình"))
    services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    dossier = run_session(session, dossier, [s.user for s in seats], secretary)
    assert dossier.status == DossierStatus.VOTED
    award_type = dossier.award_type
    client.force_login(secretary)
    page = client.get(reverse("awards:decision_create", args=[session.pk, award_type.pk]))
    initial = {name: page.context["form"][name].value() for name in page.context["form"].fields}
    assert {k: initial[k] for k in ("parent_body_line", "issuing_body_line", "number", "symbol", "place")} == {
        "parent_body_line": "UBND TỈNH BẮC NINH",
        "issuing_body_line": "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "number": "1",
        "symbol": "QĐ-SGDĐT",
        "place": "Bắc Ninh",
    }
    issuing_unit = getattr(initial["issuing_unit"], "pk", initial["issuing_unit"])
    assert (issuing_unit, initial["signer_authority"], initial["signer_position"], initial["signer_name"]) == (
        world.education.pk,
        "",
        "GIÁM ĐỐC",
        "Nguyễn Văn Giám",
    )
    data = {k: "" if v is None else v for k, v in initial.items() if k != "nominees"}
    data["issued_on"] = datetime.date(2025, 12, 22)
    data["issuing_unit"] = world.education
    decision = services.issue_decision(
        actor=secretary, session=session, award_type=award_type, data=data, nominees=list(dossier.nominees.all())
    )
    assert decision.reference == "1/QĐ-SGDĐT"
    context = printing.decision_context(decision)
    assert context["authority"] == "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    assert context["signer"].title_lines == ["GIÁM ĐỐC"]
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DECIDED
    # The register goes on: the next decision of the Sở that year is number 2.
    assert services_next(world.education) == "2"


def services_next(unit):
    from awards.selectors import next_decision_number

    return next_decision_number(unit, 2025)


def test_a_higher_title_flows_from_the_department_to_the_province_and_upward(client, world, department, catalogue):
    council, seats, session = department
    secretary = seats[1].user
    # Meets the Prime Minister's Bằng khen route: the provincial one in 2020, then five excellent years.
    AwardRecord.objects.create(
        award_type=AwardType.objects.get(code="bang-khen-chu-tich-tinh"),
        year=2020,
        full_name="Nguyễn Thị Lan",
        birth_year=1980,
        unit=world.education,
        decision_reference="2020/QĐ-UBND",
    )
    dossier = make_dossier(
        world, award_code="bang-khen-thu-tuong", excellent_years=5, initiative_scope="co_so", initiative_count=5
    )
    services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    dossier = run_session(session, dossier, [s.user for s in seats], secretary)
    assert (dossier.status, dossier.nominees.get().outcome) == (DossierStatus.FORWARDED, Outcome.FORWARDED)
    # The province receives it as a dossier of the Sở in its own queue.
    received = dossier.forwarded_to
    assert (received.unit, received.council, received.status) == (world.education, world.council, "submitted")
    assert [n.full_name for n in received.nominees.all()] == ["Nguyễn Thị Lan"]
    assert list(visible_dossiers(world.staff)) == [received]
    proposal = proposals.proposal_context(dossier)
    assert (proposal["header"].reference.strip(), proposal["to"]) == (
        "/TTr-SGDĐT",
        "Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh",
    )
    assert proposal["signer"].title_lines == ["GIÁM ĐỐC"]
    assert [row.cells for row in proposal["appendix"].rows] == [
        ["Nguyễn Thị Lan", "Giáo viên", "Sở Giáo dục và Đào tạo", "3/3"]
    ]

    # The province's council votes it and, the award being the Prime Minister's, forwards it upward.
    award_type = AwardType.objects.get(code="bang-khen-thu-tuong")
    award_type.quorum = 10
    award_type.approval_threshold = 10
    award_type.save()
    received = run_session(world.session, received, world.members, world.secretary, appraiser=world.staff)
    assert (received.status, hasattr(received, "forwarded_to")) == (DossierStatus.FORWARDED, False)
    assert proposals.proposal_context(received)["to"] == "Thủ tướng Chính phủ (qua Bộ Nội vụ)"

    client.force_login(world.staff)
    response = client.get(reverse("awards:dossier_package", args=[received.pk]))
    assert (response.status_code, response["Content-Type"]) == (200, "application/zip")
    assert response["Content-Disposition"] == f'attachment; filename="ho-so-{received.pk}-tron-bo.zip"'
    names = sorted(
        zipfile.ZipFile(
            io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
        ).namelist()
    )
    assert [n.split("/")[0] for n in names] == ["01-so-giao-duc-va-dao-tao"] * 2 + ["01-tai-lieu"] * 4 + [
        "02-uy-ban-nhan-dan-tinh-bac-ninh"
    ] * 2
    assert sum(n.endswith(".pdf") for n in names) == len(names)
    assert client.get(reverse("awards:dossier_proposal_pdf", args=[received.pk])).status_code == 200
    # The history shows each hop, from the Sở's submission to the province's forwarding.
    page = client.get(reverse("awards:dossier_history", args=[received.pk]))
    actions = [entry.action for entry, _ in page.context["rows"]]
    assert actions[-1] == "dossier.create" and actions[0] == "dossier.council_forward"
    assert actions.count("dossier.council_forward") == 2 and "dossier.receive" in actions
    assert ActivityLog.objects.filter(action="dossier.receive").count() == 1


def test_a_council_above_must_have_the_higher_or_same_level(world, department):
    council, _, _ = department
    world.council.parent = council
    with pytest.raises(ValidationError):
        world.council.full_clean()
    assert Council.objects.get(pk=world.council.pk).parent is None


def test_a_draft_waits_for_a_council_and_cannot_be_submitted_without_one(world, catalogue):
    from tests.factories import UserFactory
    from units.models import Role

    elsewhere = UnitFactory(name="Sở Tài chính", parent=ProvinceFactory(name="Ủy ban nhân dân tỉnh Thử"))
    officer = UserFactory(role=Role.UNIT_OFFICER, unit=elsewhere)
    dossier = make_dossier(world, officer=officer)
    assert dossier.council is None
    with pytest.raises(ValidationError) as error:
        services.apply_transition(actor=officer, dossier=dossier, name="submit")
    assert error.value.messages == [
        "Chưa gửi được: Sở Tài chính và các đơn vị cấp trên chưa có Hội đồng Thi đua - Khen thưởng trên cổng, "
        "nên chưa có nơi xét hồ sơ. Hãy đề nghị quản trị hệ thống lập Hội đồng."
    ]
    council = CouncilFactory(government=elsewhere.parent)
    services.apply_transition(actor=officer, dossier=dossier, name="submit")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.council) == (DossierStatus.SUBMITTED, council)
