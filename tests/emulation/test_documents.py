import datetime

import pytest
from django.urls import reverse

from emulation import documents, services
from tests.documents.pdf_tools import Pdf, in_order, squash

from .conftest import score

OUR_FONTS = {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic", "Liberation-Serif-Bold-Italic"}


@pytest.fixture
def covenant(block):
    covenant = services.save_covenant(
        actor=block.leader_user,
        group=block.group,
        title="Giao ước thi đua năm 2025",
        content="Các đơn vị thành viên thống nhất giao ước thi đua năm 2025.",
        targets="100% nhiệm vụ hoàn thành đúng hạn\nKhông có cán bộ vi phạm kỷ luật",
        place="Bắc Ninh",
        signing_due=datetime.date(2025, 3, 31),
        signed_on=datetime.date(2025, 3, 5),
    )
    services.record_signature(
        actor=block.leader_user,
        covenant=covenant,
        unit=block.alpha,
        signed_on=datetime.date(2025, 3, 5),
        signer_name="Nguyễn Văn Bình",
        signer_position="Giám đốc",
    )
    return covenant


def test_covenant_pdf_has_the_group_header_targets_and_every_member_to_sign(block, covenant):
    pdf = Pdf(documents.covenant_pdf(block.group))
    assert {f["name"] for f in pdf.fonts()} <= OUR_FONTS and all(f["embedded"] for f in pdf.fonts())
    text = squash(pdf.text(raw=True))
    assert (
        in_order(
            text,
            [
                "UBND TỈNH THỬ",
                "KHỐI CÁC CƠ QUAN TỔNG HỢP",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Bắc Ninh, ngày 05 tháng 3 năm 2025",
                "GIAO ƯỚC THI ĐUA NĂM 2025",
                "Các đơn vị thành viên thống nhất giao ước thi đua năm 2025.",
                "- 100% nhiệm vụ hoàn thành đúng hạn",
                "- Không có cán bộ vi phạm kỷ luật",
            ],
        )
        == []
    )
    for unit in ("SỞ NỘI VỤ", "SỞ TÀI CHÍNH", "SỞ TƯ PHÁP"):
        assert f"ĐẠI DIỆN {unit}" in text
    assert "GIÁM ĐỐC" in text and "Nguyễn Văn Bình" in text


def test_ranking_pdf_lists_members_in_rank_order_with_points_as_written(block):
    score(block, block.alpha_user, block.alpha, c1="9,5", c2="20")
    score(block, block.beta_user, block.beta, c1="10", c2="15", penalty="1")
    pdf = Pdf(documents.ranking_pdf(block.table))
    assert {f["name"] for f in pdf.fonts()} <= OUR_FONTS
    text = squash(pdf.text(raw=True))
    assert (
        in_order(
            text,
            [
                "KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM 2025",
                "(Kết quả chưa công bố)",
                "1 Sở Tư pháp 29,5 0 0 29,5",
                "2 Sở Tài chính 25 0 1 24",
                "3 Sở Nội vụ 0 0 0 0",
                "TM. KHỐI CÁC CƠ QUAN TỔNG HỢP",
                "KHỐI TRƯỞNG",
                "SỞ NỘI VỤ",
            ],
        )
        == []
    )


def test_documents_follow_the_page_permissions(client, block, covenant):
    client.force_login(block.beta_user)
    assert client.get(reverse("emulation:covenant_pdf", args=[block.group.pk]))["Content-Type"] == "application/pdf"
    assert (
        "GIAO ƯỚC THI ĐUA NĂM 2025"
        in client.get(reverse("emulation:covenant_preview", args=[block.group.pk])).content.decode()
    )
    assert client.get(reverse("emulation:ranking_pdf", args=[block.group.pk])).status_code == 403
    client.force_login(block.leader_user)
    response = client.get(reverse("emulation:ranking_pdf", args=[block.group.pk]))
    assert response.content.startswith(b"%PDF-")
