import pytest

from common.fields import assign
from common.positions import next_position
from plans.models import PlanSection
from tests.factories import PlanFactory


@pytest.mark.django_db
def test_next_position_follows_the_last_row_and_starts_at_one():
    plan = PlanFactory()
    assert next_position(plan.sections.all()) == 1
    PlanSection.objects.create(plan=plan, position=7, heading="I", body="")
    PlanSection.objects.create(plan=plan, position=3, heading="II", body="")
    assert next_position(plan.sections.all()) == 8
    assert next_position(PlanSection.objects.none()) == 1


class Thing:
    title = "cũ"
    note = "giữ"
    year = 2025


def test_assign_sets_only_what_the_data_holds():
    thing = Thing()
    assign(thing, {"title": "mới", "year": None, "other": "x"}, ["title", "note", "year"])
    assert (thing.title, thing.note, thing.year) == ("mới", "giữ", None)
    assert not hasattr(thing, "other")


def test_assign_can_keep_values_a_form_left_empty():
    thing = Thing()
    assign(thing, {"title": None, "year": 2026}, ["title", "year"], skip_none=True)
    assert (thing.title, thing.year) == ("cũ", 2026)
