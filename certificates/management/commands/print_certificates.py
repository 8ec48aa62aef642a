from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from awards.models import Decision
from certificates import services


class Command(BaseCommand):
    help = "In Bằng khen, Giấy khen của một quyết định đã ban hành ra một tệp PDF (ghi vào sổ theo dõi cấp phát)."

    def add_arguments(self, parser):
        parser.add_argument("decision_id", type=int)
        parser.add_argument("-o", "--output", required=True, help="tệp PDF ghi ra")
        parser.add_argument(
            "--nominee", type=int, action="append", default=[], help="chỉ in cho người, tập thể này (mã; lặp lại được)"
        )

    def handle(self, decision_id, output, nominee, **options):
        decision = Decision.objects.select_related("award_type", "issuing_unit").filter(pk=decision_id).first()
        if decision is None:
            raise CommandError(f"Không có quyết định mã {decision_id}.")
        try:
            pdf = services.print_certificates(actor=None, decision=decision, nominee_ids=nominee)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        with open(output, "wb") as file:
            file.write(pdf)
        self.stdout.write(f"Đã ghi {output}.")
