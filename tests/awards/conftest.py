import datetime
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards import citations, services
from awards.catalogue import load_catalogue, load_reference_data
from awards.models import AwardType, BallotBox, BaseSalary, Council, CouncilSession, Dossier, LegalText
from tests.factories import (
    CouncilFactory,
    CouncilMemberFactory,
    CouncilSessionFactory,
    ProvinceFactory,
    UnitFactory,
    UserFactory,
    pdf_bytes,
)
from units.models import Role, Unit, User

# A real (tiny) PDF: the upload check parses the bytes, not the name.
PDF = pdf_bytes()


def pdf(name="tai-lieu.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # A dozen council accounts per test: the production hasher would make that take seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def mail_sent_in_process():
    """E-mail is queued with each change and sent by a Celery task after the commit. These tests
    run no worker: Celery runs in-process, as in the demo, so what a commit sends is in mail.outbox."""
    from tdkt_portal.celery import app

    previous, app.conf.task_always_eager = app.conf.task_always_eager, True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def catalogue(db):
    """The catalogue rows (a transactional test flushes what the data migration loaded)."""
    load_catalogue(AwardType)
    load_reference_data(BaseSalary, LegalText)
    return {t.code: t for t in AwardType.objects.all()}


@dataclass
class World:
    province: Unit
    home_affairs: Unit
    education: Unit
    health: Unit
    staff: User
    officer: User
    other_officer: User
    council: Council
    chair: User
    secretary: User
    members: list
    session: CouncilSession


@pytest.fixture
def world(catalogue):
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh", short_name="UBND tỉnh Bắc Ninh")
    home_affairs = UnitFactory(name="Sở Nội vụ", parent=province)
    education = UnitFactory(name="Sở Giáo dục và Đào tạo", parent=province)
    health = UnitFactory(name="Sở Y tế", parent=province)
    staff = UserFactory(username="bn.noivu", role=Role.PLAN_EDITOR, unit=home_affairs, email="noivu@example.vn")
    officer = UserFactory(username="bn.gddt", role=Role.UNIT_OFFICER, unit=education, email="gddt@example.vn")
    other = UserFactory(username="bn.syt", role=Role.UNIT_OFFICER, unit=health, email="syt@example.vn")
    council = CouncilFactory(name="Hội đồng Thi đua - Khen thưởng tỉnh Bắc Ninh", government=province)
    seats = [
        CouncilMemberFactory(council=council, role="chu_tich", user__email="chutich@example.vn"),
        CouncilMemberFactory(council=council, role="thu_ky", user__email="thuky@example.vn"),
    ] + [CouncilMemberFactory(council=council, user__email=f"tv{i}@example.vn") for i in range(8)]
    session = CouncilSessionFactory(council=council, title="Phiên họp xét khen thưởng cuối năm 2025")
    return World(
        province=province,
        home_affairs=home_affairs,
        education=education,
        health=health,
        staff=staff,
        officer=officer,
        other_officer=other,
        council=council,
        chair=seats[0].user,
        secretary=seats[1].user,
        members=[s.user for s in seats],
        session=session,
    )


def make_dossier(
    world, award_code="lao-dong-tien-tien", nominees=("Nguyễn Thị Lan",), unit=None, officer=None, **facts
):
    """A complete draft dossier through the services: nominees, every required paper."""
    officer = officer or world.officer
    award_type = AwardType.objects.get(code=award_code)
    dossier = services.create_dossier(
        actor=officer,
        unit=unit or officer.unit,
        data={"kind": "thuong_xuyen", "award_type": award_type, "year": 2025, "title": f"Đề nghị tặng {award_type}"},
    )
    facts = {"task_rating": "xuat_sac", "initiative_scope": "tinh", "initiative_count": 2, "excellent_years": 2} | facts
    for name in nominees:
        nominee = services.add_nominee(
            actor=officer,
            dossier=dossier,
            data={"kind": "ca_nhan", "full_name": name, "position": "Giáo viên", "birth_year": 1980, **facts},
        )
        for kind in ("bao_cao_thanh_tich", "sang_kien"):
            services.add_attachment(actor=officer, dossier=dossier, uploaded=pdf(), kind=kind, nominee=nominee)
    for kind in ("to_trinh", "bien_ban"):
        services.add_attachment(actor=officer, dossier=dossier, uploaded=pdf(f"{kind}.pdf"), kind=kind)
    return dossier


def make_ready(world, **kwargs) -> Dossier:
    dossier = make_dossier(world, **kwargs)
    services.apply_transition(actor=dossier.created_by, dossier=dossier, name="submit")
    services.apply_transition(actor=world.staff, dossier=dossier, name="start_appraisal")
    services.apply_transition(actor=world.staff, dossier=dossier, name="mark_ready")
    dossier.refresh_from_db()
    return dossier


def vote(world, session, nominee, approvals: int, rejections: int = 0):
    """Members cast ballots in order: the first `approvals` agree, the next `rejections` do not."""
    voters = world.members[: approvals + rejections]
    for i, user in enumerate(voters):
        choice = "dong_y" if i < approvals else "khong_dong_y"
        services.cast_ballots(actor=user, session=session, choices={nominee.pk: choice})


def decision_data(world, day, **overrides) -> dict:
    """What the decision form would post for the world's province (Bắc Ninh), signed on `day`."""
    return {
        "issuing_unit": world.province,
        "issuing_body_line": "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH",
        "number": "21",
        "symbol": "QĐ-UBND",
        "place": "Bắc Ninh",
        "issued_on": day,
        "title": "Về việc tặng danh hiệu “Lao động tiên tiến” năm 2025",
        "prize_fund": "Quỹ Thi đua, khen thưởng tỉnh Bắc Ninh",
        "signer_name": "Vương Quốc Tuấn",
        **overrides,
    }


def approve_on_session(world, dossier: Dossier, approvals: int = 10) -> Dossier:
    """`dossier` (ready) put on the world's session and passed by `approvals` members: voting
    opened, every nominee voted on, closed and the results applied."""
    session = world.session
    services.schedule_dossier(actor=world.staff, dossier=dossier, session=session)
    services.open_voting(actor=world.secretary, session=session)
    for nominee in dossier.nominees.all():
        vote(world, session, nominee, approvals=approvals)
    services.close_voting(actor=world.secretary, session=session, confirmed=True)
    services.apply_results(actor=world.secretary, session=session)
    return dossier


def ballot_boxes(session) -> dict:
    """What the session's ballot boxes hold, {nominee name: (approvals, rejections)}; none once closed."""
    boxes = BallotBox.objects.filter(session=session).select_related("nominee").order_by("nominee__position_in_list")
    return {box.nominee.full_name: (box.approvals, box.rejections) for box in boxes}


@pytest.fixture
def decided(world):
    """Two dossiers on a session held on 5 March 2025: Lan and Bình pass, Hà does not; the
    decision awards the two who passed."""
    session = world.session
    session.meets_at = datetime.datetime(2025, 3, 5, 1, 30, tzinfo=datetime.UTC)  # 08:30 in Hà Nội
    session.save()
    first = make_ready(world, nominees=["Nguyễn Thị Lan", "Trần Văn Bình"])
    second = make_ready(world, nominees=["Lê Thu Hà"], unit=world.health, officer=world.other_officer)
    for dossier in (first, second):
        services.schedule_dossier(actor=world.staff, dossier=dossier, session=session)
    services.update_session(
        actor=world.secretary,
        session=session,
        data={
            "title": session.title,
            "meets_at": session.meets_at,
            "ends_at": datetime.datetime(2025, 3, 5, 3, 45, tzinfo=datetime.UTC),  # 10:45 in Hà Nội
            "place": "Phòng họp số 1, Ủy ban nhân dân tỉnh",
            "presided_by": "Vương Quốc Tuấn, Chủ tịch Hội đồng",
            "discussion": "Các thành viên thống nhất với đề nghị của Sở Nội vụ.",
            "minutes_number": "7",
            "minutes_symbol": "BB-HĐTĐKT",
        },
    )
    services.open_voting(actor=world.secretary, session=session)
    lan, binh = first.nominees.order_by("position_in_list")
    ha = second.nominees.get()
    vote(world, session, lan, approvals=8, rejections=1)
    vote(world, session, binh, approvals=9)
    vote(world, session, ha, approvals=3, rejections=6)
    services.close_voting(actor=world.secretary, session=session, confirmed=True)
    services.apply_results(actor=world.secretary, session=session)
    decision = services.issue_decision(
        actor=world.staff,
        session=session,
        award_type=first.award_type,
        data={
            "issuing_unit": world.province,
            "issuing_body_line": "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH",
            "number": "12",
            "symbol": "QĐ-UBND",
            "place": "Bắc Ninh",
            "issued_on": datetime.date(2025, 3, 12),
            "title": "Về việc tặng danh hiệu “Lao động tiên tiến” năm 2025",
            # As the decision form offers them: the laws and decrees in force, one per paragraph.
            "legal_bases": "\n".join(citations.legal_bases(datetime.date(2025, 3, 12))),
            "prize_fund": citations.prize_fund(world.province),
            "proposal": "Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 10/3/2025",
            "recipients": "Như Điều 3;\nLưu: VT, NC.",
            "signer_name": "Vương Quốc Tuấn",
        },
        nominees=[lan, binh],
    )
    session.refresh_from_db()
    return session, decision
