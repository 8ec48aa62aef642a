"""Every admin page opens for staff who are not superusers, and records with services are only
shown there, to superusers too.

The list, the add page and one change page of every model registered in the admin, for a plan
editor with and without Django model permissions and for an administrator account that is not a
superuser. The models come from `admin.site._registry`, so a model registered later is covered
without touching this file (and `test_every_admin_model_has_a_row_to_open` asks for a row of it).
"""

import datetime
import uuid

import pytest
import rules
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import ClockedSchedule, IntervalSchedule, SolarSchedule

from api import services as api
from api.models import WebhookDelivery, WebhookSubscription
from awards.models import AwardType, Decision, Nominee
from certificates.models import Issue
from documents.models import RenderedDocument, SignedDocument
from documents.services import add_trusted_root
from emulation.demo import load_emulation_demo
from jobs.models import Job
from notifications.models import OutgoingEmail
from tasks.models import Occurrence, Reminder, ReminderContact, ReminderDigest, ReminderKind
from tdkt_portal.demo import load_demo
from tests.admin_forms import form_fields
from tests.documents.certificates import MadeUpAuthority
from tests.factories import UnitFactory, UserFactory
from units.models import Role, Unit

pytestmark = pytest.mark.django_db

ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def _fill_gaps(owner) -> None:
    """One row of each registered model the demo data leaves empty."""
    unit = Unit.objects.get(name="Sở Nội vụ", tree_root__name="Ủy ban nhân dân tỉnh Bắc Ninh")
    occurrence = Occurrence.objects.select_related("task").order_by("pk").first()
    digest = ReminderDigest.objects.create(unit=unit, day=datetime.date(2025, 3, 24))
    Reminder.objects.create(
        task=occurrence.task,
        occurrence=occurrence,
        unit=unit,
        kind=ReminderKind.DUE_SOON,
        period="2025-03-31:7",
        digest=digest,
    )
    ReminderContact.objects.create(unit=unit, email="vanthu@snv.bacninh.gov.vn", name="Văn thư")
    Job.objects.create(kind="thu", title="Công việc thử", func="tests.jobs.job_functions.count_rows", owner=owner)
    RenderedDocument.objects.create(key="plan-0", version="1.r1", file="van-ban/thu.pdf", page_count=1, size=10)
    SignedDocument.objects.create(
        key="plan-0", file="van-ban-ky-so/thu.pdf", sha256="0" * 64, size=10, organisation="Sở Nội vụ tỉnh Bắc Ninh"
    )
    add_trusted_root(name="CA thử nghiệm", data=MadeUpAuthority.create().pem)
    decision = Decision.objects.create(
        issuing_unit=unit.tree_root,
        issuing_body_line="ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH",
        number="1520",
        place="Bắc Ninh",
        issued_on=datetime.date(2025, 12, 20),
        title="Về việc tặng Bằng khen",
        award_type=AwardType.objects.order_by("pk").first(),
        signer_name="Nguyễn Văn A",
    )
    nominee = Nominee.objects.exclude(pk__in=Issue.objects.values("nominee")).order_by("pk").first()
    Issue.objects.create(
        unit=unit.tree_root, number=1, decision=decision, nominee=nominee, recipient=nominee.display_name
    )
    OutgoingEmail.objects.create(
        to="vanthu@snv.bacninh.gov.vn",
        from_email="tdkt@bacninh.gov.vn",
        subject="Kế hoạch mới ban hành",
        body="Kế hoạch 83/KH-UBND đã ban hành.",
        message_id="<thu-1@tdkt.bacninh.gov.vn>",
    )
    Group.objects.create(name="Nhóm thử")
    api.create_token(actor=owner, name="Hệ thống quản lý văn bản", scope="read")
    api.renew_calendar(actor=owner)
    subscription = WebhookSubscription.objects.create(
        name="Hệ thống quản lý văn bản", url="https://vanban.bacninh.gov.vn/tdkt", events=["plan.issued"]
    )
    WebhookDelivery.objects.create(
        subscription=subscription, event="plan.issued", event_id=uuid.uuid4(), body='{"event":"plan.issued"}'
    )
    IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    SolarSchedule.objects.create(event="sunrise", latitude=21.18, longitude=106.07)
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    # django-axes: a counted wrong password, its entry in the failure log, a login.
    seen = {"username": "bn.snv", "ip_address": "203.113.10.7", "user_agent": "Firefox", "http_accept": "*/*"}
    AccessAttempt.objects.create(
        **seen, path_info="/dang-nhap/", get_data="", post_data="username=bn.snv", failures_since_start=2
    )
    AccessFailureLog.objects.create(**seen, path_info="/dang-nhap/", locked_out=False)
    AccessLog.objects.create(**seen, path_info="/dang-nhap/")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, gaps filled, and the three staff accounts: loaded once for the module in a
    transaction rolled back at its end (each test runs in a savepoint inside it)."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        load_demo()
        load_emulation_demo()
        unit = Unit.objects.get(name="Sở Nội vụ", tree_root__name="Ủy ban nhân dân tỉnh Bắc Ninh")
        users = {
            "editor-without-permissions": UserFactory(role=Role.PLAN_EDITOR, unit=unit, is_staff=True),
            "editor-with-model-permissions": UserFactory(role=Role.PLAN_EDITOR, unit=unit, is_staff=True),
            "admin-not-superuser": UserFactory(role=Role.ADMIN, is_staff=True),
            "superuser": UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True),
        }
        users["editor-with-model-permissions"].user_permissions.set(Permission.objects.all())
        _fill_gaps(users["admin-not-superuser"])
        yield users
        transaction.set_rollback(True)


def test_every_rule_answers_when_asked_without_an_object():
    """Django's `user.has_perm(perm)` (the admin's question) reaches the rules with obj=None."""
    unit = UnitFactory()
    users = [
        AnonymousUser(),
        UserFactory(is_superuser=True, role=Role.ADMIN),
        UserFactory(role=Role.ADMIN),
        UserFactory(role=Role.PLAN_EDITOR, unit=unit),
        UserFactory(role=Role.PLAN_EDITOR),
        UserFactory(role=Role.UNIT_OFFICER, unit=unit),
        UserFactory(role=Role.COUNCIL_MEMBER),
    ]
    crashes = []
    for perm in sorted(rules.permissions.permissions):
        for user in users:
            try:
                rules.has_perm(perm, user, None)
                user.has_perm(perm)
            except Exception as error:  # noqa: BLE001 - every crash is listed, not only the first
                crashes.append(f"{perm} ({getattr(user, 'role', 'anonymous')}): {error!r}")
    assert crashes == []


def _pages(model) -> dict[str, str]:
    info = model._meta.app_label, model._meta.model_name
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"{model._meta.label}: no row to open; add one in _fill_gaps"
    return {
        "list": reverse("admin:{}_{}_changelist".format(*info)),
        "add": reverse("admin:{}_{}_add".format(*info)),
        "change": reverse("admin:{}_{}_change".format(*info), args=[obj.pk]),
    }


def test_every_admin_model_has_a_row_to_open(world):
    assert [m._meta.label for m in ADMIN_MODELS if not m._default_manager.exists()] == []


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
@pytest.mark.parametrize("who", ["editor-without-permissions", "editor-with-model-permissions", "admin-not-superuser"])
def test_admin_pages_open_for_staff_who_are_not_superusers(client, world, who, model):
    client.force_login(world[who])
    statuses = {page: client.get(url).status_code for page, url in _pages(model).items()}
    if who == "editor-with-model-permissions":
        # May view everything; adding is refused (403) where the admin only shows rows.
        assert (statuses["list"], statuses["change"]) == (200, 200)
        assert statuses["add"] in (200, 403)
    else:
        assert set(statuses.values()) <= {200, 403}, statuses


@pytest.mark.parametrize(
    "model_name", ["plans.Plan", "tasks.Task", "awards.Dossier"], ids=lambda name: name.split(".")[1]
)
def test_plan_task_and_dossier_lists_follow_model_permissions_for_staff(client, world, model_name):
    model = next(m for m in ADMIN_MODELS if m._meta.label == model_name)
    pages = _pages(model)
    client.force_login(world["editor-without-permissions"])
    assert [client.get(pages[p]).status_code for p in ("list", "change")] == [403, 403]
    client.force_login(world["editor-with-model-permissions"])
    assert [client.get(pages[p]).status_code for p in ("list", "change")] == [200, 200]


# Changed only through their services (rules, versions, activity rows) or written only by the
# system (the activity log, the reminders sent): the admin shows them and saves nothing.
SHOWN_ONLY = [
    "activity.ActivityLog",
    "api.ApiToken",
    "api.CalendarFeed",
    "awards.CouncilSession",
    "awards.Decision",
    "awards.Dossier",
    "certificates.Issue",
    "documents.SignedDocument",
    "emulation.Covenant",
    "emulation.CriteriaTable",
    "emulation.Criterion",
    "emulation.Score",
    "plans.Appendix",
    "plans.Plan",
    "tasks.Occurrence",
    "tasks.ProgressUpdate",
    "tasks.Reminder",
    "tasks.ReminderDigest",
    "tasks.Task",
    "tasks.TaskGroup",
]


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_a_superuser_saves_in_the_admin_only_what_has_no_service(client, world, model):
    client.force_login(world["superuser"])
    pages = _pages(model)
    obj = model._default_manager.order_by("pk").first()
    page = client.get(pages["change"]).content.decode()
    if model._meta.label not in SHOWN_ONLY:
        assert 'name="_save"' in page
        return
    assert 'name="_save"' not in page
    before = model._default_manager.filter(pk=obj.pk).values().get()
    assert client.post(pages["change"], form_fields(page)).status_code == 403
    assert model._default_manager.filter(pk=obj.pk).values().get() == before
    assert client.get(pages["add"]).status_code == 403
    info = model._meta.app_label, model._meta.model_name
    assert client.get(reverse("admin:{}_{}_delete".format(*info), args=[obj.pk])).status_code == 403
