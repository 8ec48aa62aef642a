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
