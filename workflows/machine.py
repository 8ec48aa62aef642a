"""The workflow machine: a workflow declared once as data, and one `apply` that takes its transitions.

A `Workflow` lists its states and its `Transition`s: where each may start (`sources`), where it ends
(`target`), its Vietnamese label, who may take it (`permission`), what must hold first (`guards`),
what else happens with it (`effects`) and whether it needs a reason. Views show the buttons
`available(obj, user)` returns; services call `apply(obj, name, user)`, and nothing else changes a
state. In one transaction, with the object's row locked, `apply`:

1. runs the workflow's `preconditions` (is the object in a shape to move at all: its plan issued,
   the copy the user edited still current);
2. checks that the object is in one of the transition's source states. The row is locked, so of
   two people taking transitions of the same object at the same moment the second waits for the
   first and then sees its state: when the state changed while it waited, it is told so ("vừa được
   người khác chuyển sang…") rather than given the plain wrong-state message;
3. checks the permission (skipped for `user=None`: the portal itself acting, as the demo loader
   and the tests do; views always pass the signed-in user), the reason, then each guard in order:
   the first that raises stops the change, and nothing has been written;
4. saves the new state, runs the effects in order, writes one activity row (`log`) and sends
   `workflows.signals.transitioned` (the API's webhooks listen).

Guards are `guard(obj, change)`: they return None or raise ValidationError with a Vietnamese
message that names what is wrong. Effects are `effect(obj, change)`, run after the state is saved,
inside the same transaction, so one that raises undoes the whole change; an effect may return a
dict of facts for the activity row (how many members voted). Both are plain named functions listed
in the table, so docs/workflows.md can name them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from activity.services import record

from .signals import transitioned

# Messages. Placeholders: {action} the transition's label in lower case, {noun}/{Noun} what the
# object is, {state} the label of its current state, {target} the label of the transition's target.
WRONG_STATE = "Không thể “{action}” khi {noun} đang ở trạng thái “{state}”."
CHANGED = (
    "{Noun} vừa được người khác chuyển sang trạng thái “{state}” nên không thể “{action}” nữa. "
    "Hãy tải lại trang để xem trạng thái mới."
)
UNKNOWN = "Không có thao tác “{name}” đối với {noun}."
FORBIDDEN = "Bạn không có quyền “{action}”."
REASON_NEEDED = "Hãy ghi lý do."


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str  # button text; in lower case it names the action in messages
    # Who may take it: a `rules` permission name checked against (user, obj), or a predicate(user, obj).
    permission: str | Callable[[Any, Any], bool]
    done_message: str = ""  # the flash message after success, and the activity row's summary
    guards: tuple[Callable, ...] = ()
    effects: tuple[Callable, ...] = ()
    needs_reason: bool = False
    # False: only ever taken inside another action (a council applying its results), never a button.
    manual: bool = True
    css: str = "primary"
    wrong_state: str = ""  # the message when the object is not in a source state; "" = the workflow's

    def __post_init__(self):
        if isinstance(self.sources, str):
            raise TypeError(f"Transition {self.name}: sources must be a tuple of states, not a string.")


@dataclass
class Change:
    """One transition being taken: what guards, effects and the log are given besides the object."""

    workflow: "Workflow"
    transition: Transition
    obj: Any  # the locked row
    user: Any  # None when the portal itself acts
    reason: str  # cleaned
    params: dict  # whatever else the service passed to apply()
    source: str  # the state before
    facts: dict = field(default_factory=dict)  # for the activity row: the caller's, then the effects'


class StatusField:
    """The state is a field of the model (by default `status`).

    Where a workflow keeps its state is an object with `read(obj)`, `write(obj, target, change)`
    (which saves) and a `description` for the docs; subclass this or write another with the same
    three (emulation's table is published or not by its `published_at`)."""

    def __init__(self, name: str = "status", *, full_clean: bool = False):
        self.name = name
        self.full_clean = full_clean
        self.description = f"in field `{name}`"

    def read(self, obj) -> str:
        return getattr(obj, self.name)

    def write(self, obj, target: str, change: Change) -> None:
        setattr(obj, self.name, target)
        if self.full_clean:
            obj.full_clean()
        touched = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
        obj.save(update_fields=[self.name, *touched])


def status_log(change: Change) -> dict:
    """The activity row of a status change: `<workflow>.<transition>`, the transition's message
    (with the reason), the state's label before and after, the reason and the facts."""
    workflow, transition, reason = change.workflow, change.transition, change.reason
    return {
        "action": f"{workflow.name}.{transition.name}",
        "summary": f"{transition.done_message} Lý do: {reason}" if reason else transition.done_message,
        "target": change.obj,
        "before": {"status": workflow.label_of(change.source)},
        "after": {
            "status": workflow.label_of(transition.target),
            **({"reason": reason} if reason else {}),
            **change.facts,
        },
    }


class Workflow:
    def __init__(
        self,
        *,
        name: str,
        title: str,
        noun: str,
        model,
        states,
        initial: str,
        transitions: Iterable[Transition],
        state=None,
        lock: Callable | None = None,
        preconditions: Iterable[Callable] = (),
        log: Callable[[Change], dict] = status_log,
        clean_reason: Callable[[str], str] = str.strip,
        reason_message: str = REASON_NEEDED,
        wrong_state: str = WRONG_STATE,
        changed: str = CHANGED,
        unknown: str = UNKNOWN,
        error_field: str | None = None,
    ):
        """`name` prefixes the activity rows' action (`plan.issue`); `title` heads its section of
        docs/workflows.md; `noun` names the object in messages ("kế hoạch"). `states` is a choices
        class (or (value, label) pairs) in display order. `state` says where the state lives (default:
        the `status` field); `lock` loads the row locked for update (default: by primary key).
        `error_field` puts the state messages under a form field ("status") instead of on top."""
        self.name, self.title, self.noun, self.model = name, title, noun, model
        self.states = dict(states.choices if hasattr(states, "choices") else states)
        self.initial = initial
        self.transitions = {}
        for transition in transitions:
            if transition.name in self.transitions:
                raise ValueError(f"{name}: transition {transition.name} is declared twice.")
            unknown_states = {*transition.sources, transition.target} - set(self.states)
            if unknown_states:
                raise ValueError(f"{name}.{transition.name}: unknown states {sorted(unknown_states)}.")
            self.transitions[transition.name] = transition
        if initial not in self.states:
            raise ValueError(f"{name}: initial state {initial} is not one of its states.")
        self.state = state or StatusField()
        self.lock = lock or (lambda obj: model._default_manager.select_for_update().get(pk=obj.pk))
        self.preconditions = tuple(preconditions)
        self.log = log
        self.clean_reason = clean_reason
        self.reason_message = reason_message
        self.wrong_state, self.changed, self.unknown = wrong_state, changed, unknown
        self.error_field = error_field

    def __repr__(self):
        return f"<Workflow {self.name}>"

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def label_of(self, state: str) -> str:
        return self.states[state]

    def state_of(self, obj) -> str:
        return self.state.read(obj)

    def transitions_from(self, state: str, *, manual_only: bool = True) -> list[Transition]:
        return [t for t in self.transitions.values() if state in t.sources and (t.manual or not manual_only)]

    def may(self, user, transition: Transition, obj) -> bool:
        # Asks the rule set directly, as units.permissions does: Django's ModelBackend would say yes
        # to a superuser even for a transition no one may take from this state.
        if user is None or not user.is_authenticated:
            return False
        if callable(transition.permission):
            return bool(transition.permission(user, obj))
        return rules.has_perm(transition.permission, user, obj)

    def available(self, obj, user) -> list[Transition]:
        """The buttons to show: manual transitions from the object's state that the user may take.
        Guards are not run here; they speak when the button is pressed."""
        return [t for t in self.transitions_from(self.state_of(obj)) if self.may(user, t, obj)]

    def apply(self, obj, name: str, user, *, reason: str = "", facts: dict | None = None, **params):
        """Take transition `name` of `obj` for `user` (None: the portal itself); see the module's
        docstring for the order of checks. `facts` go into the activity row; `params` are handed to
        guards, effects and the log as `change.params`. Returns the `Change`: `.obj` is the locked,
        changed object, `.facts` what the effects found."""
        transition = self.transitions.get(name)
        if transition is None:
            raise self._error(self.unknown.format(name=name, noun=self.noun), "unknown")
        with transaction.atomic():
            # The state before queueing for the lock: when the locked row shows another, someone
            # changed it while we waited.
            seen = self.state.read(self.model._default_manager.get(pk=obj.pk))
            obj = self.lock(obj)
            change = Change(
                workflow=self,
                transition=transition,
                obj=obj,
                user=user,
                reason=self.clean_reason(reason or ""),
                params=params,
                source=self.state.read(obj),
                facts=dict(facts or {}),
            )
            for precondition in self.preconditions:
                precondition(obj, change)
            if change.source not in transition.sources:
                if change.source != seen:
                    raise self._error(self._say(self.changed, change), "changed")
                raise self._error(self._say(transition.wrong_state or self.wrong_state, change), "wrong_state")
            if user is not None and not self.may(user, transition, obj):
                raise PermissionDenied(self._say(FORBIDDEN, change))
            if transition.needs_reason and not change.reason:
                raise ValidationError({"reason": self.reason_message})
            for guard in transition.guards:
                guard(obj, change)
            self.state.write(obj, transition.target, change)
            for effect in transition.effects:
                change.facts.update(effect(obj, change) or {})
            record(actor=user, **self.log(change))
            transitioned.send(sender=self.model, workflow=self, change=change)
        return change

    def _say(self, template: str, change: Change) -> str:
        return template.format(
            action=change.transition.label.lower(),
            noun=self.noun,
            Noun=self.noun[:1].upper() + self.noun[1:],
            state=self.label_of(change.source),
            target=self.label_of(change.transition.target),
        )

    def _error(self, message: str, code: str) -> ValidationError:
        error = ValidationError(message, code=code)
        return ValidationError({self.error_field: error}) if self.error_field else error
