from datetime import date

import pytest
from rest_framework.test import APIClient

from activity.models import ActivityLog
from api.models import ApiToken
from api.services import revoke_token
from tasks.models import Occurrence, ProgressUpdate

from .conftest import client_for

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def test_no_bad_or_revoked_key_is_401_with_a_vietnamese_message(world):
    officer = world["people"]["officer"]
    assert APIClient().get("/api/v1/plans/").json() == {
        "detail": "Cần đăng nhập hoặc gửi khoá API (tiêu đề “Authorization: Token <khoá>”)."
    }
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token khong-phai-khoa")
    response = bad.get("/api/v1/plans/")
    assert (response.status_code, response.json()) == (401, {"detail": "Khoá API không đúng hoặc đã bị thu hồi."})
    assert response["WWW-Authenticate"] == "Token"
    client = client_for(officer)
    assert client.get("/api/v1/plans/").status_code == 200
    token = ApiToken.objects.get(user=officer)
    assert token.last_used_at is not None
    revoke_token(actor=officer, token_id=token.pk)
    response = client.get("/api/v1/plans/")
    assert (response.status_code, response.json()["detail"]) == (401, "Khoá API không đúng hoặc đã bị thu hồi.")


def test_a_deactivated_account_s_keys_stop_working(world):
    officer = world["people"]["officer"]
    client = client_for(officer)
    officer.is_active = False
    officer.save()
    assert client.get("/api/v1/plans/").status_code == 401


def test_lists_are_what_the_pages_show_each_person(world):
    people, task, other, b_task = world["people"], world["task"], world["other"], world["b_task"]
    # A unit officer sees the tasks where their unit has a role, in issued plans.
    assert ids(client_for(people["officer"]).get("/api/v1/tasks/")) == [task.pk]
    assert ids(client_for(people["partner"]).get("/api/v1/tasks/")) == [task.pk]
    assert ids(client_for(people["health"]).get("/api/v1/tasks/")) == [other.pk]
    # An editor sees every task of their administration's plans, not another province's.
    assert ids(client_for(people["editor"]).get("/api/v1/tasks/")) == sorted([task.pk, other.pk])
    assert ids(client_for(people["b_editor"]).get("/api/v1/tasks/")) == [b_task.pk]
    # An officer cannot open another unit's task: 404, as on the page.
    response = client_for(people["officer"]).get(f"/api/v1/tasks/{other.pk}/")
    assert (response.status_code, response.json()) == (404, {"detail": "Không tìm thấy, hoặc bạn không có quyền xem."})
    # Issued plans are read by everyone signed in.
    assert ids(client_for(people["health"]).get("/api/v1/plans/")) == sorted([world["plan"].pk, world["b_plan"].pk])


def test_a_task_carries_its_assignments_and_occurrences(world):
    task = world["task"]
    body = client_for(world["people"]["officer"]).get(f"/api/v1/tasks/{task.pk}/").json()
    occurrence = task.occurrences.get()
    assert body["plan"] == world["plan"].pk
    assert body["due_on"] == "2025-07-15"
    assert [(a["role"], a["unit"], a["text"]) for a in body["assignments"]] == [
        ("coordinates", world["units"]["partner"].pk, "Sở Tài chính"),
        ("leads", world["units"]["lead"].pk, "Sở Nội vụ"),
    ]
    assert body["occurrences"] == [
        {
            "id": occurrence.pk,
            "task": task.pk,
            "due_on": "2025-07-15",
            "status": "not_started",
            "percent": 0,
            "reason": "",
            "version": 1,
            "updated_at": None,
        }
    ]


def test_filters_and_pages(world):
    client = client_for(world["people"]["editor"])
    assert ids(client.get("/api/v1/tasks/", {"unit": world["units"]["health"].pk})) == [world["other"].pk]
    assert ids(client.get("/api/v1/tasks/", {"due_before": "2025-08-01"})) == [world["task"].pk]
    page = client.get("/api/v1/tasks/", {"page_size": 1}).json()
    assert (page["count"], len(page["results"]), page["next"] is not None) == (2, 1, True)
    response = client.get("/api/v1/tasks/", {"page": 9})
    assert (response.status_code, response.json()) == (404, {"detail": "Không tìm thấy, hoặc bạn không có quyền xem."})


STATUS = {"status": "in_progress", "percent": 40, "noted_on": "2025-03-10", "note": "Đã xây dựng kế hoạch chi tiết."}


def test_the_lead_unit_reports_with_if_match_and_the_activity_log_has_it(world):
    occurrence = world["task"].occurrences.get()
    client = client_for(world["people"]["officer"])
    read = client.get(f"/api/v1/occurrences/{occurrence.pk}/")
    assert read["ETag"] == '"1"'
    url = f"/api/v1/occurrences/{occurrence.pk}/status/"
    response = client.post(url, STATUS, format="json", HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["percent"], response["ETag"]) == ("in_progress", 40, '"2"')
    update = ProgressUpdate.objects.get()
    assert (update.author, update.note, update.noted_on) == (
        world["people"]["officer"],
        "Đã xây dựng kế hoạch chi tiết.",
        date(2025, 3, 10),
    )
    log = ActivityLog.objects.filter(action="progress.status").get()
    assert (log.actor, log.after) == (world["people"]["officer"], {"status": "Đang thực hiện", "percent": 40})

    # The same old copy again: 412 with the current version, nothing written.
    stale = client.post(url, STATUS | {"percent": 60}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert stale.json()["version"] == 2
    assert stale.json()["detail"].startswith("Nhiệm vụ vừa được Lê Thu Trang cập nhật lúc")
    assert stale["ETag"] == '"2"'
    assert ProgressUpdate.objects.count() == 1
    assert Occurrence.objects.get(pk=occurrence.pk).percent == 40

    missing = client.post(url, STATUS, format="json")
    assert missing.status_code == 428
    assert "If-Match" in missing.json()["detail"]


def test_writes_outside_the_rights_or_the_key_s_scope_are_403_and_change_nothing(world):
    occurrence = world["task"].occurrences.get()
    url = f"/api/v1/occurrences/{occurrence.pk}/status/"
    read_only = client_for(world["people"]["officer"], scope="read")
    response = read_only.post(url, STATUS, format="json", HTTP_IF_MATCH='"1"')
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Khoá API này chỉ được đọc: hãy dùng khoá “Đọc và ghi” để ghi dữ liệu."},
    )
    # The coordinating unit sees the task but does not own its status.
    response = client_for(world["people"]["partner"]).post(url, STATUS, format="json", HTTP_IF_MATCH='"1"')
    assert (response.status_code, response.json()) == (403, {"detail": "Bạn không có quyền thực hiện thao tác này."})
    # Another unit does not even see it.
    response = client_for(world["people"]["health"]).post(url, STATUS, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 404
    assert (ProgressUpdate.objects.count(), Occurrence.objects.get(pk=occurrence.pk).version) == (0, 1)


def test_bad_input_is_400_with_the_service_s_message(world):
    occurrence = world["task"].occurrences.get()
    url = f"/api/v1/occurrences/{occurrence.pk}/status/"
    client = client_for(world["people"]["officer"])
    response = client.post(url, STATUS | {"status": "not_done"}, format="json", HTTP_IF_MATCH='"1"')
    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "Chọn “Không thực hiện” thì phải ghi rõ lý do.",
            "errors": {"reason": ["Chọn “Không thực hiện” thì phải ghi rõ lý do."]},
        },
    )
    response = client.post(url, STATUS | {"percent": 100}, format="json", HTTP_IF_MATCH='"1"')
    assert response.json()["errors"] == {"percent": ["Tiến độ 100% thì hãy chọn trạng thái “Hoàn thành”."]}
    response = client.post(url, STATUS | {"percent": 140}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 400
    assert "percent" in response.json()["errors"]
    assert ProgressUpdate.objects.count() == 0


def test_a_coordinating_unit_sends_a_contribution(world):
    occurrence = world["task"].occurrences.get()
    client = client_for(world["people"]["partner"])
    url = f"/api/v1/occurrences/{occurrence.pk}/contributions/"
    response = client.post(url, {"noted_on": "2025-04-01", "note": "Đã bố trí kinh phí."}, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["kind"], response.json()["unit"]) == ("contribution", world["units"]["partner"].pk)
    assert ActivityLog.objects.filter(action="progress.contribution", actor=world["people"]["partner"]).count() == 1
    # The lead unit reports status, not contributions.
    lead = client_for(world["people"]["officer"]).post(url, {"noted_on": "2025-04-01", "note": "x"}, format="json")
    assert lead.status_code == 403


def test_notifications_are_the_caller_s_own(world):
    from notifications.models import Notification

    mine = Notification.objects.create(user=world["people"]["officer"], title="Kế hoạch mới ban hành")
    Notification.objects.create(user=world["people"]["partner"], title="Của người khác")
    assert ids(client_for(world["people"]["officer"]).get("/api/v1/notifications/")) == [mine.pk]
