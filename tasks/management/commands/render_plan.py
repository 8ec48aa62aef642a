from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from documents.rendering import html_to_pdf
from plans.models import Plan
from plans.printing import plan_for_document
from plans.signing import sign_issued_plan
from tasks.printing import plan_docx, render_plan_html


class Command(BaseCommand):
    help = "Xuất một kế hoạch ra tệp PDF theo thể thức Nghị định 30/2020/NĐ-CP (hoặc HTML với --html)."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="mã kế hoạch (id) hoặc số/ký hiệu, ví dụ 196/KH-UBND")
        parser.add_argument("-o", "--output", required=True, help="tệp kết quả, ví dụ ke-hoach.pdf")
        parser.add_argument("--nam", type=int, dest="year", help="năm kế hoạch, khi số/ký hiệu trùng giữa các năm")
        parser.add_argument("--html", action="store_true", help="ghi HTML (bản xem trước) thay cho PDF")
        parser.add_argument("--docx", action="store_true", help="ghi tệp Word (.docx) thay cho PDF")
        parser.add_argument("--pdfa", action="store_true", help="PDF/A-2b để lưu trữ lâu dài")
        parser.add_argument(
            "--sign",
            action="store_true",
            help="ký số bằng chứng thư của cơ quan (SIGNING_PKCS12, SIGNING_PASSWORD); chỉ kế hoạch đã ban hành",
        )

    def handle(self, *args, plan, output, year, html, docx, pdfa, sign, **options):
        found = find_plan(plan, year)
        path = Path(output)
        if docx:
            path.write_bytes(plan_docx(found))
            self.stdout.write(f"Đã ghi {path} (Word): kế hoạch {found.reference.strip()}.")
            return
        text = render_plan_html(found)
        if html:
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"Đã ghi {path} (HTML).")
            return
        pdf = html_to_pdf(text, archival=pdfa)
        if sign:
            try:
                signed = sign_issued_plan(found, pdf)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            path.write_bytes(signed.content)
            self.stdout.write(
                f"Đã ghi {path}: kế hoạch {found.reference.strip()}, {pdf.page_count} trang, "
                f"ký số bởi {signed.organisation}, SHA-256 {signed.sha256}."
            )
            return
        path.write_bytes(pdf.content)
        self.stdout.write(f"Đã ghi {path}: kế hoạch {found.reference.strip()}, {pdf.page_count} trang.")


def find_plan(text: str, year: int | None = None) -> Plan:
    text = text.strip()
    if text.isdigit():
        try:
            return plan_for_document(int(text))
        except Plan.DoesNotExist:
            raise CommandError(f"Không có kế hoạch mã {text}.") from None
    number, slash, symbol = text.partition("/")
    if not slash or not number.strip() or not symbol.strip():
        raise CommandError(f"“{text}” không phải mã hay số/ký hiệu kế hoạch (ví dụ 196/KH-UBND).")
    plans = Plan.objects.select_related("issuing_unit").filter(
        number=number.strip().lstrip("0") or "0", symbol=symbol.strip()
    )
    if year:
        plans = plans.filter(year=year)
    plans = list(plans)
    if not plans:
        raise CommandError(f"Không có kế hoạch số {text}.")
    if len(plans) > 1:
        choices = "; ".join(f"mã {p.pk}: {p.issuing_unit}, năm {p.year}" for p in plans)
        raise CommandError(f"Có {len(plans)} kế hoạch số {text} ({choices}). Hãy ghi mã kế hoạch hoặc --nam.")
    return plans[0]
