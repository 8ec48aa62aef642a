from django.core.management.base import BaseCommand

from emulation.demo import load_emulation_demo
from tdkt_portal.demo import DEMO_PASSWORD, load_demo
from units.models import Role


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu từ hai kế hoạch thật (Hưng Yên 196/KH-UBND, Bắc Ninh 83/KH-UBND); chạy lại không tạo trùng."

    def handle(self, *args, **options):
        summary = load_demo()
        self.stdout.write(f"Đơn vị mới: {summary['units']}")
        for load in summary["provinces"]:
            self.stdout.write(" ".join(load.report()))
        for plan, created in summary["plans"]:
            state = "đã nạp" if created else "đã có sẵn"
            self.stdout.write(
                f"Kế hoạch {plan.reference} ({plan.issuing_unit}): {state}, "
                f"{sum(a.tasks.count() for a in plan.appendices.all())} nhiệm vụ"
            )
        for plan, created in summary["next_year"]:
            state = "đã tạo" if created else "đã có sẵn"
            marks = plan.review_marks.filter(cleared_at__isnull=True).count()
            self.stdout.write(
                f"Dự thảo kế hoạch năm {plan.year} ({plan.issuing_unit}), sao chép từ Kế hoạch "
                f"{plan.copied_from.reference.strip()}: {state}, {marks} mục cần rà soát"
            )
        self.stdout.write(f"Cụm, khối thi đua mới: {summary['groups']}")
        self.stdout.write(f"Báo cáo tiến độ mẫu mới: {summary['progress']}")
        awards = summary["awards"]
        self.stdout.write(
            f"Khen thưởng: {awards['council']} ({awards['council'].members.count()} thành viên), "
            f"“{awards['session']}”, hồ sơ mới: {len(awards['dossiers'])}"
        )
        printed = summary["certificates"]["printed"]
        if printed:
            self.stdout.write(f"Giấy chứng nhận in mẫu theo Quyết định 1850/QĐ-SGDĐT: {printed} (sổ theo dõi cấp phát)")
        if load_emulation_demo():
            self.stdout.write("Khối các cơ quan tổng hợp (Bắc Ninh) 2025: giao ước, bảng tiêu chí, điểm tự chấm mẫu")
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for user in summary["accounts"]:
            unit = f" – {user.unit}" if user.unit else ""
            self.stdout.write(f"  {user.username:<14} {Role(user.role).label}{unit}")
