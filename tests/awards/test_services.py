import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from activity.models import ActivityLog
from awards import services
from awards.models import Attachment, AwardType, Dossier, DossierStatus, Nominee
from awards.services import DOSSIER_WORKFLOW as DOSSIER_TRANSITIONS
from notifications.models import Notification

from .conftest import make_dossier, make_ready, pdf

pytestmark = pytest.mark.django_db


def test_create_dossier_and_nominee_are_logged_in_the_dossier_history(world):
    dossier = make_dossier(world)
    actions = list(ActivityLog.objects.for_context(dossier).order_by("id").values_list("action", flat=True))
    assert actions == ["dossier.create", "nominee.create"] + ["attachment.create"] * 4
    assert dossier.status == DossierStatus.DRAFT


def test_a_nominee_without_a_name_is_refused_and_nothing_is_written(world, catalogue):
    dossier = make_dossier(world, nominees=())
    logs = ActivityLog.objects.count()
    with pytest.raises(ValidationError) as error:
        services.add_nominee(actor=world.officer, dossier=dossier, data={"kind": "ca_nhan", "full_name": "   "})
    assert error.value.message_dict == {"full_name": ["Hãy ghi họ và tên người được đề nghị."]}
    assert Nominee.objects.count() == 0
    assert ActivityLog.objects.count() == logs


def test_a_collective_cannot_be_proposed_for_an_individual_title(world):
    dossier = make_dossier(world, nominees=())
    with pytest.raises(ValidationError) as error:
        services.add_nominee(actor=world.officer, dossier=dossier, data={"kind": "tap_the", "unit": world.education})
    assert error.value.message_dict == {
        "kind": ["“Lao động tiên tiến” chỉ xét cho cá nhân hoặc hộ gia đình, không xét cho tập thể."]
    }
    assert Nominee.objects.count() == 0


def test_a_collective_nominee_takes_its_registry_name(world):
    dossier = make_dossier(world, award_code="tap-the-lao-dong-tien-tien", nominees=())
    nominee = services.add_nominee(actor=world.officer, dossier=dossier, data={"kind": "tap_the", "unit": world.health})
    assert (nominee.display_name, nominee.unit) == ("Sở Y tế", world.health)


def test_an_award_type_out_of_its_validity_period_is_refused(world, catalogue):
    award_type = catalogue["giay-khen"]
    award_type.valid_to = award_type.valid_from.replace(year=2024, month=12, day=31)
    award_type.save()
    with pytest.raises(ValidationError) as error:
        services.create_dossier(
            actor=world.officer,
            unit=world.education,
            data={"kind": "thuong_xuyen", "award_type": award_type, "year": 2025, "title": "Đề nghị"},
        )
    today = timezone.localdate()
    assert error.value.message_dict == {
        "award_type": [f"“Giấy khen” không áp dụng ngày {today:%d/%m/%Y} (áp dụng từ 01/01/2024 đến 31/12/2024)."]
    }
    assert Dossier.objects.count() == 0


def test_a_row_replaced_by_a_decree_names_the_row_in_force(world, catalogue):
    with pytest.raises(ValidationError) as error:
        services.create_dossier(
            actor=world.officer,
            unit=world.education,
            data={"kind": "thuong_xuyen", "award_type": catalogue["xa-phuong-tieu-bieu"], "year": 2025, "title": "X"},
        )
    today = timezone.localdate()
    assert error.value.message_dict == {
        "award_type": [
            f"“Xã, phường, thị trấn tiêu biểu” không áp dụng ngày {today:%d/%m/%Y} (áp dụng từ 01/01/2024 đến "
            "30/06/2025). Dùng “Xã, phường, đặc khu tiêu biểu”."
        ]
    }
    assert Dossier.objects.count() == 0


def test_submitting_without_the_required_papers_says_what_is_missing(world):
    dossier = make_dossier(world, nominees=())
    services.add_nominee(actor=world.officer, dossier=dossier, data={"kind": "ca_nhan", "full_name": "Trần Văn Bình"})
    Attachment.objects.filter(kind="bien_ban").delete()
    with pytest.raises(ValidationError) as error:
        services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    assert error.value.messages == [
        "Chưa gửi được: hồ sơ còn thiếu Báo cáo thành tích của Trần Văn Bình; Biên bản họp Hội đồng TĐKT cấp trình."
    ]
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


def test_submitting_an_empty_dossier_is_refused(world):
    dossier = make_dossier(world, nominees=())
    with pytest.raises(ValidationError) as error:
        services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    assert error.value.messages == ["Chưa gửi được: hồ sơ chưa có người, tập thể nào được đề nghị."]


def test_an_ad_hoc_dossier_needs_only_the_short_papers(world, catalogue):
    dossier = services.create_dossier(
        actor=world.officer,
        unit=world.education,
        data={"kind": "dot_xuat", "award_type": catalogue["giay-khen"], "year": 2025, "title": "Khen đột xuất"},
    )
    nominee = services.add_nominee(actor=world.officer, dossier=dossier, data={"full_name": "Lê Văn Dũng"})
    services.add_attachment(actor=world.officer, dossier=dossier, uploaded=pdf(), kind="to_trinh")
    services.add_attachment(actor=world.officer, dossier=dossier, uploaded=pdf(), kind="tom_tat", nominee=nominee)
    services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    assert Dossier.objects.get().status == DossierStatus.SUBMITTED


def test_submit_emails_the_appraising_staff_after_commit(world, django_capture_on_commit_callbacks):
    dossier = make_dossier(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["noivu@example.vn"]]
    message = mail.outbox[0]
    assert message.subject == "[TĐKT] Đề nghị tặng Lao động tiên tiến: đã gửi"
    assert "Đã gửi hồ sơ đề nghị khen thưởng." in message.body
    assert f"http://127.0.0.1:8000/khen-thuong/ho-so/{dossier.pk}/" in message.body


def test_the_whole_appraisal_path_with_a_request_for_papers(world, django_capture_on_commit_callbacks):
    dossier = make_dossier(world)
    services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    services.apply_transition(actor=world.staff, dossier=dossier, name="start_appraisal")
    with pytest.raises(ValidationError) as error:
        services.apply_transition(actor=world.staff, dossier=dossier, name="request_papers", reason="  ")
    assert error.value.message_dict == {"reason": ["Hãy ghi rõ lý do, nội dung cần bổ sung."]}
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_transition(
            actor=world.staff, dossier=dossier, name="request_papers", reason="Thiếu  xác nhận sáng kiến"
        )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.return_reason) == (DossierStatus.RETURNED, "Thiếu xác nhận sáng kiến")
    assert [m.to for m in mail.outbox] == [["gddt@example.vn"]]
    assert "Lý do, nội dung cần bổ sung: Thiếu xác nhận sáng kiến" in mail.outbox[0].body
    services.add_attachment(actor=world.officer, dossier=dossier, uploaded=pdf("bo-sung.pdf"), kind="khac")
    services.apply_transition(actor=world.officer, dossier=dossier, name="resubmit")
    services.apply_transition(actor=world.staff, dossier=dossier, name="start_appraisal")
    services.apply_transition(actor=world.staff, dossier=dossier, name="mark_ready")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.READY
    log = ActivityLog.objects.for_context(dossier).filter(action="dossier.request_papers").get()
    assert log.summary == "Đã yêu cầu đơn vị bổ sung hồ sơ. Lý do: Thiếu xác nhận sáng kiến"
    assert log.after == {"status": "Cần bổ sung hồ sơ", "reason": "Thiếu xác nhận sáng kiến"}


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("submit", DossierStatus.SUBMITTED),
        ("resubmit", DossierStatus.DRAFT),
        ("start_appraisal", DossierStatus.DRAFT),
        ("request_papers", DossierStatus.SUBMITTED),
        ("mark_ready", DossierStatus.RETURNED),
    ],
)
def test_a_transition_from_the_wrong_state_is_refused_and_changes_nothing(world, name, status):
    dossier = make_dossier(world)
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    logs = ActivityLog.objects.count()
    label = DOSSIER_TRANSITIONS[name].label.lower()
    with pytest.raises(ValidationError) as error:
        services.apply_transition(actor=world.staff, dossier=dossier, name=name, reason="Lý do")
    assert error.value.messages == [f"Không thể “{label}” khi hồ sơ đang ở trạng thái “{DossierStatus(status).label}”."]
    assert Dossier.objects.get().status == status
    assert ActivityLog.objects.count() == logs


def test_council_and_decision_transitions_are_not_buttons(world):
    dossier = make_ready(world)
    with pytest.raises(ValidationError) as error:
        services.apply_transition(actor=world.staff, dossier=dossier, name="council_approve")
    assert error.value.messages == [
        "“Hội đồng đề nghị khen thưởng” chỉ thực hiện qua phiên họp hoặc quyết định khen thưởng."
    ]


def test_papers_cannot_change_once_submitted(world):
    dossier = make_dossier(world)
    services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    with pytest.raises(ValidationError) as error:
        services.add_attachment(actor=world.officer, dossier=dossier, uploaded=pdf(), kind="khac")
    assert error.value.messages == [
        "Hồ sơ đang ở trạng thái “Đã gửi” nên không sửa được; chỉ sửa khi đang soạn hoặc khi được yêu cầu bổ sung."
    ]
    assert Attachment.objects.filter(kind="khac").count() == 0


def test_a_file_disguised_by_its_name_is_refused(world, media_root):
    dossier = make_dossier(world, nominees=())
    before = Attachment.objects.count()
    fake = pdf("to-trinh.pdf", b"MZ\x90\x00 this is a Windows program, not a PDF")
    with pytest.raises(ValidationError) as error:
        services.add_attachment(actor=world.officer, dossier=dossier, uploaded=fake, kind="to_trinh")
    assert error.value.messages == [
        "Tệp to-trinh.pdf không đúng loại cho phép (nội dung thực tế: chương trình chạy được (.exe)). "
        "Chỉ nhận: PDF (.pdf), Word (.docx), Excel (.xlsx), Word đời cũ (.doc), Excel đời cũ (.xls), "
        "ảnh JPEG (.jpg, .jpeg), ảnh PNG (.png)."
    ]
    assert Attachment.objects.count() == before


def test_the_size_limit_is_a_setting(world, settings):
    dossier = make_dossier(world, nominees=())
    settings.AWARDS_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError) as error:
        services.add_attachment(actor=world.officer, dossier=dossier, uploaded=pdf(content=PDF_BIG), kind="to_trinh")
    assert error.value.messages == ["Tệp tai-lieu.pdf có dung lượng 200\xa0byte, vượt giới hạn 100\xa0byte."]


PDF_BIG = b"%PDF-1.4\n" + b"0" * 191


def test_an_attachment_keeps_its_name_and_real_kind(world):
    dossier = make_dossier(world, nominees=())
    attachment = services.add_attachment(
        actor=world.officer, dossier=dossier, uploaded=pdf("Tờ trình số 12.pdf"), kind="to_trinh"
    )
    assert (attachment.original_name, attachment.content_kind) == ("Tờ trình số 12.pdf", "pdf")
    assert attachment.file.read().startswith(b"%PDF-1.4")


def test_only_ready_dossiers_go_on_a_planned_session(world, django_capture_on_commit_callbacks):
    draft = make_dossier(world)
    with pytest.raises(ValidationError) as error:
        services.schedule_dossier(actor=world.staff, dossier=draft, session=world.session)
    assert error.value.messages == ["Chỉ hồ sơ đã đủ điều kiện trình Hội đồng mới đưa vào phiên họp được."]
    ready = make_ready(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_dossier(actor=world.staff, dossier=ready, session=world.session)
    ready.refresh_from_db()
    assert (ready.session, ready.agenda_position) == (world.session, 1)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([u.email for u in world.members] + ["gddt@example.vn"])


def test_catalogue_type_is_used_as_loaded(catalogue):
    assert AwardType.objects.get(code="chien-si-thi-dua-tinh").prerequisites[0] == {
        "rule": "consecutive_awards",
        "awards": ["chien-si-thi-dua-co-so"],
        "years": 3,
    }


def test_staff_take_a_dossier_off_a_planned_session_but_not_once_voting_opened(world):
    dossier = make_ready(world)
    services.schedule_dossier(actor=world.staff, dossier=dossier, session=world.session)
    services.schedule_dossier(actor=world.staff, dossier=dossier, session=None)
    dossier.refresh_from_db()
    assert dossier.session is None
    assert ActivityLog.objects.filter(action="dossier.schedule").count() == 2
    services.schedule_dossier(actor=world.staff, dossier=dossier, session=world.session)
    services.open_voting(actor=world.secretary, session=world.session)
    with pytest.raises(ValidationError) as error:
        services.schedule_dossier(actor=world.staff, dossier=dossier, session=None)
    assert error.value.messages == ["Phiên họp của hồ sơ đã bắt đầu bỏ phiếu; không chuyển hồ sơ được nữa."]
    assert Dossier.objects.get(pk=dossier.pk).session == world.session


def test_a_dossier_cannot_go_to_another_administrations_council(world):
    from tests.factories import CouncilSessionFactory

    dossier = make_ready(world)
    foreign = CouncilSessionFactory()
    with pytest.raises(ValidationError) as error:
        services.schedule_dossier(actor=world.staff, dossier=dossier, session=foreign)
    assert error.value.messages == [
        "Hồ sơ của Sở Giáo dục và Đào tạo trình Hội đồng Thi đua - Khen thưởng tỉnh Bắc Ninh, "
        f"không trình {foreign.council}."
    ]


def notices():
    return sorted((n.user.username, n.title, n.body, n.url) for n in Notification.objects.select_related("user"))


def test_a_returned_dossier_is_announced_in_the_portal_to_the_unit_not_to_the_staff_who_returned_it(world):
    dossier = make_dossier(world)
    services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    services.apply_transition(actor=world.staff, dossier=dossier, name="start_appraisal")
    Notification.objects.all().delete()
    services.apply_transition(
        actor=world.staff, dossier=dossier, name="request_papers", reason="Thiếu xác nhận sáng kiến"
    )
    assert notices() == [
        (
            "bn.gddt",
            "Đề nghị tặng Lao động tiên tiến: cần bổ sung hồ sơ",
            "Hồ sơ “Đề nghị tặng Lao động tiên tiến” của Sở Giáo dục và Đào tạo (Lao động tiên tiến, năm 2025):\n"
            f"{DOSSIER_TRANSITIONS['request_papers'].done_message}\n"
            "Lý do, nội dung cần bổ sung: Thiếu xác nhận sáng kiến\n\n"
            "Trạng thái hiện nay: Cần bổ sung hồ sơ.",
            f"/khen-thuong/ho-so/{dossier.pk}/",
        )
    ]


def test_a_submitted_dossier_is_announced_to_the_staff_and_a_failed_transition_announces_nothing(world):
    dossier = make_dossier(world)
    services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    assert [(user, title) for user, title, _, _ in notices()] == [
        ("bn.noivu", "Đề nghị tặng Lao động tiên tiến: đã gửi")
    ]
    with pytest.raises(ValidationError):
        services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    assert Notification.objects.count() == 1
