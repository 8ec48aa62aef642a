"""The workflow machine on its own: a trial workflow over real plan rows, with guards, effects and
permissions the tests control. What each app declares is tested with the app."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.db.models import F

from activity.models import ActivityLog
from plans.models import Plan, PlanStatus
from tests.concurrently import wait_until_one_waits_for_a_lock
from tests.factories import PlanFactory, UnitFactory, UserFactory
from units.models import Role
from workflows import Transition, Workflow

pytestmark = pytest.mark.django_db

DRAFT, ISSUED = PlanStatus.DRAFT, PlanStatus.ISSUED


def anyone(user, plan):
    return True


def no_one(user, plan):
    return False


def trial(*transitions, **options) -> Workflow:
    return Workflow(
        name="trial",
        title="Thử",
        noun="kế hoạch",
        model=Plan,
        states=PlanStatus,
        initial=DRAFT,
        transitions=transitions or [issue()],
        **options,
    )


def issue(**fields) -> Transition:
    return Transition(
        **{
            "name": "issue",
            "sources": (DRAFT,),
            "target": ISSUED,
            "label": "Ban hành",
            "done_message": "Đã ban hành.",
            "permission": anyone,
            **fields,
        }
    )


def reopen(**fields) -> Transition:
    return Transition(
        **{
            "name": "reopen",
            "sources": (ISSUED,),
            "target": DRAFT,
            "label": "Mở lại",
            "done_message": "Đã mở lại.",
            "permission": anyone,
            "needs_reason": True,
            **fields,
        }
    )


def nothing_happened(plan):
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (DRAFT, 1)
    assert ActivityLog.objects.count() == 0


def test_a_transition_saves_the_state_runs_the_effects_in_order_and_writes_one_activity_row():
    ran = []

    def first(plan, change):
        """First."""
        ran.append(("first", Plan.objects.get(pk=plan.pk).status))
        return {"counted": 3}

    def second(plan, change):
        """Second."""
        ran.append(("second", dict(change.facts)))

    user = UserFactory()
    plan = PlanFactory()
    change = trial(issue(effects=(first, second))).apply(plan, "issue", user, facts={"decision": "12/QĐ"})
    assert ran == [("first", ISSUED), ("second", {"decision": "12/QĐ", "counted": 3})]
    assert (change.obj.status, change.source, change.obj.pk) == (ISSUED, DRAFT, plan.pk)
    assert Plan.objects.get().status == ISSUED
    log = ActivityLog.objects.get()
    assert (log.actor, log.action, log.summary, log.target, log.context_id) == (
        user,
        "trial.issue",
        "Đã ban hành.",
        change.obj,
        plan.pk,
    )
    assert (log.before, log.after) == (
        {"status": "Dự thảo"},
        {"status": "Đã ban hành", "decision": "12/QĐ", "counted": 3},
    )


def test_an_unknown_transition_is_refused_by_name():
    plan = PlanFactory()
    with pytest.raises(ValidationError) as error:
        trial().apply(plan, "publish", UserFactory())
    assert (error.value.messages, error.value.code) == (["Không có thao tác “publish” đối với kế hoạch."], "unknown")
    nothing_happened(plan)


def test_a_transition_from_another_state_is_refused_naming_the_state():
    plan = PlanFactory(status=ISSUED)
    with pytest.raises(ValidationError) as error:
        trial().apply(plan, "issue", UserFactory())
    assert error.value.messages == ["Không thể “ban hành” khi kế hoạch đang ở trạng thái “Đã ban hành”."]
    assert error.value.code == "wrong_state"
    assert ActivityLog.objects.count() == 0


def test_a_transition_may_word_its_own_wrong_state_message():
    plan = PlanFactory(status=ISSUED)
    workflow = trial(issue(wrong_state="Kế hoạch đã “{state}”, không {action} lại được."))
    with pytest.raises(ValidationError) as error:
        workflow.apply(plan, "issue", UserFactory())
    assert error.value.messages == ["Kế hoạch đã “Đã ban hành”, không ban hành lại được."]


def test_state_messages_can_belong_to_a_form_field():
    plan = PlanFactory(status=ISSUED)
    workflow = trial(error_field="status", wrong_state="Không chuyển được từ “{state}” sang “{target}”.")
    with pytest.raises(ValidationError) as error:
        workflow.apply(plan, "issue", UserFactory())
    assert error.value.message_dict == {"status": ["Không chuyển được từ “Đã ban hành” sang “Đã ban hành”."]}


def test_a_user_who_may_not_take_the_transition_is_refused_and_nothing_is_written():
    ran = []
    plan = PlanFactory()
    workflow = trial(issue(permission=no_one, guards=(lambda p, c: ran.append("guard"),)))
    with pytest.raises(PermissionDenied) as error:
        workflow.apply(plan, "issue", UserFactory())
    assert str(error.value) == "Bạn không có quyền “ban hành”."
    assert ran == []
    nothing_happened(plan)


def test_a_rules_permission_is_asked_of_the_rule_set_with_the_locked_object():
    editor, officer = UserFactory(), UserFactory(role=Role.UNIT_OFFICER, unit=UnitFactory())
    workflow = trial(issue(permission="plans.issue_plan"))
    with pytest.raises(PermissionDenied):
        workflow.apply(PlanFactory(), "issue", officer)
    assert workflow.apply(PlanFactory(), "issue", editor).obj.status == ISSUED


def test_the_portal_acting_itself_passes_no_user_and_no_permission_is_asked():
    plan = PlanFactory()
    trial(issue(permission=no_one)).apply(plan, "issue", None)
    assert Plan.objects.get().status == ISSUED
    assert ActivityLog.objects.get().actor is None


def test_a_refusing_guard_stops_the_change_before_anything_is_written():
    ran = []

    def papers_complete(plan, change):
        """The papers are complete."""
        raise ValidationError("Chưa ban hành được: còn thiếu chữ ký.")

    def later(plan, change):
        ran.append("later guard")

    def effect(plan, change):
        ran.append("effect")

    plan = PlanFactory()
    workflow = trial(issue(guards=(papers_complete, later), effects=(effect,)))
    with pytest.raises(ValidationError) as error:
        workflow.apply(plan, "issue", UserFactory())
    assert error.value.messages == ["Chưa ban hành được: còn thiếu chữ ký."]
    assert ran == []
    nothing_happened(plan)


def test_a_transition_that_needs_a_reason_asks_for_it_and_keeps_it_cleaned():
    plan = PlanFactory(status=ISSUED)
    workflow = trial(issue(), reopen(), reason_message="Hãy ghi rõ lý do mở lại.")
    with pytest.raises(ValidationError) as error:
        workflow.apply(plan, "reopen", UserFactory(), reason="   ")
    assert error.value.message_dict == {"reason": ["Hãy ghi rõ lý do mở lại."]}
    assert ActivityLog.objects.count() == 0
    workflow.apply(plan, "reopen", UserFactory(), reason="  Thêm nhiệm vụ quý IV ")
    log = ActivityLog.objects.get()
    assert log.summary == "Đã mở lại. Lý do: Thêm nhiệm vụ quý IV"
    assert log.after == {"status": "Dự thảo", "reason": "Thêm nhiệm vụ quý IV"}


def test_an_effect_that_raises_undoes_the_state_and_the_effects_before_it():
    def bump_version(plan, change):
        Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1)

    def printer_down(plan, change):
        raise RuntimeError("máy in hỏng")

    plan = PlanFactory()
    with pytest.raises(RuntimeError):
        trial(issue(effects=(bump_version, printer_down))).apply(plan, "issue", UserFactory())
    nothing_happened(plan)


def test_preconditions_run_before_the_state_is_checked():
    def not_archived(plan, change):
        raise ValidationError("Kế hoạch đã lưu trữ.", code="archived")

    plan = PlanFactory(status=ISSUED)  # the wrong state for "issue": the precondition speaks first
    with pytest.raises(ValidationError) as error:
        trial(preconditions=(not_archived,)).apply(plan, "issue", UserFactory())
    assert (error.value.messages, error.value.code) == (["Kế hoạch đã lưu trữ."], "archived")


def test_available_offers_the_manual_transitions_from_the_state_that_the_user_may_take():
    by_the_council = issue(name="approve", manual=False)
    workflow = trial(issue(), issue(name="sign", permission=no_one), by_the_council, reopen())
    user = UserFactory()
    assert [t.name for t in workflow.available(PlanFactory(), user)] == ["issue"]
    assert [t.name for t in workflow.available(PlanFactory(status=ISSUED), user)] == ["reopen"]
    assert [t.name for t in workflow.transitions_from(DRAFT, manual_only=False)] == ["issue", "sign", "approve"]
    assert workflow["approve"] is by_the_council


def test_a_declaration_naming_an_unknown_state_or_a_name_twice_is_refused():
    with pytest.raises(ValueError, match=r"trial.issue: unknown states \['archived'\]"):
        trial(issue(target="archived"))
    with pytest.raises(ValueError, match="trial: transition issue is declared twice"):
        trial(issue(), issue())
    with pytest.raises(TypeError, match="sources must be a tuple"):
        issue(sources=DRAFT)


@pytest.mark.django_db(transaction=True)
def test_of_two_transitions_at_the_same_moment_one_wins_and_the_other_is_told_the_state_just_changed():
    """Both load the draft plan; the first holds its lock (inside an effect) until the second is
    queued on the row, then commits. The second then sees the issued plan."""
    first_inside, release = threading.Event(), threading.Event()

    def hold_the_lock(plan, change):
        first_inside.set()
        assert release.wait(10)

    workflow = trial(issue(effects=(hold_the_lock,)))
    pk = PlanFactory().pk
    outcomes = {}

    def take(who):
        try:
            plan = Plan.objects.get(pk=pk)  # what the user's page was built from
            workflow.apply(plan, "issue", None)
            outcomes[who] = "issued"
        except ValidationError as error:
            outcomes[who] = (error.code, error.messages)
        finally:
            connections.close_all()

    first = threading.Thread(target=take, args=("first",))
    first.start()
    assert first_inside.wait(10)
    second = threading.Thread(target=take, args=("second",))
    second.start()
    wait_until_one_waits_for_a_lock("the second transition")
    release.set()
    first.join(10)
    second.join(10)

    assert outcomes == {
        "first": "issued",
        "second": (
            "changed",
            [
                "Kế hoạch vừa được người khác chuyển sang trạng thái “Đã ban hành” nên không thể “ban hành” nữa. "
                "Hãy tải lại trang để xem trạng thái mới."
            ],
        ),
    }
    assert Plan.objects.get().status == ISSUED
    assert ActivityLog.objects.filter(action="trial.issue").count() == 1
