import datetime

import pytest

from awards.catalogue import load_catalogue
from awards.models import AwardType, Decision, Outcome
from certificates.samples import make_layout
from tests.factories import DossierFactory, NomineeFactory, ProvinceFactory, UnitFactory, UserFactory
from units.models import Role


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class World:
    pass


@pytest.fixture
def world(db):
    return build_world()


def build_world() -> World:
    """Bắc Ninh's province with a Bằng khen layout (and its scan) and an issued decision awarding
    two people of its Sở Giáo dục và Đào tạo."""
    w = World()
    w.province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    w.department = UnitFactory(name="Sở Giáo dục và Đào tạo", parent=w.province)
    load_catalogue(AwardType)  # a transactional test flushes what the data migration loaded
    w.award_type = AwardType.objects.get(code="bang-khen-chu-tich-tinh")
    w.staff = UserFactory(role=Role.PLAN_EDITOR, unit=UnitFactory(name="Sở Nội vụ", parent=w.province))
    w.layout = make_layout(kind="bang_khen", award_type=w.award_type, unit=w.province, name="Bằng khen UBND tỉnh")
    w.decision = Decision.objects.create(
        issuing_unit=w.province,
        issuing_body_line="ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH",
        number="1520",
        symbol="QĐ-UBND",
        place="Bắc Ninh",
        issued_on=datetime.date(2025, 12, 20),
        title="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        award_type=w.award_type,
        signer_authority="KT. CHỦ TỊCH",
        signer_position="PHÓ CHỦ TỊCH",
        signer_name="Vương Quốc Tuấn",
    )
    dossier = DossierFactory(unit=w.department, award_type=w.award_type)
    w.lan = NomineeFactory(
        dossier=dossier,
        full_name="Nguyễn Thị Hằng Ước",
        gender="nu",
        position="Trưởng phòng Tổ chức cán bộ",
        workplace="Sở Giáo dục và Đào tạo",
        achievement="Đã có thành tích xuất sắc trong công tác năm 2025",
        outcome=Outcome.AWARDED,
        decision=w.decision,
        position_in_list=1,
    )
    w.binh = NomineeFactory(
        dossier=dossier,
        full_name="Trần Văn Bình",
        gender="nam",
        position="Chuyên viên",
        workplace="Sở Giáo dục và Đào tạo",
        achievement="Đã có thành tích xuất sắc trong công tác năm 2025",
        outcome=Outcome.AWARDED,
        decision=w.decision,
        position_in_list=2,
    )
    return w
