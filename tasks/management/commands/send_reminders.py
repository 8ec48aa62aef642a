from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tasks.models import ReminderKind
from tasks.reminders import sweep


class Command(BaseCommand):
    help = "Quét và gửi nhắc việc trong ngày (chạy lại không gửi trùng). Không cần Redis."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Ngày quét, dạng YYYY-MM-DD (mặc định: hôm nay)")

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(
                    f"Ngày “{today}” không hợp lệ: hãy ghi dạng YYYY-MM-DD, ví dụ 2025-04-01."
                ) from error
        result = sweep(day)
        self.stdout.write(
            f"Nhắc việc ngày {result.day:%d/%m/%Y}: {result.digests} đơn vị có nhắc việc, "
            f"{result.emails} thư điện tử đã gửi."
        )
        for kind in ReminderKind:
            self.stdout.write(f"  {kind.label}: {result.sent.get(kind.value, 0)}")
        if result.unreachable:
            self.stdout.write(
                f"Không có ai nhận nhắc việc ở {len(result.unreachable)} đơn vị (chưa có cán bộ đơn vị nào "
                f"có tài khoản, cũng chưa có địa chỉ thư nhận nhắc việc): {', '.join(result.unreachable)}."
            )
