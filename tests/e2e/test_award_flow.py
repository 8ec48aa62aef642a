import datetime

import pytest
from playwright.sync_api import expect

from awards.catalogue import load_catalogue, load_reference_data
from awards.models import AwardRecord, AwardType, BaseSalary, LegalText
from notifications.models import OutgoingEmail
from tests.documents.pdf_tools import Pdf, squash
from tests.factories import (
    CouncilFactory,
    CouncilMemberFactory,
    CouncilSessionFactory,
    ProvinceFactory,
    UnitFactory,
    UserFactory,
    pdf_bytes,
)
from units.models import Role, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = pdf_bytes()


@pytest.fixture
def people(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_catalogue(AwardType)
    load_reference_data(BaseSalary, LegalText)
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh", short_name="UBND tỉnh Bắc Ninh")
    home_affairs = UnitFactory(name="Sở Nội vụ", parent=province)
    education = UnitFactory(name="Sở Giáo dục và Đào tạo", parent=province)
    council = CouncilFactory(name="Hội đồng Thi đua - Khen thưởng tỉnh Bắc Ninh", government=province)
    CouncilMemberFactory(council=council, role="chu_tich", user__username="chutich")
    CouncilMemberFactory(council=council, role="thu_ky", user__username="thuky")
    CouncilMemberFactory(council=council, user__username="hoidong")
    CouncilSessionFactory(
        council=council,
        title="Phiên họp xét khen thưởng cuối năm 2025",
        meets_at=datetime.datetime(2025, 12, 15, 1, 0, tzinfo=datetime.UTC),
    )
    UserFactory(username="bn.noivu", role=Role.PLAN_EDITOR, unit=home_affairs)
    UserFactory(username="bn.gddt", role=Role.UNIT_OFFICER, unit=education, email="gddt@example.vn")


def upload(page, kind, name, nominee=None):
    form = page.locator("#attachment-form")
    form.get_by_label("Loại tài liệu").select_option(label=kind)
    if nominee:
        form.get_by_label("Của người, tập thể").select_option(label=nominee)
    form.get_by_label("Tệp", exact=True).set_input_files({"name": name, "mimeType": "application/pdf", "buffer": PDF})
    form.get_by_role("button", name="Tải lên").click()
    expect(page.locator(".msg-success")).to_have_text(f"Đã tải lên “{name}”.")


def press(page, button, message, asks=None):
    """Click, accept the confirmation (which must start with `asks`), and see the result."""
    asked = []

    def accept(dialog):
        asked.append(dialog.message)
        dialog.accept()

    if asks:
        page.once("dialog", accept)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".msg-success")).to_have_text(message)
    if asks:
        assert asked and asked[0].startswith(asks), asked


def test_a_dossier_goes_from_the_unit_to_an_applied_decision(page, login, people, tmp_path):
    login("bn.gddt")
    page.get_by_role("link", name="Khen thưởng", exact=True).click()
    page.get_by_role("link", name="+ Tạo hồ sơ đề nghị").click()
    page.get_by_label("Danh hiệu, hình thức").select_option(label="Lao động tiên tiến")
    page.get_by_label("Năm").fill("2025")
    page.get_by_label("Trích yếu tờ trình").fill("Đề nghị tặng danh hiệu Lao động tiên tiến năm 2025")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page.locator("#dossier-status")).to_have_text("Đang soạn")

    nominee_form = page.locator("#nominee-form")
    nominee_form.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    nominee_form.get_by_label("Chức vụ").fill("Giáo viên")
    nominee_form.get_by_label("Năm sinh").fill("1985")
    nominee_form.get_by_label("Xếp loại nhiệm vụ năm đề nghị").select_option(label="Hoàn thành tốt nhiệm vụ")
    nominee_form.get_by_role("button", name="Thêm vào danh sách").click()
    expect(page.locator(".check-ok")).to_have_text(
        "Đạt: cần xếp loại “Hoàn thành tốt nhiệm vụ” trở lên năm 2025; hồ sơ ghi “Hoàn thành tốt nhiệm vụ”."
    )

    # A wrong file type under a PDF name is refused and nothing is stored.
    form = page.locator("#attachment-form")
    form.get_by_label("Tệp", exact=True).set_input_files(
        {"name": "to-trinh.pdf", "mimeType": "application/pdf", "buffer": b"MZ not a pdf at all"}
    )
    form.get_by_role("button", name="Tải lên").click()
    expect(page.locator("#attachment-form .errorlist")).to_contain_text(
        "Tệp to-trinh.pdf không đúng loại cho phép (nội dung thực tế: chương trình chạy được (.exe))."
    )
    upload(page, "Tờ trình kèm danh sách đề nghị", "to-trinh.pdf")
    upload(page, "Báo cáo thành tích", "bao-cao-lan.pdf", nominee="Nguyễn Thị Lan")
    upload(page, "Biên bản họp Hội đồng TĐKT cấp trình", "bien-ban.pdf")
    press(page, "Gửi hồ sơ", "Đã gửi hồ sơ đề nghị khen thưởng.")
    expect(page.locator("#dossier-status")).to_have_text("Đã gửi")
    dossier_url = page.url

    login("bn.noivu")
    page.goto(dossier_url)
    press(page, "Tiếp nhận và thẩm định", "Đã tiếp nhận hồ sơ để thẩm định.")
    page.get_by_label("Lý do yêu cầu bổ sung hồ sơ").fill("Bổ sung bản xác nhận của Hiệu trưởng")
    press(page, "Yêu cầu bổ sung hồ sơ", "Đã yêu cầu đơn vị bổ sung hồ sơ.")
    # Queued with the change; the worker sends it after the commit (notifications.mail).
    assert "Lý do, nội dung cần bổ sung: Bổ sung bản xác nhận của Hiệu trưởng" in (
        OutgoingEmail.objects.filter(to="gddt@example.vn").first().body
    )

    login("bn.gddt")
    page.goto(dossier_url)
    expect(page.locator("#return-reason")).to_have_text("Cần bổ sung: Bổ sung bản xác nhận của Hiệu trưởng")
    upload(page, "Tài liệu khác", "xac-nhan.pdf")
    press(page, "Gửi lại hồ sơ đã bổ sung", "Đã gửi lại hồ sơ sau khi bổ sung.")

    login("bn.noivu")
    page.goto(dossier_url)
    press(page, "Tiếp nhận và thẩm định", "Đã tiếp nhận hồ sơ để thẩm định.")
    press(page, "Đủ điều kiện, trình Hội đồng", "Hồ sơ đã đủ điều kiện trình Hội đồng.")
    page.get_by_label("Phiên họp", exact=True).select_option(label="Phiên họp xét khen thưởng cuối năm 2025")
    press(page, "Đưa vào phiên họp", "Đã đưa hồ sơ vào “Phiên họp xét khen thưởng cuối năm 2025”.")
    page.get_by_role("link", name="Phiên họp xét khen thưởng cuối năm 2025").click()
    session_url = page.url

    login("thuky")
    page.goto(session_url)
    press(page, "Mở bỏ phiếu", "Đã mở bỏ phiếu kín.", asks="Mở bỏ phiếu kín cho 1 hồ sơ của phiên họp? Các thành viên")
    for member in ("hoidong", "chutich"):
        login(member)
        page.goto(session_url)
        page.locator("#ballot fieldset", has_text="Nguyễn Thị Lan").get_by_label("Đồng ý", exact=True).check()
        press(page, "Bỏ phiếu", "Đã ghi nhận phiếu của bạn cho 1 người, tập thể.", asks="Gửi phiếu bầu? Phiếu kín")
        expect(page.locator("#ballot")).to_have_count(0)

    login("thuky")
    page.goto(session_url)
    # Two ballots are in, but nothing of the count shows before the secretary closes.
    expect(page.locator("#session-status")).to_have_text("Đang bỏ phiếu")
    expect(page.locator("[id^=row-nominee]")).not_to_contain_text("Đạt")
    expect(page.locator("#vote-progress")).to_contain_text("2/3 thành viên đã bỏ phiếu")
    # Closing with a member missing asks first, naming who has not voted.
    secretary = str(User.objects.get(username="thuky"))
    press(
        page,
        "Kết thúc bỏ phiếu và kiểm phiếu",
        "Đã kết thúc bỏ phiếu; kết quả kiểm phiếu đã có.",
        asks=f"Còn 1 thành viên chưa bỏ phiếu: {secretary}. Vẫn kết thúc bỏ phiếu và kiểm phiếu? Thành viên",
    )
    expect(page.locator("[id^=row-nominee] td")).to_have_text(
        ["Nguyễn Thị Lan, Giáo viên", "2", "0", "100%", "Đạt · Dự kiến: Khen thưởng", "—"]
    )
    press(page, "Áp dụng kết quả", "Đã áp dụng kết quả cho các hồ sơ.", asks="Áp dụng kết quả dự kiến")

    login("bn.noivu")
    page.goto(session_url)
    page.get_by_role("link", name="Lập quyết định “Lao động tiên tiến”").click()
    page.get_by_label("Số", exact=True).fill("1520")
    page.get_by_label("Ngày ký").fill("20/12/2025")
    page.get_by_label("Người ký", exact=True).fill("Vương Quốc Tuấn")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.locator(".msg-success")).to_have_text("Đã ban hành Quyết định 1520/QĐ-UBND.")
    expect(page.locator("#decision")).to_contain_text("Số: 1520/QĐ-UBND")
    expect(page.locator("#decision")).to_contain_text("Bắc Ninh, ngày 20 tháng 12 năm 2025")
    cells = page.locator("#decision-appendix tbody tr").first.locator("td")
    # 0.3 × 2,340,000 đồng rounded up to the next ten thousand.
    expect(cells).to_have_text(["1", "Nguyễn Thị Lan", "Giáo viên, Sở Giáo dục và Đào tạo", "1985", "", "710.000"])

    # The signed decision downloads as its official PDF, the nominee in its appendix.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải PDF").click()
    download = download_info.value
    assert download.suggested_filename == "quyet-dinh-1520-qd-ubnd-2025.pdf"
    download.save_as(tmp_path / "quyet-dinh.pdf")
    pdf = Pdf((tmp_path / "quyet-dinh.pdf").read_bytes())
    assert "Số: 1520/QĐ-UBND Bắc Ninh, ngày 20 tháng 12 năm 2025" in pdf.text(1, 1, raw=True)
    assert "1 Nguyễn Thị Lan 1985 Giáo viên, Sở Giáo dục và Đào tạo 710.000 Tổng cộng (1) 710.000" in squash(
        pdf.text(2, 2, raw=True)
    )
    page.get_by_role("link", name="Xem bản in").click()
    expect(page.locator(".doc-title .type")).to_have_text("QUYẾT ĐỊNH")
    expect(page.locator(".appendix table.tasks tbody td")).to_have_text(
        [
            "1",
            "Nguyễn Thị Lan",
            "1985",
            "Giáo viên, Sở Giáo dục và Đào tạo",
            "710.000",
            "",
            "Tổng cộng (1)",
            "",
            "",
            "710.000",
        ]
    )
    page.get_by_role("link", name="← Về trang quyết định").click()

    page.get_by_role("link", name="Sổ vàng").click()
    expect(page.locator("#award-history tbody tr")).to_have_count(1)
    expect(page.locator("#award-history tbody tr")).to_contain_text("Nguyễn Thị Lan")
    expect(page.locator("#award-history tbody tr")).to_contain_text("1520/QĐ-UBND ngày 20/12/2025")
    page.goto(dossier_url)
    expect(page.locator("#dossier-status")).to_have_text("Đã có quyết định khen thưởng")
    assert list(AwardRecord.objects.values_list("full_name", "year")) == [("Nguyễn Thị Lan", 2025)]
