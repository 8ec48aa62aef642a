"""The emulation year's workflow as declared (emulation.services.SCORING_WORKFLOW)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from activity.models import ActivityLog
from emulation import services
from emulation.models import CriteriaTable

from .conftest import score


def everyone_scores(block):
    for user, unit in (
        (block.alpha_user, block.alpha),
        (block.beta_user, block.beta),
        (block.leader_user, block.leader),
    ):
        score(block, user, unit, c1="5")


def test_only_the_leader_publishes_even_through_the_service(block):
    everyone_scores(block)
    with pytest.raises(PermissionDenied) as error:
        services.publish_ranking(actor=block.alpha_user, table=block.table)
    assert str(error.value) == "Bạn không có quyền “công bố kết quả”."
    assert CriteriaTable.objects.get().published_at is None
    services.publish_ranking(actor=block.leader_user, table=block.table)
    table = CriteriaTable.objects.get()
    assert (table.is_published, table.published_by) == (True, block.leader_user)
    log = ActivityLog.objects.get(action="scores.publish")
    assert (log.summary, log.before, log.after) == (
        "Công bố kết quả chấm điểm, xếp hạng Khối các cơ quan tổng hợp (2025)",
        None,
        None,
    )


def test_publishing_twice_says_the_results_are_already_published(block):
    everyone_scores(block)
    services.publish_ranking(actor=block.leader_user, table=block.table)
    with pytest.raises(ValidationError) as error:
        services.publish_ranking(actor=block.leader_user, table=block.table)
    assert error.value.messages == [services.PUBLISHED_MESSAGE]
