from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from plans.copying import copy_plan
from plans.models import ReviewMark
from units.models import Unit, UnitKind
from units.text import fold

from .render_plan import find_plan


class Command(BaseCommand):
    help = (
        "Tạo dự thảo kế hoạch năm sau từ một kế hoạch: đủ mục, phụ lục, nhóm và nhiệm vụ; năm và ngày hạn chuyển "
        "sang năm mới, đơn vị đã giải thể thay bằng đơn vị kế thừa; mỗi mục đánh dấu “Cần rà soát”."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan", help="mã kế hoạch (id) hoặc số/ký hiệu, ví dụ 196/KH-UBND")
        parser.add_argument("--year", "--nam-moi", type=int, required=True, dest="year", help="năm của kế hoạch mới")
        parser.add_argument("--nam", type=int, dest="source_year", help="năm của kế hoạch gốc, khi số/ký hiệu trùng")
        parser.add_argument(
            "--issuer", help="cơ quan ban hành kế hoạch mới (tên hoặc mã đơn vị hành chính); mặc định như kế hoạch gốc"
        )

    def handle(self, *args, plan, year, source_year, issuer, **options):
        source = find_plan(plan, source_year)
        try:
            copy = copy_plan(actor=None, source=source, year=year, issuing_unit=find_issuer(issuer) if issuer else None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        marks = ReviewMark.objects.filter(plan=copy)
        flagged = [mark for mark in marks if mark.checks]
        self.stdout.write(
            f"Đã tạo dự thảo kế hoạch năm {copy.year} (mã {copy.pk}) của {copy.issuing_unit} từ Kế hoạch "
            f"{source.reference.strip()} năm {source.year}: {marks.count()} mục cần rà soát, {len(flagged)} mục có "
            "điểm cần xem lại."
        )
        for mark in flagged:
            for check in mark.checks:
                self.stdout.write(f"  - {mark.label}: {check}")


def find_issuer(text: str) -> Unit:
    text = text.strip()
    committees = Unit.objects.filter(kind__in=[UnitKind.PEOPLES_COMMITTEE, UnitKind.PEOPLES_COUNCIL])
    found = list(committees.filter(Q(code=text) | Q(search_name=fold(text)))[:5])
    if len(found) == 1:
        return found[0]
    if not found:
        raise CommandError(f"Không có UBND/HĐND nào tên hoặc mã “{text}” (ví dụ: “Ủy ban nhân dân xã Khoái Châu”).")
    choices = "; ".join(f"{unit.name} (mã {unit.code or unit.pk})" for unit in found)
    raise CommandError(f"“{text}” ứng với nhiều đơn vị: {choices}. Hãy ghi mã đơn vị hành chính.")
