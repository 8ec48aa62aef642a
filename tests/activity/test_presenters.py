import pytest

from activity.presenters import _label
from plans.models import Appendix, Plan, PlanSection
from plans.services import APPENDIX_FIELDS, PLAN_FIELDS
from tasks.models import Task, TaskGroup
from tasks.services import GROUP_FIELDS, TASK_FIELDS


@pytest.mark.parametrize(
    "model,fields",
    [
        (Plan, PLAN_FIELDS),
        (PlanSection, ["heading", "body"]),
        (Appendix, APPENDIX_FIELDS),
        (Task, TASK_FIELDS),
        (TaskGroup, GROUP_FIELDS),
    ],
)
def test_every_logged_field_reads_in_vietnamese(model, fields):
    # Django's default label is the field name with spaces: that would show English in the history.
    english = [name for name in fields if _label(model, name).lower() == name.replace("_", " ")]
    assert english == []


def test_yes_and_no_read_as_words_in_a_history():
    from activity.presenters import _words

    assert [_words({}, True), _words({}, False), _words({}, 0), _words({}, [True, None])] == [
        "Có",
        "Không",
        "0",
        "Có, —",
    ]
