import pytest
from django.urls import reverse
from django.utils import timezone

from activity.models import ActivityLog
from awards import services
from awards.models import BallotReceipt, Dossier, DossierStatus, Nominee, SessionStatus, VoteResult
from documents.parts import date_text
from tests.factories import CouncilFactory, CouncilMemberFactory, CouncilSessionFactory, UserFactory
from units.models import Role

from .conftest import ballot_boxes, make_dossier, make_ready, pdf, vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_agenda(world):
    dossier = make_ready(world, nominees=["Nguyễn Thị Lan"])
    services.schedule_dossier(actor=world.staff, dossier=dossier, session=world.session)
    return dossier


def test_officers_see_only_their_units_dossiers(client, world):
    own = make_dossier(world)
    other = make_dossier(world, officer=world.other_officer)
    client.force_login(world.officer)
    assert list(client.get(reverse("awards:list")).context["dossiers"]) == [own]
    assert client.get(reverse("awards:dossier", args=[own.pk])).status_code == 200
    assert client.get(reverse("awards:dossier", args=[other.pk])).status_code == 403
    attachment = other.attachments.first()
    assert client.get(reverse("awards:attachment", args=[other.pk, attachment.pk])).status_code == 403


def test_staff_see_the_dossiers_of_their_administration(client, world):
    own = make_dossier(world)
    client.force_login(world.staff)
    assert list(client.get(reverse("awards:list")).context["dossiers"]) == [own]
    client.force_login(UserFactory(role=Role.PLAN_EDITOR, unit=CouncilFactory().government))
    assert list(client.get(reverse("awards:list")).context["dossiers"]) == []
    assert client.get(reverse("awards:dossier", args=[own.pk])).status_code == 403


def test_members_see_only_the_sessions_they_sit_on_and_their_papers(client, world, on_agenda):
    stranger = CouncilMemberFactory(council=CouncilFactory()).user
    other_session = CouncilSessionFactory(council=CouncilFactory())
    member = world.members[5]
    client.force_login(member)
    assert client.get(reverse("awards:session", args=[world.session.pk])).status_code == 200
    assert client.get(reverse("awards:session", args=[other_session.pk])).status_code == 403
    assert list(client.get(reverse("awards:sessions")).context["sessions"]) == [world.session]
    assert client.get(reverse("awards:dossier", args=[on_agenda.pk])).status_code == 200
    attachment = on_agenda.attachments.get(kind="to_trinh")
    response = client.get(reverse("awards:attachment", args=[on_agenda.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    client.force_login(stranger)
    assert client.get(reverse("awards:session", args=[world.session.pk])).status_code == 403
    assert client.get(reverse("awards:dossier", args=[on_agenda.pk])).status_code == 403


def test_nobody_sees_the_tally_before_the_secretary_closes(client, world, on_agenda):
    nominee = on_agenda.nominees.get()
    services.open_voting(actor=world.secretary, session=world.session)
    vote(world, world.session, nominee, approvals=6, rejections=2)
    url = reverse("awards:session", args=[world.session.pk])
    for user in (world.staff, world.secretary, world.chair, world.members[9]):
        client.force_login(user)
        response = client.get(url)
        assert response.context["results"] == {}
        assert "Đồng ý</th>" not in response.content.decode()
        assert client.get(reverse("awards:session_minutes", args=[world.session.pk])).status_code == 403
    client.force_login(world.secretary)
    page = client.get(url).content.decode()
    assert "Đang bỏ phiếu kín: 8/10 thành viên đã bỏ phiếu." in page
    not_voted = f"{world.members[8]}, {world.members[9]}"
    asked = f"Còn 2 thành viên chưa bỏ phiếu: {not_voted}. Vẫn kết thúc bỏ phiếu và kiểm phiếu?"
    assert f'data-confirm="{asked} Thành viên' in page
    # Without the confirmation the vote stays open, and the refusal names who is missing.
    response = client.post(reverse("awards:session_transition", args=[world.session.pk, "close_voting"]), follow=True)
    assert f"Còn 2 thành viên chưa bỏ phiếu: {not_voted}. Hãy xác nhận" in response.content.decode()
    world.session.refresh_from_db()
    assert world.session.status == "voting"
    client.post(reverse("awards:session_transition", args=[world.session.pk, "close_voting"]), {"confirmed": "1"})
    client.force_login(world.staff)
    page = client.get(url).content.decode()
    # Lao động tiên tiến counts over those present: 6 of 8.
    assert "<td>6</td><td>2</td><td>75%</td>" in page
    minutes = client.get(reverse("awards:session_minutes", args=[world.session.pk])).content.decode()
    assert "Thành viên tham gia bỏ phiếu: 8/10" in minutes


def test_a_member_votes_through_the_ballot_sheet_once(client, world, on_agenda):
    nominee = on_agenda.nominees.get()
    services.open_voting(actor=world.secretary, session=world.session)
    member = world.members[4]
    client.force_login(member)
    url = reverse("awards:session", args=[world.session.pk])
    assert 'id="ballot"' in client.get(url).content.decode()
    response = client.post(
        reverse("awards:session_vote", args=[world.session.pk]), {f"n{nominee.pk}": "dong_y"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["Đã ghi nhận phiếu của bạn cho 1 người, tập thể."]
    page = response.content.decode()
    assert 'id="ballot"' not in page
    assert "Bạn đã bỏ phiếu cho 1/1 người, tập thể." in page
    response = client.post(
        reverse("awards:session_vote", args=[world.session.pk]), {f"n{nominee.pk}": "khong_dong_y"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Bạn đã bỏ phiếu cho Nguyễn Thị Lan; mỗi thành viên chỉ bỏ một phiếu cho mỗi người, tập thể."
    ]
    assert ballot_boxes(world.session) == {"Nguyễn Thị Lan": (1, 0)}


def test_a_vote_after_closing_is_refused_with_a_message(client, world, on_agenda):
    nominee = on_agenda.nominees.get()
    services.open_voting(actor=world.secretary, session=world.session)
    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    client.force_login(world.members[3])
    response = client.post(
        reverse("awards:session_vote", args=[world.session.pk]), {f"n{nominee.pk}": "dong_y"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Phiên họp không còn nhận phiếu: việc bỏ phiếu chưa mở hoặc đã kết thúc."
    ]
    result = VoteResult.objects.get()
    counted = (ballot_boxes(world.session), result.approvals, result.rejections, BallotReceipt.objects.count())
    assert counted == ({}, 0, 0, 0)


def forbidden_posts(world, dossier):
    session = world.session
    nominee = dossier.nominees.first()
    return [
        (world.other_officer, reverse("awards:dossier_transition", args=[dossier.pk, "submit"]), {}),
        (world.other_officer, reverse("awards:nominee_add", args=[dossier.pk]), {"kind": "ca_nhan", "full_name": "X"}),
        (world.officer, reverse("awards:dossier_transition", args=[dossier.pk, "start_appraisal"]), {}),
        (world.officer, reverse("awards:nominee_override", args=[dossier.pk, nominee.pk]), {"reason": "Tự xét"}),
        (world.members[2], reverse("awards:dossier_transition", args=[dossier.pk, "submit"]), {}),
        (world.staff, reverse("awards:session_transition", args=[session.pk, "open_voting"]), {}),
        (world.chair, reverse("awards:session_transition", args=[session.pk, "open_voting"]), {}),
        (world.officer, reverse("awards:session_create"), {"title": "Phiên"}),
        (world.staff, reverse("awards:session_vote", args=[session.pk]), {f"n{nominee.pk}": "dong_y"}),
        (world.officer, reverse("awards:session_vote", args=[session.pk]), {f"n{nominee.pk}": "dong_y"}),
        (world.officer, reverse("awards:session_stage", args=[session.pk]), {f"n{nominee.pk}": "awarded"}),
    ]


def test_every_forbidden_post_is_403_and_changes_nothing(client, world):
    dossier = make_dossier(world)

    def state():
        return (
            list(Dossier.objects.values_list("status", "session")),
            Nominee.objects.count(),
            ActivityLog.objects.count(),
            BallotReceipt.objects.count(),
            world.session.__class__.objects.get(pk=world.session.pk).status,
        )

    before = state()
    for user, url, data in forbidden_posts(world, dossier):
        client.force_login(user)
        assert (user.username, url, client.post(url, data).status_code) == (user.username, url, 403)
    assert state() == before


def test_only_the_secretary_runs_the_vote(client, world, on_agenda):
    client.force_login(world.secretary)
    response = client.post(reverse("awards:session_transition", args=[world.session.pk, "open_voting"]), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Đã mở bỏ phiếu kín."]
    world.session.refresh_from_db()
    assert world.session.status == SessionStatus.VOTING


def test_a_disguised_upload_shows_the_message_and_stores_nothing(client, world):
    dossier = make_dossier(world, nominees=())
    client.force_login(world.officer)
    before = dossier.attachments.count()
    fake = pdf("bao-cao.pdf", b"PK\x03\x04not really a zip")
    response = client.post(reverse("awards:attachment_add", args=[dossier.pk]), {"kind": "to_trinh", "file": fake})
    assert response.status_code == 400
    assert (
        "Tệp bao-cao.pdf không đúng loại cho phép (nội dung thực tế: không nhận dạng được)."
        in response.content.decode()
    )
    assert dossier.attachments.count() == before


def test_a_nominee_without_a_name_is_refused_in_the_page(client, world):
    dossier = make_dossier(world, nominees=())
    client.force_login(world.officer)
    response = client.post(reverse("awards:nominee_add", args=[dossier.pk]), {"kind": "ca_nhan", "full_name": " "})
    assert response.status_code == 400
    assert "Hãy ghi họ và tên người được đề nghị." in response.content.decode()
    assert Nominee.objects.count() == 0


def test_the_eligibility_sentences_show_on_the_dossier(client, world):
    dossier = make_dossier(world, award_code="lao-dong-tien-tien", task_rating="hoan_thanh")
    client.force_login(world.officer)
    page = client.get(reverse("awards:dossier", args=[dossier.pk])).content.decode()
    assert (
        '<li class="check-fail">Chưa đạt: cần xếp loại “Hoàn thành tốt nhiệm vụ” trở lên năm 2025; '
        "hồ sơ ghi “Hoàn thành nhiệm vụ”.</li>"
    ) in page


def test_list_and_pages_need_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    for _ in range(5):
        make_dossier(world, nominees=["A", "B", "C"])
    dossier = Dossier.objects.first()
    client.force_login(world.staff)
    # Every page also counts the user's unread notifications for the menu (one query); the list
    # is paged, which counts its rows and reads the page's ids before its rows (two more); what
    # the user may see starts from the ids of their sessions and receiving councils (two more,
    # awards.selectors.visible_dossiers).
    with django_assert_max_num_queries(12):
        assert client.get(reverse("awards:list")).status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(reverse("awards:dossier", args=[dossier.pk])).status_code == 200


def test_the_catalogue_and_history_pages_list_the_data(client, world):
    client.force_login(world.officer)
    catalogue = client.get(reverse("awards:catalogue")).content.decode()
    assert "<td>Huân chương Lao động hạng Nhất</td>" in catalogue
    assert "80% trên số thành viên có mặt" in catalogue
    assert client.get(reverse("awards:history")).status_code == 200


def test_the_dossier_status_filter(client, world):
    make_dossier(world)
    submitted = make_dossier(world)
    services.apply_transition(actor=world.officer, dossier=submitted, name="submit")
    client.force_login(world.officer)
    response = client.get(reverse("awards:list"), {"status": DossierStatus.SUBMITTED})
    assert list(response.context["dossiers"]) == [submitted]


def test_an_editor_without_a_unit_sees_every_administration(client, world, on_agenda):
    client.force_login(UserFactory(role=Role.PLAN_EDITOR, unit=None))
    assert list(client.get(reverse("awards:list")).context["dossiers"]) == [on_agenda]
    sessions = list(client.get(reverse("awards:sessions")).context["sessions"])
    assert [(s, s.dossier_count) for s in sessions] == [(world.session, 1)]


def test_staff_create_a_session_for_their_own_council(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("awards:session_create"),
        {
            "council": world.council.pk,
            "title": "Phiên họp tháng 12",
            "meets_at": "15/12/2025 08:00",
            "place": "Phòng 1",
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Đã tạo phiên họp. Hãy đưa các hồ sơ đủ điều kiện vào phiên họp."
    ]
    session = response.context["session"]
    assert (session.title, f"{session.meets_at:%d/%m/%Y %H:%M}") == ("Phiên họp tháng 12", "15/12/2025 01:00")
    response = client.post(
        reverse("awards:session_create"),
        {"council": CouncilFactory().pk, "title": "Phiên khác", "meets_at": "31/02/2025 08:00"},
    )
    form = response.context["form"]
    assert form.errors == {
        "council": ["Hãy chọn Hội đồng Thi đua - Khen thưởng của cấp mình."],
        "meets_at": ["Thời gian họp không hợp lệ. Hãy nhập dạng dd/mm/yyyy hh:mm, ví dụ 15/12/2025 08:00."],
    }


def test_the_session_page_needs_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    for _ in range(4):
        dossier = make_ready(world, nominees=["A", "B", "C"])
        services.schedule_dossier(actor=world.staff, dossier=dossier, session=world.session)
    services.open_voting(actor=world.secretary, session=world.session)
    client.force_login(world.members[6])
    # However long the agenda; one of them reads who has voted, for the progress in members.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("awards:session", args=[world.session.pk]))
    assert len(response.context["ballot_form"].fields) == 12


def test_the_admin_edits_the_catalogue(client, catalogue):
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    admin_client = client
    assert admin_client.get(reverse("admin:awards_awardtype_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:awards_awardrecord_add")).status_code == 200


def test_the_officer_edits_a_draft_and_removes_a_nominee_and_a_paper(client, world):
    dossier = make_dossier(world, nominees=["Nguyễn Thị Lan", "Trần Văn Bình"])
    client.force_login(world.officer)
    response = client.post(
        reverse("awards:dossier_edit", args=[dossier.pk]),
        {"kind": "chuyen_de", "award_type": dossier.award_type.pk, "year": 2025, "title": "Đề nghị  khen chuyên đề"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Đã lưu thông tin hồ sơ."]
    dossier.refresh_from_db()
    assert (dossier.kind, dossier.title) == ("chuyen_de", "Đề nghị khen chuyên đề")
    binh = dossier.nominees.get(full_name="Trần Văn Bình")
    client.post(reverse("awards:nominee_remove", args=[dossier.pk, binh.pk]))
    paper = dossier.attachments.get(kind="to_trinh")
    client.post(reverse("awards:attachment_remove", args=[dossier.pk, paper.pk]))
    assert list(dossier.nominees.values_list("full_name", flat=True)) == ["Nguyễn Thị Lan"]
    assert not dossier.attachments.filter(kind="to_trinh").exists()
    history = client.get(reverse("awards:dossier_history", args=[dossier.pk])).content.decode()
    assert "Bỏ “Trần Văn Bình” khỏi danh sách đề nghị" in history
    assert "Thường xuyên (theo công trạng, thành tích)</del> → Theo đợt, chuyên đề" in history


def test_the_award_history_is_searched_without_diacritics(client, world, catalogue):
    from awards.models import AwardRecord

    AwardRecord.objects.create(
        award_type=catalogue["giay-khen"], year=2024, full_name="Nguyễn Thị Lan", unit=world.education
    )
    AwardRecord.objects.create(
        award_type=catalogue["giay-khen"], year=2024, full_name="Trần Văn Bình", unit=world.health
    )
    client.force_login(world.officer)
    response = client.get(reverse("awards:history"), {"q": "nguyen thi LAN"})
    assert [r.full_name for r in response.context["records"]] == ["Nguyễn Thị Lan"]
    response = client.get(reverse("awards:history"), {"q": "so y te"})
    assert [r.full_name for r in response.context["records"]] == ["Trần Văn Bình"]


def test_the_officer_corrects_a_nominee_after_papers_are_requested(client, world):
    dossier = make_dossier(world, award_code="lao-dong-tien-tien", task_rating="hoan_thanh")
    services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    services.apply_transition(actor=world.staff, dossier=dossier, name="start_appraisal")
    nominee = dossier.nominees.get()
    url = reverse("awards:nominee_edit", args=[dossier.pk, nominee.pk])
    client.force_login(world.officer)
    assert client.post(url, {"kind": "ca_nhan", "full_name": "Nguyễn Thị Lan", "task_rating": "tot"}).status_code == 403
    services.apply_transition(actor=world.staff, dossier=dossier, name="request_papers", reason="Xếp loại chưa đúng")
    response = client.post(url, {"kind": "ca_nhan", "full_name": "", "task_rating": "tot"})
    assert "Hãy ghi họ và tên người được đề nghị." in response.content.decode()
    data = {"kind": "ca_nhan", "full_name": "Nguyễn Thị Lan", "position": "Giáo viên", "birth_year": 1980}
    client.post(url, {**data, "task_rating": "tot", "excellent_years": 0, "initiative_count": 0})
    nominee.refresh_from_db()
    assert (nominee.full_name, nominee.task_rating) == ("Nguyễn Thị Lan", "tot")
    log = ActivityLog.objects.get(action="nominee.update")
    assert log.before["task_rating"] == "hoan_thanh" and log.after["task_rating"] == "tot"


def test_the_secretary_records_the_discussion_for_the_minutes(client, world, on_agenda):
    url = reverse("awards:session_edit", args=[world.session.pk])
    data = {
        "title": world.session.title,
        "meets_at": "15/12/2025 08:00",
        "place": "Phòng họp số 1",
        "presided_by": "Vương Quốc Tuấn, Chủ tịch Hội đồng",
        "discussion": "Các thành viên thống nhất  đề nghị.\nKhông có ý kiến khác.",
        "minutes_number": "12",
        "minutes_symbol": "BB-HĐTĐKT",
    }
    client.force_login(world.members[5])
    assert client.post(url, data).status_code == 403
    client.force_login(world.secretary)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    from awards.selectors import minutes_document

    world.session.refresh_from_db()
    doc = minutes_document(world.session)
    assert doc["presided_by"] == "Vương Quốc Tuấn, Chủ tịch Hội đồng"
    assert doc["discussion"] == ["Các thành viên thống nhất đề nghị.", "Không có ý kiến khác."]
    assert (doc["header"]["number"], doc["signers"][0]["name"]) == ("12", "Vương Quốc Tuấn")
    assert ActivityLog.objects.filter(action="session.update", actor=world.secretary).count() == 1


def test_the_secretary_records_a_written_opinion_from_the_session_page(client, world, on_agenda):
    from awards.models import AwardType, CouncilMember, VoteResult, WrittenOpinion

    AwardType.objects.filter(pk=on_agenda.award_type_id).update(written_opinions_count=True)
    nominee = on_agenda.nominees.get()
    services.open_voting(actor=world.secretary, session=world.session)
    vote(world, world.session, nominee, approvals=9)
    url = reverse("awards:session", args=[world.session.pk])
    absent = CouncilMember.objects.get(user=world.members[9])
    # Members see the progress, not the form; the secretary sees both.
    client.force_login(world.members[3])
    page = client.get(url).content.decode()
    assert "9/10 thành viên đã bỏ phiếu" in page and 'id="written-opinion"' not in page
    assert client.post(reverse("awards:session_written_opinion", args=[world.session.pk])).status_code == 403
    client.force_login(world.secretary)
    assert 'id="written-opinion"' in client.get(url).content.decode()
    response = client.post(
        reverse("awards:session_written_opinion", args=[world.session.pk]),
        {"member": absent.pk, f"n{nominee.pk}": "dong_y", "paper": pdf("y-kien.pdf")},
        follow=True,
    )
    assert f"Đã ghi ý kiến bằng văn bản của {world.members[9]}." in response.content.decode()
    assert WrittenOpinion.objects.get().member == absent
    page = client.get(url).content.decode()
    assert "10/10 thành viên đã bỏ phiếu" in page and "Vẫn kết thúc" not in page
    client.post(reverse("awards:session_transition", args=[world.session.pk, "close_voting"]))
    result = VoteResult.objects.get()
    assert (result.present, result.written_opinions, result.approvals) == (9, 1, 10)


def test_the_decision_form_offers_the_legal_bases_in_force_one_per_line(client, world, on_agenda):
    # Offered as in force today (after 01/07/2025: the 2025 local-government law and Decree 152/2025).
    nominee = on_agenda.nominees.get()
    services.open_voting(actor=world.secretary, session=world.session)
    vote(world, world.session, nominee, approvals=10)
    services.close_voting(actor=world.secretary, session=world.session)
    services.apply_results(actor=world.secretary, session=world.session)
    client.force_login(world.staff)
    form = client.get(reverse("awards:decision_create", args=[world.session.pk, on_agenda.award_type_id])).context[
        "form"
    ]
    held_on = timezone.localtime(world.session.meets_at)
    assert form.initial["title"] == "Về việc tặng danh hiệu “Lao động tiên tiến” năm 2025"
    assert form.initial["legal_bases"].splitlines() == [
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;",
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, phân quyền"
        " trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật Thi đua,"
        " khen thưởng;",
        f"Căn cứ kết quả họp Hội đồng Thi đua - Khen thưởng tỉnh Bắc Ninh {date_text(held_on.date())};",
    ]
    assert form.initial["prize_fund"] == "Quỹ Thi đua, khen thưởng tỉnh Bắc Ninh"


def test_a_decision_links_to_its_session_and_dossiers_and_the_session_back(client, world, decided):
    session, decision = decided
    dossier = Dossier.objects.get(nominees__full_name="Nguyễn Thị Lan")
    decision_url = reverse("awards:decision", args=[decision.pk])
    session_link = f'<a href="{session.get_absolute_url()}">{session}</a>'
    dossier_link = f'<a href="{dossier.get_absolute_url()}">{dossier.title}</a>'
    client.force_login(world.staff)
    page = client.get(decision_url).content.decode()
    assert session_link in page
    assert dossier_link in page
    assert page.count('href="/khen-thuong/ho-so/') == 1  # Hà's dossier awarded no one here
    session_page = client.get(session.get_absolute_url()).content.decode()
    assert f'<li><a href="{decision_url}">Quyết định {decision.reference}</a>' in session_page
    # The dossier's officer may open the dossier, not the council's session; another unit neither.
    client.force_login(world.officer)
    page = client.get(decision_url).content.decode()
    assert (session_link in page, dossier_link in page) == (False, True)
    client.force_login(world.other_officer)
    page = client.get(decision_url).content.decode()
    assert (session_link in page, page.count('href="/khen-thuong/ho-so/')) == (False, 0)
