"""The leader adjusts a member's whole sheet in one form: all or nothing, every bad row named,
blank rows skipped, one activity row."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from activity.models import ActivityLog
from emulation.models import Score

from .conftest import score

pytestmark = pytest.mark.django_db


def post_sheet(client, block, unit, rows):
    data = {}
    for name, (points, reason) in rows.items():
        criterion = getattr(block, name)
        data |= {f"adjust-{criterion.pk}": points, f"reason-{criterion.pk}": reason}
    return client.post(reverse("emulation:adjust_sheet", args=[block.group.pk, unit.pk]), data, follow=True)


def adjusted(block, unit):
    return {
        s.criterion.content: (s.adjusted_points, s.adjust_reason)
        for s in Score.objects.filter(unit=unit, adjusted_points__isnull=False).select_related("criterion")
    }


def test_an_unscored_member_is_adjusted_in_one_form(client, block):
    client.force_login(block.leader_user)
    page = client.get(reverse("emulation:unit_scores", args=[block.group.pk, block.beta.pk])).content.decode()
    assert page.count('placeholder="Điểm"') == 4
    assert page.count('<button type="submit" class="primary">Lưu điều chỉnh</button>') == 1

    response = post_sheet(
        client,
        block,
        block.beta,
        {"c1": ("6", "Kế hoạch ban hành chậm"), "c2": ("15,5", "Ký giao ước chậm"), "bonus": ("", "")},
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Đã lưu điều chỉnh điểm của Sở Tài chính (2 tiêu chí thay đổi)."
    ]
    assert adjusted(block, block.beta) == {
        "Ban hành kế hoạch": (D("6"), "Kế hoạch ban hành chậm"),
        "Ký giao ước đúng hạn": (D("15.5"), "Ký giao ước chậm"),
    }
    log = ActivityLog.objects.get(action="scores.adjust")
    assert log.summary == "Điều chỉnh điểm 2 tiêu chí của Sở Tài chính"
    assert log.after == {"1": "6 (Kế hoạch ban hành chậm)", "2": "15,5 (Ký giao ước chậm)"}
    # The page shows what is stored in the form; sending it back unchanged writes nothing.
    page = response.content.decode()
    assert f'name="adjust-{block.c2.pk}" size="5" value="15,5"' in page
    response = post_sheet(
        client, block, block.beta, {"c1": ("6", "Kế hoạch ban hành chậm"), "c2": ("15,5", "Ký giao ước chậm")}
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Đã lưu điều chỉnh điểm của Sở Tài chính (0 tiêu chí thay đổi)."
    ]
    assert ActivityLog.objects.filter(action="scores.adjust").count() == 1


def test_every_bad_row_is_named_and_nothing_is_written(client, block):
    score(block, block.alpha_user, block.alpha, c1="8")
    client.force_login(block.leader_user)
    response = post_sheet(
        client,
        block,
        block.alpha,
        {"c1": ("7", ""), "c2": ("", "Không có điểm"), "bonus": ("6", "Vượt"), "penalty": ("1", "Nộp chậm")},
    )
    assert response.status_code == 400
    assert [str(m) for m in response.context["messages"]] == [
        "Tiêu chí 1 (Ban hành kế hoạch): cần ghi lý do điều chỉnh điểm.",
        "Tiêu chí 2 (Ký giao ước đúng hạn): cần nhập điểm sau điều chỉnh (đã ghi lý do).",
        "Tiêu chí 1 (Mô hình mới): điểm 6 vượt điểm tối đa 5.",
    ]
    page = response.content.decode()
    assert f'name="reason-{block.penalty.pk}" value="Nộp chậm"' in page  # what was typed stays
    assert adjusted(block, block.alpha) == {}
    assert not ActivityLog.objects.filter(action="scores.adjust").exists()


def test_only_the_leader_adjusts_and_only_members(client, block):
    client.force_login(block.alpha_user)
    assert post_sheet(client, block, block.beta, {"c1": ("6", "x")}).status_code == 403
    client.force_login(block.leader_user)
    outsider = block.province.children.create(name="Sở Y tế", kind="so")
    assert post_sheet(client, block, outsider, {"c1": ("6", "x")}).status_code == 404
    assert not Score.objects.exists()
