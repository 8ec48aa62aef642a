from django.core.management.base import BaseCommand, CommandError

from units.divisions import UnknownProvince, find_province
from units.services import load_province


class Command(BaseCommand):
    help = (
        "Nạp danh mục đơn vị của một tỉnh, thành phố sau sắp xếp 01/07/2025: UBND, HĐND, các sở, ban, ngành, "
        "đoàn thể, mọi xã, phường, đặc khu (mã của Cục Thống kê) và các đơn vị trước sắp xếp (hoạt động đến "
        "30/06/2025, có đơn vị kế thừa). Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            required=True,
            help="Tên tỉnh, thành phố (có hoặc không dấu, có hoặc không có “Tỉnh”/“Thành phố”) hoặc mã: "
            "“Hà Nội”, “ha noi”, 33.",
        )

    def handle(self, *args, **options):
        try:
            province = find_province(options["province"])
        except UnknownProvince as error:
            raise CommandError(str(error)) from error
        load = load_province(actor=None, province=province)
        for line in load.report():
            self.stdout.write(line)
