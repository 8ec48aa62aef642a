from decimal import Decimal as D

import pytest
from django.urls import reverse

from emulation import services
from emulation.models import CriteriaTable, Score
from tests.factories import ProvinceFactory, UnitFactory, UserFactory, pdf_bytes
from units.models import EmulationGroup, EmulationGroupMembership, Role

from .conftest import make_group, officer, score


def url(name, block, **kwargs):
    return reverse(f"emulation:{name}", kwargs={"pk": block.group.pk, **kwargs})


@pytest.fixture
def other_leader(block):
    """The leader of another block of the same province."""
    unit = UnitFactory(name="Sở Y tế", parent=block.province)
    make_group("Khối văn hóa - xã hội", block.province, [(unit, "truong")])
    return officer(unit, "truongkhoikhac")


def test_member_scores_own_unit_and_sees_only_its_own_sheet(client, block):
    client.force_login(block.alpha_user)
    response = client.post(
        url("scoring", block), {f"points-{block.c1.pk}": "9,5", f"comment-{block.c1.pk}": "Đúng hạn"}, follow=True
    )
    assert "Đã lưu điểm tự chấm (1 tiêu chí thay đổi)." in response.content.decode()
    assert Score.objects.get(unit=block.alpha).self_points == D("9.5")
    assert client.get(url("unit_scores", block, unit_id=block.beta.pk)).status_code == 403
    assert client.get(url("ranking", block)).status_code == 403
    assert client.get(url("ranking_export", block)).status_code == 403


def test_points_over_the_maximum_keep_what_was_typed_and_save_nothing(client, block):
    client.force_login(block.alpha_user)
    response = client.post(
        url("scoring", block), {f"points-{block.c1.pk}": "12", f"comment-{block.c1.pk}": "Vượt chỉ tiêu"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tiêu chí 1 (Ban hành kế hoạch): điểm 12 vượt điểm tối đa 10." in html
    assert f'name="points-{block.c1.pk}" value="12"' in html
    assert "Vượt chỉ tiêu</textarea>" in html
    assert Score.objects.count() == 0


def test_member_cannot_adjust_or_publish(client, block):
    score(block, block.beta_user, block.beta, c1="10")
    client.force_login(block.alpha_user)
    response = client.post(
        url("adjust_sheet", block, unit_id=block.beta.pk),
        {f"adjust-{block.c1.pk}": "1", f"reason-{block.c1.pk}": "x"},
    )
    assert response.status_code == 403
    assert client.post(url("publish", block)).status_code == 403
    assert Score.objects.get(unit=block.beta).adjusted_points is None


def test_leader_of_another_block_sees_nothing(client, block, other_leader):
    client.force_login(other_leader)
    for name in ("overview", "criteria", "scoring", "ranking", "criteria_export"):
        assert client.get(url(name, block)).status_code == 403, name
    assert client.get(url("unit_scores", block, unit_id=block.alpha.pk)).status_code == 403


def test_evidence_is_visible_to_its_unit_and_the_leader_only(client, block):
    from django.core.files.uploadedfile import SimpleUploadedFile

    evidence = services.add_evidence(
        actor=block.alpha_user,
        table=block.table,
        unit=block.alpha,
        criterion=block.c1,
        upload=SimpleUploadedFile("kh.pdf", pdf_bytes()),
    )
    link = reverse("emulation:evidence", kwargs={"evidence_id": evidence.pk})
    for user, status in ((block.alpha_user, 200), (block.leader_user, 200), (block.beta_user, 403)):
        client.force_login(user)
        assert client.get(link).status_code == status


def test_leader_adjusts_publishes_and_then_members_see_the_ranking(client, block):
    for user, unit, points in (
        (block.alpha_user, block.alpha, "10"),
        (block.beta_user, block.beta, "8"),
        (block.leader_user, block.leader, "6"),
    ):
        score(block, user, unit, c1=points)
    client.force_login(block.leader_user)
    response = client.post(
        url("adjust_sheet", block, unit_id=block.alpha.pk),
        {f"adjust-{block.c1.pk}": "7", f"reason-{block.c1.pk}": "Thiếu kế hoạch chi tiết"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Đã lưu điều chỉnh điểm của Sở Tư pháp (1 tiêu chí thay đổi)."
    ]
    response = client.post(url("publish", block), follow=True)
    assert "Đã công bố kết quả chấm điểm, xếp hạng." in response.content.decode()
    client.force_login(block.beta_user)
    html = client.get(url("ranking", block)).content.decode()
    assert html.index("Sở Tài chính") < html.index("Sở Tư pháp") < html.index("Sở Nội vụ")
    # Published: the member's own scores are read-only now.
    client.post(url("scoring", block), {f"points-{block.c1.pk}": "1"})
    assert Score.objects.get(unit=block.beta).self_points == D("8")


def test_criteria_import_reports_bad_rows_and_writes_nothing(client, block):
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    book = openpyxl.Workbook()
    for row in (("TT", "Nội dung tiêu chí", "Điểm tối đa"), ("I", "Nhóm", None), (1, "A", "x")):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(block.staff)
    response = client.post(
        url("criteria_action", block, action="nhap"),
        {"file": SimpleUploadedFile("tc.xlsx", buffer.getvalue())},
        follow=True,
    )
    assert "Dòng 3, cột C (Điểm tối đa): “x” không phải là số điểm." in response.content.decode()
    assert [c.content for s in block.table.sections.all() for c in s.criteria.all()] == [
        "Ban hành kế hoạch",
        "Ký giao ước đúng hạn",
        "Mô hình mới",
        "Nộp báo cáo chậm",
    ]


def test_criteria_import_over_the_criteria_limit_names_it_and_writes_nothing(client, block):
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    from activity.models import ActivityLog

    book = openpyxl.Workbook()
    for row in [("TT", "Nội dung tiêu chí", "Điểm tối đa"), ("I", "Nhóm", None)] + [
        (n, f"Tiêu chí {n}", 1) for n in range(1, 502)
    ]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(block.staff)
    logged = ActivityLog.objects.count()
    response = client.post(
        url("criteria_action", block, action="nhap"),
        {"file": SimpleUploadedFile("tc.xlsx", buffer.getvalue())},
        follow=True,
    )
    assert (
        "Tệp tc.xlsx có hơn 500 tiêu chí (dòng 503 là tiêu chí thứ 501), vượt giới hạn 500 tiêu chí của một "
        "bảng tiêu chí. Không có tiêu chí nào được nhập." in response.content.decode()
    )
    assert [c.content for s in block.table.sections.all() for c in s.criteria.all()] == [
        "Ban hành kế hoạch",
        "Ký giao ước đúng hạn",
        "Mô hình mới",
        "Nộp báo cáo chậm",
    ]
    assert ActivityLog.objects.count() == logged


def test_group_list_links_only_the_groups_a_user_may_open(client, block, other_leader):
    client.force_login(other_leader)
    html = client.get(reverse("emulation:groups")).content.decode()
    assert url("overview", block) not in html
    client.force_login(block.alpha_user)
    assert url("overview", block) in client.get(reverse("emulation:groups")).content.decode()


def test_clusters_are_listed_with_their_members(client, db):
    province = ProvinceFactory()
    group = EmulationGroup.objects.create(name="Khối văn hóa - xã hội", kind="khoi", year=2025, organiser=province)
    EmulationGroupMembership.objects.create(
        group=group, unit=UnitFactory(name="Sở Y tế", parent=province), role="truong"
    )
    client.force_login(UserFactory(role=Role.UNIT_OFFICER, unit=UnitFactory(parent=province)))
    assert reverse("emulation:groups") == "/don-vi/cum-khoi-thi-dua/"
    page = client.get(reverse("emulation:groups")).content.decode()
    assert "Khối văn hóa - xã hội" in page
    assert "<td>Sở Y tế</td><td>Trưởng</td>" in page


def test_leader_writes_the_covenant_and_records_a_signature(client, block):
    client.force_login(block.leader_user)
    response = client.post(
        url("covenant_edit", block),
        {
            "title": "Giao ước thi đua năm 2025",
            "content": "Các đơn vị thành viên thống nhất giao ước thi đua.",
            "targets": "100% nhiệm vụ hoàn thành đúng hạn\nKhông có cán bộ vi phạm kỷ luật",
            "place": "Bắc Ninh",
            "signing_due": "31/03/2025",
            "signed_on": "",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Đã lưu giao ước thi đua." in html and "Hạn ký: 31/03/2025" in html
    response = client.post(
        url("covenant_sign", block),
        {"unit": block.beta.pk, "signed_on": "12/03/2025", "signer_name": "Trần Thị C", "signer_position": "Giám đốc"},
        follow=True,
    )
    html = response.content.decode()
    assert "Đã ghi nhận Sở Tài chính ký giao ước." in html
    assert "Sở Tài chính — Trần Thị C, Giám đốc (12/03/2025)" in html
    assert "1/3 đơn vị đã ký." in html


def test_a_covenant_date_in_the_wrong_format_is_explained(client, block):
    client.force_login(block.leader_user)
    response = client.post(url("covenant_edit", block), {"title": "GU", "content": "x", "signing_due": "2025-13-40"})
    assert "Ngày không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 31/03/2025." in response.content.decode()


def test_a_copied_criterion_is_edited_in_place(client, block):
    score(block, block.alpha_user, block.alpha, c2="18")
    client.force_login(block.staff)
    edit = url("criterion_edit", block, criterion_id=block.c2.pk)
    assert 'value="20"' in client.get(edit).content.decode()
    response = client.post(
        edit, {"number": "2", "content": "Ký giao ước trong quý I", "kind": "base", "max_points": "15"}
    )
    assert "Không hạ điểm tối đa xuống 15 được: Sở Tư pháp đã tự chấm cao hơn." in response.content.decode()
    response = client.post(
        edit,
        {
            "number": "2",
            "content": "Ký giao ước trong quý I",
            "kind": "base",
            "max_points": "25",
            "evidence_note": "Biên bản ký",
        },
        follow=True,
    )
    assert "Đã lưu tiêu chí 2." in response.content.decode()
    block.c2.refresh_from_db()
    assert (block.c2.content, block.c2.max_points, block.c2.evidence_note) == (
        "Ký giao ước trong quý I",
        25,
        "Biên bản ký",
    )
    client.force_login(block.alpha_user)
    assert client.get(edit).status_code == 403


def test_members_are_listed_leader_first_then_deputy_then_by_name(client, block):
    client.force_login(block.alpha_user)
    html = client.get(url("overview", block)).content.decode()
    assert (
        html.index("Sở Nội vụ</td><td>Trưởng")
        < html.index("Sở Tư pháp</td><td>Phó")
        < html.index("Sở Tài chính</td><td>Thành viên")
    )


def test_group_list_costs_the_same_queries_for_three_groups_as_for_one(client, block, django_assert_num_queries):
    client.force_login(block.alpha_user)
    with django_assert_num_queries(7) as one:
        client.get(reverse("emulation:groups"))
    for name in ("Khối kinh tế", "Khối nội chính"):
        make_group(name, block.province, [(block.alpha, "thanh_vien"), (block.beta, "truong")])
    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get(reverse("emulation:groups")).content.decode()
    assert html.count('href="/cum-khoi/') == 3


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_each_criteria_form_calls_its_service_and_says_what_it_did(client, block):
    client.force_login(block.staff)
    post = lambda action, data: client.post(url("criteria_action", block, action=action), data, follow=True)  # noqa: E731
    edit = {"title": "Bảng tiêu chí sửa", "scoring_due": "05/12/2025", "tie_break": "penalty_then_base"}
    response = post("sua", edit)
    assert messages_of(response) == ["Đã lưu thông tin bảng tiêu chí."]
    assert CriteriaTable.objects.get(pk=block.table.pk).title == "Bảng tiêu chí sửa"
    assert messages_of(post("them-nhom", {"number": "IV", "title": "Nhóm mới"})) == ["Đã thêm nhóm tiêu chí."]
    section = block.table.sections.get(number="IV")
    data = {"section": section.pk, "number": "1", "content": "Tiêu chí mới", "kind": "base", "max_points": "3"}
    assert messages_of(post("them-tieu-chi", data)) == ["Đã thêm tiêu chí."]
    assert list(section.criteria.values_list("content", flat=True)) == ["Tiêu chí mới"]
    response = post("them-nhom", {"number": "V", "title": ""})
    assert messages_of(response) == ["Tên nhóm tiêu chí: Trường này là bắt buộc."]
    assert client.post(url("criteria_action", block, action="xoa-het")).status_code == 404


def test_a_new_year_creates_or_copies_its_table_and_cannot_edit_before_it_has_one(client, block):
    next_year = make_group("Khối các cơ quan tổng hợp", block.province, [(block.leader, "truong")], year=2026)
    client.force_login(block.staff)

    def post(action, data):
        target = reverse("emulation:criteria_action", kwargs={"pk": next_year.pk, "action": action})
        return messages_of(client.post(target, data, follow=True))

    assert post("them-nhom", {"number": "I", "title": "Nhóm"}) == ["Chưa có bảng tiêu chí."]
    assert post("sao-chep", {"scoring_due": "30/11/2026"}) == [
        "Đã sao chép bảng tiêu chí năm 2025. Hãy sửa cho năm nay."
    ]
    copied = next_year.criteria_table.sections.values_list("number", "title")
    assert list(copied) == [
        ("I", "Công tác chỉ đạo, tổ chức phong trào"),
        ("II", "Điểm thưởng"),
        ("III", "Điểm trừ"),
    ]
    assert post("tao", {"title": "", "scoring_due": "30/11/2026", "tie_break": "penalty_then_base"}) == [
        "Tên bảng: Trường này là bắt buộc."
    ]
    assert post("tao", {"title": "Bảng 2026", "scoring_due": "30/11/2026", "tie_break": "penalty_then_base"}) == [
        f"{next_year} đã có bảng tiêu chí."
    ]


def test_copying_with_no_earlier_table_says_so(client, block):
    lone = make_group("Cụm mới thành lập", block.province, [(block.leader, "truong")], year=2026)
    client.force_login(block.staff)
    target = reverse("emulation:criteria_action", kwargs={"pk": lone.pk, "action": "sao-chep"})
    response = client.post(target, {"scoring_due": "30/11/2026"}, follow=True)
    assert messages_of(response) == ["Không có bảng tiêu chí năm trước để sao chép."]
    assert not CriteriaTable.objects.filter(group=lone).exists()
