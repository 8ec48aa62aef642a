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


# Progress and reminders (issue 5) --------------------------------------------------------------


def pdf_bytes(text: str = "Bao cao ket qua") -> bytes:
    """A small but complete one-page PDF (valid xref), as an officer's scanned report would be."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def issued_plan_with_tasks(rows: list[dict], *, province=None, year: int = 2025):
    """An issued plan whose appendix holds `rows` ({"content", "timing", "leads", "coordinates"}),
    written through the same service the editors use so occurrences and assignments are real."""
    from plans.models import PlanStatus
    from tasks.services import add_task

    province = province or ProvinceFactory()
    appendix = AppendixFactory(plan__issuing_unit=province, plan__year=year, plan__status=PlanStatus.DRAFT)
    tasks = []
    for number, row in enumerate(rows, start=1):
        cells = {role: row[role] for role in ("leads", "coordinates", "executes", "directs") if row.get(role)}
        tasks.append(
            add_task(
                actor=None,
                appendix=appendix,
                data={
                    "number": str(number),
                    "content": row["content"],
                    "timing_text": row.get("timing", ""),
                    "unit_cells": cells,
                },
            )
        )
    Plan.objects.filter(pk=appendix.plan_id).update(status=PlanStatus.ISSUED)
    appendix.plan.refresh_from_db()
    return appendix.plan, tasks
