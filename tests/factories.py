import datetime

import factory

from plans.models import Appendix, Plan
from units.models import Role, Unit, UnitKind, User


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Đơn vị thử {n}")
    kind = UnitKind.DEPARTMENT


class ProvinceFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"Ủy ban nhân dân tỉnh Thử {n}")
    kind = UnitKind.PEOPLES_COMMITTEE
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")
    role = Role.PLAN_EDITOR
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu")

    @factory.post_generation
    def persist(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    issuing_unit = factory.SubFactory(ProvinceFactory)
    issuing_body_line = "ỦY BAN NHÂN DÂN\nTỈNH THỬ"
    number = factory.Sequence(lambda n: str(100 + n))
    symbol = "KH-UBND"
    place = "Hưng Yên"
    issued_on = datetime.date(2024, 12, 24)
    year = 2025
    title = "Công tác thi đua, khen thưởng năm 2025"
    signer_name = "Nguyễn Văn A"


class AppendixFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appendix

    plan = factory.SubFactory(PlanFactory)
    title = "Nội dung công tác thi đua, khen thưởng năm 2025"
    columns = ["leads", "coordinates", "timing"]


# Awards -------------------------------------------------------------------------------------


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "awards.Council"

    name = factory.Sequence(lambda n: f"Hội đồng Thi đua - Khen thưởng tỉnh Thử {n}")
    government = factory.SubFactory(ProvinceFactory)
    level = "tinh"


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "awards.CouncilMember"

    council = factory.SubFactory(CouncilFactory)
    user = factory.SubFactory(UserFactory, role=Role.COUNCIL_MEMBER)
    role = "thanh_vien"


class CouncilSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "awards.CouncilSession"

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Phiên họp thứ {n} năm 2025")
    meets_at = factory.LazyFunction(lambda: datetime.datetime(2025, 12, 15, 8, 0, tzinfo=datetime.UTC))
    place = "Phòng họp số 1"


class DossierFactory(factory.django.DjangoModelFactory):
    """A draft dossier; `award_type` must come from the catalogue (pass `award_type=...`)."""

    class Meta:
        model = "awards.Dossier"

    unit = factory.SubFactory(UnitFactory)
    year = 2025
    title = factory.Sequence(lambda n: f"Đề nghị khen thưởng số {n}")


class NomineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "awards.Nominee"

    dossier = factory.SubFactory(DossierFactory)
    kind = "ca_nhan"
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    position = "Chuyên viên"
    birth_year = 1985


def big_plan(task_count: int, **plan_fields):
    """A draft plan with a few sections and one appendix of `task_count` tasks in four quarter
    groups, written through the services as an editor would (for document and bench runs)."""
    from plans.services import add_appendix, add_section
    from tasks.services import add_group, add_task, matcher_for

    plan = PlanFactory(**plan_fields)
    body = "\n\n".join(
        f"{n}. Nội dung công tác thi đua, khen thưởng số {n}: tổ chức, triển khai thực hiện các phong trào thi đua "
        "yêu nước, phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến trên địa bàn tỉnh."
        for n in range(1, 6)
    )
    for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "III. TỔ CHỨC THỰC HIỆN"):
        add_section(actor=None, plan=plan, heading=heading, body=body)
    appendix = add_appendix(
        actor=None,
        plan=plan,
        data={"title": "Nhiệm vụ cụ thể năm 2025", "columns": ["leads", "coordinates", "timing", "note"]},
    )
    groups = [
        add_group(actor=None, appendix=appendix, data={"number": roman, "title": f"Quý {roman}"}, log=False)
        for roman in ("I", "II", "III", "IV")
    ]
    matcher = matcher_for(appendix)
    per_group = -(-task_count // 4)
    for index in range(task_count):
        group = groups[index // per_group]
        add_task(
            actor=None,
            appendix=appendix,
            matcher=matcher,
            log=False,
            data={
                "group": group,
                "number": str(index % per_group + 1),
                "content": f"Nhiệm vụ thứ {index + 1}: tổ chức hội nghị, kiểm tra, đôn đốc công tác thi đua, "
                f"khen thưởng tại các cơ quan, đơn vị (lần {index + 1})",
                "timing_text": group.title,
                "unit_cells": {
                    "leads": "Sở Nội vụ",
                    "coordinates": f"Các cơ quan, đơn vị thuộc Khối thi đua số {index % 9 + 1}",
                },
            },
        )
    return plan
