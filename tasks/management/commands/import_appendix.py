import json

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from tasks.workbooks import services
from units.models import Unit

COUNT_KEYS = ["tasks", "groups", "units_exact", "units_alias", "units_unresolved"]


class Command(BaseCommand):
    help = (
        "Nhập phụ lục (bảng nhiệm vụ) từ tệp Excel .xlsx vào một kế hoạch. In tóm tắt xem trước; "
        "thoát với mã 1 khi có lỗi chặn việc nhập (khi đó không có gì được ghi)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--plan", help="Mã số (id) hoặc “số/ký hiệu” của kế hoạch, ví dụ 196/KH-UBND")
        target.add_argument("--new", action="store_true", help="Tạo kế hoạch dự thảo mới từ các dòng tiêu đề")
        parser.add_argument("--sheet", action="append", help="Chỉ nhập trang tính này (có thể ghi nhiều lần)")
        parser.add_argument("--issuer", help="Cơ quan ban hành (tên hoặc id) khi --new không tự xác định được")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ xem trước, không ghi gì")
        parser.add_argument(
            "--accept-guesses",
            action="store_true",
            help="Chấp nhận mọi cách đọc bảng được đoán (vai trò lấy từ tiêu đề thứ hai, dòng nhóm không số, "
            "dòng nối tiếp…); không có cờ này, tệp có cách đọc cần xác nhận không được nhập",
        )
        parser.add_argument("--json", action="store_true", help="In kết quả là một đối tượng JSON")

    def handle(self, *args, **options):
        plan = self._plan(options["plan"]) if options["plan"] else None
        issuer = self._issuer(options["issuer"])
        path = options["file"]
        try:
            handle = open(path, "rb")  # noqa: SIM115 - the File wrapper below reads it; closed by `with`
        except OSError as error:
            raise CommandError(f"Không mở được tệp {path}: {error.strerror}.") from error
        preview, errors = None, []
        accepted = True if options["accept_guesses"] else ()
        with handle:
            upload = File(handle, name=path.rsplit("/", 1)[-1])
            try:
                services.check_readable(upload)
                services.check_upload(upload)
                if plan is None:
                    plan_data, preview = services.preview_new_plan(
                        upload, filename=upload.name, sheets=options["sheet"], issuer=issuer, accepted=accepted
                    )
                else:
                    preview = services.preview_workbook(
                        upload,
                        issuer=plan.issuing_unit,
                        year=plan.year,
                        filename=upload.name,
                        sheets=options["sheet"],
                        plan=plan,
                        accepted=accepted,
                    )
                if preview.blocked:
                    errors = services.blocking_messages(preview)
                elif not options["dry_run"]:
                    if plan is None:
                        plan, _ = services.import_as_new_plan(actor=None, plan_data=plan_data, preview=preview)
                    else:
                        services.write_import(actor=None, plan=plan, preview=preview)
            except ValidationError as error:
                errors = error.messages
        self._report(plan, preview, errors, options)
        if errors:
            raise SystemExit(1)

    def _plan(self, value: str) -> Plan:
        plans = Plan.objects.select_related("issuing_unit")
        if value.isdigit():
            found = list(plans.filter(pk=int(value)))
        else:
            number, _, symbol = value.partition("/")
            found = list(plans.filter(number=number.strip(), symbol=symbol.strip()))
        if len(found) != 1:
            problem = "Không có" if not found else f"Có {len(found)}"
            raise CommandError(f"{problem} kế hoạch “{value}”; hãy ghi mã số (id) của kế hoạch.")
        return found[0]

    def _issuer(self, value):
        if not value:
            return None
        units = Unit.objects.filter(pk=int(value)) if value.isdigit() else Unit.objects.filter(name=value)
        if units.count() != 1:
            raise CommandError(f"Không tìm thấy đúng một đơn vị “{value}”.")
        return units.get()

    def _report(self, plan, preview, errors, options):
        summary = preview.summary() if preview else dict.fromkeys(COUNT_KEYS, 0)
        imported = preview is not None and not errors and not options["dry_run"]
        sheets = preview.sheets if preview else []
        if options["json"]:
            payload = {
                "plan": plan.pk if plan and plan.pk else None,
                "imported": imported,
                "dry_run": options["dry_run"],
                "sheets": [sheet.name for sheet in sheets],
                **summary,
                "problems": [p.as_dict() for p in preview.problems] if preview else [],
                "guesses": [
                    {"key": p.guess, "sheet": p.sheet, "row": p.row, "message": p.message, "accepted": not p.blocking}
                    for p in (preview.guesses if preview else [])
                ],
                "errors": errors,
                "unresolved": [
                    {"sheet": sheet.name, "text": name.text, "rows": name.rows}
                    for sheet in sheets
                    for name in sheet.names
                    if name.how == "unresolved"
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        for sheet in sheets:
            counts = sheet.counts()
            table = sheet.table
            self.stdout.write(
                f"Trang “{sheet.name}”: {counts['tasks']} nhiệm vụ, {counts['groups']} nhóm; đơn vị: "
                f"{counts['units_exact']} khớp tên, {counts['units_alias']} khớp tên gọi khác, "
                f"{counts['units_unresolved']} chưa khớp"
            )
            for name in sheet.names:
                if name.how == "unresolved":
                    self.stdout.write(f"  chưa khớp: “{name.text}” (dòng {', '.join(str(r) for r in name.rows)})")
            if table.header_rows:
                first, last = table.header_rows
                rows = f"dòng {first}" if first == last else f"dòng {first}–{last}"
                self.stdout.write(f"  tiêu đề bảng: {rows}; bảng từ dòng {table.first_row} đến dòng {table.last_row}")
                for reading in table.readings:
                    self.stdout.write(f"  cột {reading.letter} “{reading.header}” → {reading.role}")
            for problem in table.guesses:
                state = "đã chấp nhận" if not problem.blocking else "cần xác nhận"
                self.stdout.write(f"  cách đọc ({state}): {problem.message}")
        for problem in preview.notes if preview else []:
            self.stdout.write(f"Lưu ý: {problem.message}")
        for message in errors:
            self.stderr.write(f"Lỗi: {message}")
        if imported:
            self.stdout.write(f"Đã nhập {summary['tasks']} nhiệm vụ vào kế hoạch {plan.reference} (id {plan.pk}).")
        elif options["dry_run"] and not errors:
            self.stdout.write("Chạy thử: chưa ghi gì.")
