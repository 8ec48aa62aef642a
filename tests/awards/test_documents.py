"""The Biên bản and the Quyết định as official PDFs: drawn from real objects, read back with poppler."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import printing, services
from awards.models import AwardType, CouncilMember, Decision, Nominee, Prize
from awards.selectors import decision_document
from documents.rendering import render_html, render_pdf
from tests.documents.pdf_tools import Pdf, compact, in_order, squash
from tests.documents.word_tools import body_paragraphs, docx_text, header_parts, sections, table_lines, tables
from tests.factories import CouncilFactory, CouncilMemberFactory, UnitFactory, UserFactory
from units.models import Role

from .conftest import make_dossier, make_ready, pdf, vote

pytestmark = pytest.mark.django_db

# Signed on 12/03/2025: Law 65/2025 is the local-government law in force (01/03–15/06/2025).
LOCAL_2025 = "Căn cứ Luật Tổ chức chính quyền địa phương số 65/2025/QH15 ngày 19 tháng 02 năm 2025;"

LIBERATION = {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"}


def pdf_of(response) -> Pdf:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return Pdf(response.content)


def assert_only_embedded_liberation_serif(pdf: Pdf):
    fonts = pdf.fonts()
    assert fonts and all(f["name"].startswith("Liberation-Serif") and f["embedded"] for f in fonts), fonts


def test_the_decision_prints_in_the_official_format_with_its_appendix(client, world, decided):
    session, decision = decided
    client.force_login(world.officer)
    response = client.get(reverse("awards:decision_pdf", args=[decision.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="quyet-dinh-12-qd-ubnd-2025.pdf"'
    pdf = pdf_of(response)
    assert_only_embedded_liberation_serif(pdf)
    assert {f["name"] for f in pdf.fonts()} >= {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"}
    assert pdf.page_count == 2
    assert pdf.page_sizes() == [(595, 842), (595, 842)]
    first, appendix = pdf.pages_text(raw=True)
    assert first.splitlines()[:7] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH BẮC NINH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/QĐ-UBND Bắc Ninh, ngày 12 tháng 3 năm 2025",
        "QUYẾT ĐỊNH",
        "Về việc tặng danh hiệu “Lao động tiên tiến” năm 2025",
    ]
    assert (
        in_order(
            squash(first),
            [
                "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
                # One legal basis a paragraph, each with its number, date and full name (in force on
                # 12/03/2025: Law 65/2025, not yet Law 72/2025; Decree 98/2023, not yet Decree 152/2025).
                LOCAL_2025,
                "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
                "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi"
                " hành một số điều của Luật Thi đua, khen thưởng;",
                "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 10/3/2025.",
                "QUYẾT ĐỊNH:",
                "Điều 1. Tặng danh hiệu “Lao động tiên tiến” năm 2025 cho 02 cá nhân đã có thành tích xuất sắc"
                " trong thực hiện nhiệm vụ năm 2025 (có tên tại Phụ lục kèm theo Quyết định này).",
                # 0.3 × 2,340,000 = 702,000, rounded up to the next ten thousand.
                "Điều 2. Mỗi cá nhân được thưởng 710.000 đồng (0,3 lần mức lương cơ sở). Mức lương cơ sở"
                " 2.340.000 đồng theo Nghị định số 73/2024/NĐ-CP ngày 30/6/2024, Điều 3 khoản 2. Tổng số tiền"
                " thưởng 1.420.000 đồng, chi từ Quỹ Thi đua, khen thưởng tỉnh Bắc Ninh.",
                "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các cơ quan, đơn vị liên quan và"
                " các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
                "Nơi nhận:",
                "- Như Điều 3;",
                "- Lưu: VT, NC.",
            ],
        )
        == []
    )
    assert in_order(squash(first), ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Vương Quốc Tuấn"]) == []
    assert "72/2025/QH15" not in squash(first) and "77/2015/QH13" not in squash(first)
    assert appendix.splitlines() == [
        "PHỤ LỤC",
        "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG",
        "DANH HIỆU “LAO ĐỘNG TIÊN TIẾN” NĂM 2025",
        # The decider's name is never broken across lines.
        "(Kèm theo Quyết định số 12/QĐ-UBND ngày 12 tháng 3 năm 2025",
        "của Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh)",
        "TT Họ và tên Năm sinh Chức vụ, đơn vị công tác",
        "Tiền thưởng",
        "(đồng)",
        "1 Nguyễn Thị Lan 1980 Giáo viên, Sở Giáo dục và",
        "Đào tạo",
        "710.000",
        "2 Trần Văn Bình 1980 Giáo viên, Sở Giáo dục và",
        "Đào tạo",
        "710.000",
        "Tổng cộng (2) 1.420.000",
    ]
    # Hà did not pass: she is in the minutes, not in the decision.
    assert "Lê Thu Hà" not in pdf.text()


def test_the_legal_bases_are_italic_and_the_articles_start_in_bold(decided):
    _, decision = decided
    html = render_html(printing.DECISION_TEMPLATE, printing.decision_context(decision))
    assert (
        f'<div class="legal-bases"><p>{LOCAL_2025}</p><p>Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 '
        "tháng 6 năm 2022;</p>" in html
    )
    assert '<p><span class="article">Điều 1.</span> Tặng danh hiệu “Lao động tiên tiến”' in html


@pytest.mark.parametrize(
    "typed, printed",
    [
        ("", []),
        (
            "Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV;",
            ["Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV"],
        ),
        ("Theo đề nghị của Trưởng phòng Nội vụ.", ["Theo đề nghị của Trưởng phòng Nội vụ"]),
    ],
)
def test_the_proposal_closes_the_legal_bases_whether_or_not_it_was_typed_with_its_opening_words(
    decided, typed, printed
):
    _, decision = decided
    decision.proposal = typed
    assert decision_document(decision)["legal_bases"] == [
        LOCAL_2025,
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số"
        " điều của Luật Thi đua, khen thưởng;",
        *printed,
    ]


def test_the_minutes_print_attendance_and_the_ballot_per_nominee(client, world, decided):
    session, _ = decided
    client.force_login(world.members[6])
    response = client.get(reverse("awards:session_minutes_pdf", args=[session.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban-07-bb-hdtdkt-2025-03-05.pdf"'
    pdf = pdf_of(response)
    assert_only_embedded_liberation_serif(pdf)
    lines = pdf.text(raw=True).splitlines()
    assert lines[:9] == [
        "UBND TỈNH BẮC NINH",
        "HỘI ĐỒNG",
        "THI ĐUA - KHEN THƯỞNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 07/BB-HĐTĐKT Bắc Ninh, ngày 05 tháng 3 năm 2025",
        "BIÊN BẢN",
        "Phiên họp xét khen thưởng cuối năm 2025",
        "Thời gian: 08 giờ 30 phút, ngày 05 tháng 3 năm 2025.",
    ]
    text = squash(pdf.text(raw=True))
    secretary = str(world.secretary)
    present = [str(u) for u in world.members[:9]]
    assert (
        in_order(
            text,
            [
                "Địa điểm: Phòng họp số 1, Ủy ban nhân dân tỉnh.",
                "Chủ trì: Vương Quốc Tuấn, Chủ tịch Hội đồng.",
                f"Thư ký: {secretary}.",
                "Thành viên Hội đồng Thi đua - Khen thưởng tỉnh Bắc Ninh tham gia bỏ phiếu: 9/10 thành viên, gồm:",
                f"- {present[0]}, Chủ tịch Hội đồng;",
                f"- {present[1]}, Thư ký Hội đồng;",
                f"- {present[8]}, Ủy viên.",
                f"Vắng: {world.members[9]}, Ủy viên.",
                "1. Ý kiến thảo luận",
                "Các thành viên thống nhất với đề nghị của Sở Nội vụ.",
                "2. Kết quả bỏ phiếu kín",
                "1) Sở Giáo dục và Đào tạo: Đề nghị tặng Lao động tiên tiến",
                "1 Nguyễn Thị Lan, Giáo viên 8 1 88,89% Đạt",
                "2 Trần Văn Bình, Giáo viên 9 0 100% Đạt",
                "2) Sở Y tế: Đề nghị tặng Lao động tiên tiến",
                "1 Lê Thu Hà, Giáo viên 3 6 33,33% Không đạt",
                # The meeting's own end, recorded by the secretary, and the closing sentence.
                "Cuộc họp kết thúc vào hồi 10 giờ 45 phút cùng ngày. Biên bản đã được đọc lại cho các thành viên"
                " dự họp cùng nghe và nhất trí thông qua./.",
            ],
        )
        == []
    )
    assert "27 tháng 11" not in text and "Bỏ phiếu kín kết thúc" not in text
    # Decree 30: the secretary signs on the left, whoever presided on the right, level.
    last = pdf.page_count
    words = {w.text: w for w in pdf.words(last)}
    assert words["THƯ"].x_max < words["CHỦ"].x_min and words["THƯ"].y_min == words["CHỦ"].y_min
    assert in_order(compact(pdf.text(last, last)), [compact("THƯ KÝ"), compact(secretary)]) == []
    assert in_order(compact(pdf.text(last, last)), [compact("CHỦ TRÌ"), compact("Vương Quốc Tuấn")]) == []


def test_minutes_without_a_number_print_a_blank_for_it(decided):
    session, _ = decided
    session.minutes_number = ""
    session.save()
    context = printing.minutes_context(session)
    assert context["header"].number_line == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BB-HĐTĐKT"
    assert printing.minutes_filename(session) == "bien-ban-bb-hdtdkt-2025-03-05.pdf"


def test_the_previews_show_the_document_with_its_download_button(client, world, decided):
    session, decision = decided
    client.force_login(world.staff)
    response = client.get(reverse("awards:decision_print", args=[decision.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<form method="get" action="{reverse("awards:decision_pdf", args=[decision.pk])}">' in html
    assert '<td class="number">Số: 12/QĐ-UBND</td>' in html
    assert '<td class="place-date">Bắc Ninh, ngày 12 tháng 3 năm 2025</td>' in html
    response = client.get(reverse("awards:session_minutes_print", args=[session.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<form method="get" action="{reverse("awards:session_minutes_pdf", args=[session.pk])}">' in html
    assert '<td class="number">Số: 07/BB-HĐTĐKT</td>' in html
    # The pages link to them.
    page = client.get(reverse("awards:session", args=[session.pk])).content.decode()
    assert reverse("awards:session_minutes_print", args=[session.pk]) in page
    assert reverse("awards:session_minutes_pdf", args=[session.pk]) in page
    page = client.get(reverse("awards:decision", args=[decision.pk])).content.decode()
    assert reverse("awards:decision_print", args=[decision.pk]) in page
    assert reverse("awards:decision_pdf", args=[decision.pk]) in page


def test_the_minutes_need_the_tally_permission(client, world):
    dossier = make_ready(world)
    services.schedule_dossier(actor=world.staff, dossier=dossier, session=world.session)
    services.open_voting(actor=world.secretary, session=world.session)
    vote(world, world.session, Nominee.objects.get(dossier=dossier), approvals=9)
    urls = [
        reverse(name, args=[world.session.pk])
        for name in ("awards:session_minutes_print", "awards:session_minutes_pdf")
    ]
    # While the vote is open nobody reads the tally, not even the secretary.
    client.force_login(world.secretary)
    assert [client.get(url).status_code for url in urls] == [403, 403]
    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    stranger = CouncilMemberFactory(council=CouncilFactory()).user
    other_staff = UserFactory(role=Role.PLAN_EDITOR, unit=CouncilFactory().government)
    for user in (world.officer, stranger, other_staff):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [403, 403], user
    for user in (world.members[5], world.staff):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [200, 200], user
    client.logout()
    assert [client.get(url).status_code for url in urls] == [302, 302]


def test_a_decision_is_printed_for_any_signed_in_user_as_its_page_is(client, world, decided):
    _, decision = decided
    urls = [
        reverse(name, args=[decision.pk])
        for name in ("awards:decision", "awards:decision_print", "awards:decision_pdf")
    ]
    client.force_login(world.other_officer)
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    client.logout()
    responses = [client.get(url) for url in urls]
    assert [r.status_code for r in responses] == [302, 302, 302]
    assert all(r["Location"].startswith(reverse("login")) for r in responses)


def test_a_decision_for_people_and_collectives_lists_them_in_two_groups(world):
    school = UnitFactory(name="Trường THPT Chuyên Bắc Ninh", parent=world.education)
    dossier = make_dossier(world, award_code="bang-khen-chu-tich-tinh", nominees=["Nguyễn Thị Lan"])
    collective = services.add_nominee(
        actor=world.officer,
        dossier=dossier,
        data={
            "kind": "tap_the",
            "unit": school,
            "task_rating": "xuat_sac",
            "excellent_years": 2,
            "initiative_scope": "co_so",
            "initiative_count": 2,
        },
    )
    services.add_attachment(
        actor=world.officer, dossier=dossier, uploaded=pdf(), kind="bao_cao_thanh_tich", nominee=collective
    )
    services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    services.apply_transition(actor=world.staff, dossier=dossier, name="start_appraisal")
    services.apply_transition(actor=world.staff, dossier=dossier, name="mark_ready")
    services.schedule_dossier(actor=world.staff, dossier=dossier, session=world.session)
    services.open_voting(actor=world.secretary, session=world.session)
    lan = dossier.nominees.get(kind="ca_nhan")
    for nominee in (collective, lan):
        vote(world, world.session, nominee, approvals=10)
    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    services.apply_results(actor=world.secretary, session=world.session)
    data = {
        "issuing_unit": world.province,
        "issuing_body_line": "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH",
        "number": "1601",
        "symbol": "QĐ-UBND",
        "place": "Bắc Ninh",
        "issued_on": datetime.date(2026, 1, 9),
        "title": "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "prize_fund": "Quỹ Thi đua, khen thưởng tỉnh Bắc Ninh",
        "signer_name": "Vương Quốc Tuấn",
    }
    # The catalogue has the individual's coefficient only: the collective's blocks the decision, by name.
    with pytest.raises(ValidationError) as refused:
        services.issue_decision(
            actor=world.staff,
            session=world.session,
            award_type=dossier.award_type,
            data=data,
            nominees=[collective, lan],
        )
    assert refused.value.messages == [
        "Chưa ban hành được quyết định vì chưa tính được tiền thưởng. Hãy nhập “hệ số tiền thưởng của tập thể” của"
        " “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh” (Quản trị → Danh hiệu, hình thức khen thưởng), theo Nghị định"
        " số 152/2025/NĐ-CP."
    ]
    assert not Decision.objects.exists() and not Prize.objects.exists()
    AwardType.objects.filter(pk=dossier.award_type_id).update(prize_coefficient_collective=Decimal("3.0"))
    dossier.award_type.refresh_from_db()
    decision = services.issue_decision(
        actor=world.staff, session=world.session, award_type=dossier.award_type, data=data, nominees=[collective, lan]
    )
    pdf_file = Pdf(render_pdf(printing.DECISION_TEMPLATE, printing.decision_context(decision)))
    first, appendix = pdf_file.pages_text(raw=True)
    assert (
        in_order(
            squash(first),
            [
                "Số: 1601/QĐ-UBND Bắc Ninh, ngày 09 tháng 01 năm 2026",
                "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
                "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2025 cho 01 cá nhân và 01 tập thể",
                "Điều 2. Mỗi cá nhân được thưởng 3.510.000 đồng (1,5 lần mức lương cơ sở); mỗi tập thể được thưởng"
                " 7.020.000 đồng (3 lần mức lương cơ sở).",
                "Tổng số tiền thưởng 10.530.000 đồng, chi từ Quỹ Thi đua, khen thưởng tỉnh Bắc Ninh.",
                "và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành",
            ],
        )
        == []
    )
    # Wrapped cells and lines joined: the table read row by row.
    assert squash(appendix) == (
        "PHỤ LỤC DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NĂM 2025"
        " (Kèm theo Quyết định số 1601/QĐ-UBND ngày 09 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh)"
        " TT Họ và tên, tên tập thể Năm sinh Chức vụ, đơn vị công tác Tiền thưởng (đồng)"
        " I CÁ NHÂN 1 Nguyễn Thị Lan 1980 Giáo viên, Sở Giáo dục và Đào tạo 3.510.000"
        " II TẬP THỂ 1 Trường THPT Chuyên Bắc Ninh Sở Giáo dục và Đào tạo 7.020.000"
        " Tổng cộng (2) 10.530.000"
    )
    # Signed on behalf of the committee ("TM."), the committee itself decides.
    decision.signer_authority = "TM. ỦY BAN NHÂN DÂN"
    context = printing.decision_context(decision)
    assert context["authority"] == "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"
    assert (
        context["appendix"]
        .subtitle.replace("\u00a0", " ")
        .endswith("ngày 09 tháng 01 năm 2026\ncủa Ủy ban nhân dân tỉnh Bắc Ninh)")
    )


def test_member_lines_say_the_role_once_and_the_rule_its_basis(world, decided):
    session, _ = decided
    chair = CouncilMember.objects.get(council=world.council, role="chu_tich")
    chair.position = "Phó Chủ tịch UBND tỉnh, Chủ tịch Hội đồng"
    chair.save()
    member = CouncilMember.objects.get(user=world.members[2])
    member.position = "Giám đốc Sở Tài chính"
    member.save()
    AwardType.objects.filter(code="lao-dong-tien-tien").update(
        vote_rule_basis="Quy chế thi đua, khen thưởng tỉnh Bắc Ninh, Điều 9"
    )
    text = squash(Pdf(render_pdf(printing.MINUTES_TEMPLATE, printing.minutes_context(session))).text(raw=True))
    assert (
        in_order(
            text,
            [
                f"- {world.members[0]}, Phó Chủ tịch UBND tỉnh, Chủ tịch Hội đồng;",
                f"- {world.members[1]}, Thư ký Hội đồng;",
                f"- {world.members[2]}, Giám đốc Sở Tài chính, Ủy viên;",
                "tỷ lệ phiếu đồng ý cần đạt: 50% trên số thành viên có mặt (theo Quy chế thi đua, khen thưởng tỉnh"
                " Bắc Ninh, Điều 9).",
            ],
        )
        == []
    )
    assert "Chủ tịch Hội đồng, Chủ tịch Hội đồng" not in text


# The same documents as Word files -----------------------------------------------------------------

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _word_says_what_the_pdf_says(content: bytes, pdf_content: bytes):
    paragraphs = [compact(line) for line in docx_text(content).split("\n") if line.strip()]
    assert len(paragraphs) > 15
    assert in_order(compact(Pdf(pdf_content).text(raw=True)), paragraphs) == []


def test_the_decision_as_word_has_the_decree_30_parts_and_its_list(client, world, decided):
    _, decision = decided
    client.force_login(world.officer)
    response = client.get(reverse("awards:decision_docx", args=[decision.pk]))
    assert response["Content-Type"] == WORD
    assert response["Content-Disposition"] == 'attachment; filename="quyet-dinh-12-qd-ubnd-2025.docx"'
    content = response.content
    assert header_parts(content) == {
        "issuer": ["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH"],
        "nation": ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
        "number": "Số: 12/QĐ-UBND",
        "place_date": "Bắc Ninh, ngày 12 tháng 3 năm 2025",
    }
    paragraphs = [p for p in body_paragraphs(content) if p.text]
    texts = [p.text for p in paragraphs]
    assert texts[:5] == [
        "QUYẾT ĐỊNH",
        "Về việc tặng danh hiệu “Lao động tiên tiến” năm 2025",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
        LOCAL_2025,
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
    ]
    decides = texts.index("QUYẾT ĐỊNH:")
    articles = paragraphs[decides + 1 : decides + 4]
    assert [p.runs[0].text for p in articles] == ["Điều 1. ", "Điều 2. ", "Điều 3. "]
    assert all(p.runs[0].bold and not p.runs[1].bold for p in articles)
    assert all(p.runs[0].italic for p in paragraphs[3:decides])  # the legal bases
    assert texts[decides + 4 : decides + 7] == [
        "PHỤ LỤC",
        "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG\nDANH HIỆU “LAO ĐỘNG TIÊN TIẾN” NĂM 2025",
        "(Kèm theo Quyết định số 12/QĐ-UBND ngày 12 tháng 3 năm 2025\ncủa Chủ\u00a0tịch\u00a0Ủy\u00a0ban\u00a0nhân"
        "\u00a0dân\u00a0tỉnh\u00a0Bắc\u00a0Ninh)",
    ]
    _, closing, appendix = tables(content)
    [[recipients, signer]] = table_lines(closing)
    assert recipients == ["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT, NC."]
    assert signer == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Vương Quốc Tuấn"]
    assert [[" ".join(cell) for cell in row] for row in table_lines(appendix)] == [
        ["TT", "Họ và tên", "Năm sinh", "Chức vụ, đơn vị công tác", "Tiền thưởng (đồng)"],
        ["1", "Nguyễn Thị Lan", "1980", "Giáo viên, Sở Giáo dục và Đào tạo", "710.000"],
        ["2", "Trần Văn Bình", "1980", "Giáo viên, Sở Giáo dục và Đào tạo", "710.000"],
        ["", "Tổng cộng (2)", "", "", "1.420.000"],
    ]
    main, list_section = sections(content)
    assert (round(list_section.page_width.mm), round(list_section.page_height.mm)) == (210, 297)
    assert "Tải Word" in client.get(decision.get_absolute_url()).content.decode()
    _word_says_what_the_pdf_says(content, render_pdf(printing.DECISION_TEMPLATE, printing.decision_context(decision)))


def test_the_minutes_as_word_have_the_ballots_and_both_signers(client, world, decided):
    session, _ = decided
    client.force_login(world.members[6])
    response = client.get(reverse("awards:session_minutes_docx", args=[session.pk]))
    assert response["Content-Type"] == WORD
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban-07-bb-hdtdkt-2025-03-05.docx"'
    content = response.content
    assert header_parts(content) == {
        "issuer": ["UBND TỈNH BẮC NINH", "HỘI ĐỒNG", "THI ĐUA - KHEN THƯỞNG"],
        "nation": ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
        "number": "Số: 07/BB-HĐTĐKT",
        "place_date": "Bắc Ninh, ngày 05 tháng 3 năm 2025",
    }
    texts = [p.text for p in body_paragraphs(content) if p.text]
    assert texts[:3] == [
        "BIÊN BẢN",
        "Phiên họp xét khen thưởng cuối năm 2025",
        "Thời gian: 08 giờ 30 phút, ngày 05 tháng 3 năm 2025.",
    ]
    _, first_ballot, second_ballot, signers = tables(content)
    assert [" ".join(cell) for cell in table_lines(first_ballot)[1]] == [
        "1",
        "Nguyễn Thị Lan, Giáo viên",
        "8",
        "1",
        "88,89%",
        "Đạt",
    ]
    assert [" ".join(cell) for cell in table_lines(second_ballot)[1]][-2:] == ["33,33%", "Không đạt"]
    # The secretary on the left, whoever presided on the right; the names on one row, level.
    assert table_lines(signers) == [[["THƯ KÝ"], ["CHỦ TRÌ"]], [[str(world.secretary)], ["Vương Quốc Tuấn"]]]
    assert "Tải Word biên bản" in client.get(session.get_absolute_url()).content.decode()
    _word_says_what_the_pdf_says(content, render_pdf(printing.MINUTES_TEMPLATE, printing.minutes_context(session)))
