"""Two member units score themselves, the leader adjusts a sheet in one form and publishes."""

import pytest
from playwright.sync_api import expect

from awards.catalogue import load_catalogue
from awards.models import AwardType, Dossier
from emulation.models import Score
from tests.emulation.conftest import block as block  # noqa: F401  (the fixture, reused)
from tests.factories import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def self_score(page, login, block, username, points):
    login(username)
    page.goto(f"/cum-khoi/{block.group.pk}/")
    page.get_by_role("link", name="Đơn vị tôi tự chấm điểm").click()
    for number, value in points.items():
        page.get_by_label(f"Điểm tự chấm tiêu chí {number}", exact=True).first.fill(value)
    page.get_by_role("button", name="Lưu điểm tự chấm").click()
    expect(page.get_by_text("Đã lưu điểm tự chấm")).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()


def test_members_score_leader_adjusts_publishes_and_proposes_the_first(page, login, block):
    load_catalogue(AwardType)  # a transactional test starts without the migration's rows
    self_score(page, login, block, "sotuphap", {"1": "10", "2": "20"})
    self_score(page, login, block, "sotaichinh", {"1": "9", "2": "19,5"})

    # The Sở Tư pháp officer tries a point over the maximum: told which criterion, nothing saved.
    login("truongkhoi")
    page.goto(f"/cum-khoi/{block.group.pk}/cham-diem/")
    page.get_by_label("Điểm tự chấm tiêu chí 1", exact=True).first.fill("11")
    page.get_by_role("button", name="Lưu điểm tự chấm").click()
    expect(page.get_by_text("Tiêu chí 1 (Ban hành kế hoạch): điểm 11 vượt điểm tối đa 10.")).to_be_visible()
    page.get_by_label("Điểm tự chấm tiêu chí 1", exact=True).first.fill("8")
    page.get_by_role("button", name="Lưu điểm tự chấm").click()
    expect(page.get_by_text("Đã lưu điểm tự chấm")).to_be_visible()

    page.get_by_role("link", name="Kết quả, xếp hạng").click()
    ranks = page.locator("table.ranking tbody tr")
    expect(ranks.nth(0)).to_contain_text("Sở Tư pháp")
    ranks.nth(0).get_by_role("link", name="Chi tiết").click()
    # The whole sheet in one form: a row with points and no reason is refused, what was typed stays.
    page.get_by_label("Điểm điều chỉnh tiêu chí 1", exact=True).first.fill("7")
    page.get_by_label("Điểm điều chỉnh tiêu chí 2").fill("18")
    page.get_by_label("Lý do điều chỉnh tiêu chí 2").fill("Ký giao ước chậm 5 ngày")
    page.get_by_role("button", name="Lưu điều chỉnh").click()
    expect(page.get_by_text("Tiêu chí 1 (Ban hành kế hoạch): cần ghi lý do điều chỉnh điểm.")).to_be_visible()
    expect(page.get_by_label("Lý do điều chỉnh tiêu chí 2")).to_have_value("Ký giao ước chậm 5 ngày")
    page.get_by_label("Điểm điều chỉnh tiêu chí 1", exact=True).first.fill("")
    page.get_by_role("button", name="Lưu điều chỉnh").click()
    expect(page.get_by_text("Đã lưu điều chỉnh điểm của Sở Tư pháp (1 tiêu chí thay đổi).")).to_be_visible()
    expect(page.get_by_label("Điểm điều chỉnh tiêu chí 2")).to_have_value("18")

    page.get_by_role("link", name="Kết quả, xếp hạng").click()
    expect(ranks.nth(0)).to_contain_text("Sở Tài chính")
    expect(ranks.nth(0)).to_contain_text("28,5")
    expect(ranks.nth(1)).to_contain_text("Sở Tư pháp")
    expect(ranks.nth(1)).to_contain_text("(1 tiêu chí điều chỉnh)")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Công bố kết quả").click()
    expect(page.get_by_text("Đã công bố kết quả chấm điểm, xếp hạng.")).to_be_visible()

    # The first is suggested for the provincial emulation flag; the leader confirms.
    expect(page.get_by_role("checkbox", name="Sở Tài chính")).to_be_checked()
    expect(page.get_by_label("Khen thưởng cho Sở Tài chính")).to_have_value(
        str(AwardType.objects.get(code="co-thi-dua-tinh").pk)
    )
    page.get_by_role("button", name="Đề nghị khen thưởng").click()
    expect(page.get_by_text("Đã tạo 1 hồ sơ đề nghị (đang soạn)")).to_be_visible()
    page.get_by_role("link", name="Đang soạn").click()
    expect(page.locator("body")).to_contain_text("Sở Tài chính")
    dossier = Dossier.objects.get()
    assert (dossier.award_type.code, dossier.unit, dossier.nominees.get().unit) == (
        "co-thi-dua-tinh",
        block.leader,
        block.beta,
    )
    page.get_by_role("button", name="Đăng xuất").click()

    login("sotuphap")
    page.goto(f"/cum-khoi/{block.group.pk}/xep-hang/")
    expect(ranks.nth(1)).to_contain_text("28")
    expect(page.get_by_text("Đã công bố ngày")).to_be_visible()


def test_scores_typed_survive_an_evidence_upload_until_saved(page, login, block, tmp_path):
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(pdf_bytes())
    login("sotuphap")
    page.goto(f"/cum-khoi/{block.group.pk}/cham-diem/")
    page.get_by_label("Điểm tự chấm tiêu chí 1", exact=True).first.fill("7")
    page.get_by_label("Giải trình tiêu chí 2", exact=True).first.fill("Đã ký ngày 15/3")

    row = page.locator(f"#criterion-{block.c2.pk}")
    row.get_by_label("Tài liệu kiểm chứng tiêu chí 2").set_input_files(evidence)
    row.get_by_role("button", name="Nộp").click()

    expect(page.get_by_text("Đã nộp tài liệu kiểm chứng cho tiêu chí 2.")).to_be_visible()
    expect(page.get_by_label("Điểm tự chấm tiêu chí 1", exact=True).first).to_have_value("7")
    expect(page.get_by_label("Giải trình tiêu chí 2", exact=True).first).to_have_value("Đã ký ngày 15/3")
    expect(page.locator(".draft-notice")).to_contain_text("Đã giữ lại 2 ô bạn đang nhập dở")
    assert not Score.objects.filter(unit=block.alpha, self_points__isnull=False).exists()

    page.get_by_role("button", name="Lưu điểm tự chấm").click()
    expect(page.get_by_text("Đã lưu điểm tự chấm")).to_be_visible()
    expect(page.locator(".draft-notice")).to_have_count(0)
    assert Score.objects.get(unit=block.alpha, criterion=block.c1).self_points == 7
    page.reload()
    expect(page.get_by_label("Điểm tự chấm tiêu chí 1", exact=True).first).to_have_value("7")
    expect(page.locator(".draft-notice")).to_have_count(0)
