import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_unread_count_in_the_menu_and_the_list_shows_each_item(client):
    user, other = UserFactory(), UserFactory()
    notify([user], title="Nhắc việc ngày 01/04/2025", body="Quý II: Đăng ký thi đua\nQuá hạn: Báo cáo tháng")
    notify([user, other], title="Hồ sơ đã được duyệt", url="/ke-hoach/")
    client.force_login(user)
    html = client.get(reverse("notifications:list")).content.decode()
    assert 'aria-label="2 chưa đọc">2</span>' in html
    assert "<li>Quý II: Đăng ký thi đua</li>" in html and "<li>Quá hạn: Báo cáo tháng</li>" in html
    assert html.count('data-notification="') == 2


def test_opening_marks_read_and_goes_to_the_link_inside_the_portal_only(client):
    user = UserFactory()
    (inside,) = notify([user], title="Xem kế hoạch", url="/ke-hoach/")
    (outside,) = notify([user], title="Lạ", url="https://example.com/lua-dao")
    client.force_login(user)
    response = client.post(reverse("notifications:open", args=[inside.pk]))
    assert (response.status_code, response["Location"]) == (302, "/ke-hoach/")
    response = client.post(reverse("notifications:open", args=[outside.pk]))
    assert response["Location"] == reverse("notifications:list")
    assert Notification.objects.unread().count() == 0


def test_nobody_opens_or_reads_another_persons_notification(client):
    owner, intruder = UserFactory(), UserFactory()
    (notification,) = notify([owner], title="Riêng tư")
    client.force_login(intruder)
    assert client.post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert "Riêng tư" not in client.get(reverse("notifications:list")).content.decode()
    client.post(reverse("notifications:read_all"))
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(client):
    user = UserFactory()
    notify([user], title="Một")
    notify([user], title="Hai")
    client.force_login(user)
    assert client.post(reverse("notifications:read_all")).status_code == 302
    assert Notification.objects.unread().count() == 0
    assert "chưa đọc" not in client.get(reverse("notifications:list")).content.decode()
