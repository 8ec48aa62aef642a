from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from activity.models import ActivityLog
from tdkt_portal.login import client_ip
from tests.factories import UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu"
OFFICE = "203.113.10.7"  # one NAT address for a whole office
HOME = "14.160.20.9"


def log_in(client, username, password=PASSWORD, *, address=OFFICE, url="/dang-nhap/"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def fail(client, username, times, **kwargs):
    return [log_in(client, username, "sai-mat-khau", **kwargs) for _ in range(times)]


def test_five_wrong_passwords_lock_the_account_with_a_message_saying_for_how_long(client):
    user = UserFactory(username="hy.noivu")
    responses = fail(client, "hy.noivu", 5)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert "tạm thời bị khoá" not in responses[3].content.decode()

    response = log_in(client, "hy.noivu")  # the right password, too late
    assert response.status_code == 429
    assert signed_in_as(client) is None
    page = response.content.decode()
    assert "Tài khoản “hy.noivu” tạm thời bị khoá đăng nhập từ máy này vì nhập sai mật khẩu 5 lần." in page
    assert "Hãy thử lại sau 30 phút" in page
    assert "nhờ quản trị viên mở khoá" in page
    assert 'value="hy.noivu"' in page  # the login form is still there to try again later
    assert user.pk  # the account itself is untouched: only its logins from this address wait


def test_retrying_while_locked_out_does_not_extend_the_lock(client):
    UserFactory(username="bn.gddt")
    fail(client, "bn.gddt", 5)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=20))
    response = fail(client, "bn.gddt", 3)[-1]
    assert "Hãy thử lại sau 10 phút" in response.content.decode()
    assert AccessAttempt.objects.get().failures_since_start == 5


def test_after_the_cool_off_the_right_password_works_again(client):
    user = UserFactory(username="bn.snv")
    fail(client, "bn.snv", 5)
    assert log_in(client, "bn.snv").status_code == 429

    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=31))
    response = log_in(client, "bn.snv")
    assert response.status_code == 302
    assert signed_in_as(client) == str(user.pk)
    assert not AccessAttempt.objects.exists()  # a success clears the count


def test_cool_off_and_limit_are_settings(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=10)
    UserFactory(username="hoidong")
    assert [r.status_code for r in fail(client, "hoidong", 3)] == [200, 200, 429]
    page = log_in(client, "hoidong").content.decode()
    assert "vì nhập sai mật khẩu 3 lần. Hãy thử lại sau 10 phút" in page

    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=11))
    assert log_in(client, "hoidong").status_code == 302


def test_a_colleague_behind_the_same_address_can_still_log_in(client):
    UserFactory(username="hy.noivu")
    colleague = UserFactory(username="hy.vpubnd")
    fail(client, "hy.noivu", 5)

    response = log_in(client, "hy.vpubnd")
    assert response.status_code == 302
    assert signed_in_as(client) == str(colleague.pk)


def test_the_locked_account_can_log_in_from_another_address(client):
    user = UserFactory(username="hy.noivu")
    fail(client, "hy.noivu", 5)
    assert log_in(client, "hy.noivu").status_code == 429

    assert log_in(client, "hy.noivu", address=HOME).status_code == 302
    assert signed_in_as(client) == str(user.pk)


def test_mistakes_before_a_success_do_not_add_up_with_later_ones(client):
    UserFactory(username="bn.noivu")
    fail(client, "bn.noivu", 4)
    assert log_in(client, "bn.noivu").status_code == 302
    client.post("/dang-xuat/")
    assert [r.status_code for r in fail(client, "bn.noivu", 4)] == [200] * 4


def test_the_django_admin_login_is_throttled_too(client):
    UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    responses = fail(client, "admin", 5, url=url)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    response = log_in(client, "admin", url=url)
    assert response.status_code == 429
    assert "tạm thời bị khoá đăng nhập" in response.content.decode()
    assert signed_in_as(client) is None


def test_an_admin_unlocks_a_locked_account_from_the_user_list(client):
    admin = UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)
    locked = UserFactory(username="hy.noivu")
    untouched = UserFactory(username="bn.gddt")
    fail(client, "hy.noivu", 5)
    fail(client, "hy.noivu", 5, address=HOME)
    fail(client, "bn.gddt", 2)

    staff = client.__class__()
    staff.force_login(admin)
    changelist = reverse("admin:units_user_changelist")
    assert "Mở khoá đăng nhập" in staff.get(changelist).content.decode()
    response = staff.post(changelist, {"action": "unlock_login", "_selected_action": [locked.pk]}, follow=True)
    assert "Đã mở khoá đăng nhập (xoá các lần nhập sai) cho 1 tài khoản." in response.content.decode()
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["bn.gddt"]
    entry = ActivityLog.objects.get(action="user.login_unlock")
    assert (entry.actor, entry.target, entry.summary) == (admin, locked, "Mở khoá đăng nhập cho tài khoản hy.noivu")

    assert log_in(client, "hy.noivu").status_code == 302
    assert untouched.pk


def test_unlocking_an_account_that_is_not_locked_says_so(client):
    admin = UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)
    other = UserFactory(username="bn.snv")
    client.force_login(admin)
    response = client.post(
        reverse("admin:units_user_changelist"), {"action": "unlock_login", "_selected_action": [other.pk]}, follow=True
    )
    assert "Các tài khoản đã chọn không bị khoá đăng nhập." in response.content.decode()
    assert not ActivityLog.objects.filter(action="user.login_unlock").exists()


def test_the_lockout_admin_speaks_vietnamese(client):
    admin = UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)
    UserFactory(username="hy.noivu")
    fail(client, "hy.noivu", 5)
    client.force_login(admin)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Khoá đăng nhập" in index
    assert "Lần đăng nhập sai (đang tính để khoá)" in index
    page = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Số lần nhập sai" in page and "Địa chỉ IP" in page
    assert OFFICE in page


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.2"),  # no proxy configured: the header is the client's to invent
        (1, "1.2.3.4, 203.113.10.7", "203.113.10.7"),  # nginx appended what it saw; the rest is forged
        (2, "203.113.10.7, 10.0.0.5", "203.113.10.7"),
        (1, "", "10.0.0.2"),  # a request that did not come through the proxy
    ],
)
def test_the_login_address_behind_reverse_proxies(rf, settings, proxies, forwarded, expected):
    settings.REVERSE_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
