from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory

from activity.history import history_page, history_rows
from activity.models import ActivityLog
from activity.services import record
from tests.factories import PlanFactory, UserFactory


def test_rows_are_newest_first_with_codes_in_words_and_labels_renamed(db):
    plan = PlanFactory(title="Kế hoạch cũ")
    editor = UserFactory(full_name="Trần Văn Bình")
    record(
        actor=editor, action="update", summary="Sửa trích yếu", target=plan, before={"title": "A"}, after={"title": "B"}
    )
    record(
        actor=None,
        action="issue",
        summary="Ban hành",
        target=plan,
        before={"status": "draft"},
        after={"status": "issued"},
    )
    rows = history_rows(plan, code_words={"issued": "Đã ban hành"}, labels={"Trích yếu": "Tên kế hoạch"})
    assert [(e.summary, [(c.label, c.before, c.after) for c in changes]) for e, changes in rows] == [
        # A field with choices reads in its choice labels even without code_words.
        ("Ban hành", [("Trạng thái", "Dự thảo", "Đã ban hành")]),
        ("Sửa trích yếu", [("Tên kế hoạch", "A", "B")]),
    ]


def test_only_the_records_own_rows(db):
    plan, other = PlanFactory(), PlanFactory()
    record(actor=None, action="update", summary="Của kế hoạch khác", target=other)
    assert history_rows(plan, code_words={}) == []
    assert ActivityLog.objects.filter(context_type=ContentType.objects.get_for_model(other)).count() == 1


def test_the_page_links_back_and_names_who_acted(db):
    plan = PlanFactory()
    record(actor=UserFactory(full_name="Lê Thị Mai"), action="update", summary="Sửa", target=plan)
    record(actor=None, action="import", summary="Nhập phụ lục", target=plan)
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    body = history_page(
        request, plan, title="Lịch sử KH", heading="Lịch sử thay đổi", back=(plan, "Kế hoạch 1"), code_words={}
    ).content.decode()
    assert f'<a href="{plan.get_absolute_url()}">← Kế hoạch 1</a>' in body
    assert "<h1>Lịch sử thay đổi</h1>" in body and "<title>" in body
    assert "Lê Thị Mai" in body and "<td>Hệ thống</td>" in body
