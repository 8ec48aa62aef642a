"""How a log row reads to a person: field labels instead of field names, values in words."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist

# Keys that are not model fields, and code words that appear inside logged values.
EXTRA_LABELS = {"reason": "Lý do"}
# Keys starting so are bookkeeping a service keeps for itself (where a deleted row stood), not shown.
HIDDEN_PREFIX = "_"


@dataclass
class Change:
    label: str
    before: str | None
    after: str | None


def _words(code_words: dict, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):  # before int: True is an int too
        return "Có" if value else "Không"
    if isinstance(value, list):
        return ", ".join(_words(code_words, v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{code_words.get(k, k)}: {_words(code_words, v)}" for k, v in value.items()) or "—"
    return code_words.get(value, str(value)) if isinstance(value, str) else str(value)


def _label(model, key: str) -> str:
    if key in EXTRA_LABELS:
        return EXTRA_LABELS[key]
    try:
        return str(model._meta.get_field(key).verbose_name).capitalize()
    except (FieldDoesNotExist, AttributeError):
        return key


def _choice_words(model, key: str) -> dict:
    """A choice field's stored codes in words ("ca_nhan" -> "Cá nhân")."""
    try:
        return {str(code): str(label) for code, label in model._meta.get_field(key).flatchoices}
    except (FieldDoesNotExist, AttributeError, TypeError):
        return {}


def describe(entry, code_words: dict) -> list[Change]:
    model = entry.target_type.model_class()
    before, after = entry.before or {}, entry.after or {}
    keys = [key for key in dict.fromkeys([*before, *after]) if not key.startswith(HIDDEN_PREFIX)]
    changes = []
    for key in keys:
        words = {**_choice_words(model, key), **code_words}
        changes.append(
            Change(
                label=_label(model, key),
                before=_words(words, before[key]) if key in before else None,
                after=_words(words, after[key]) if key in after else None,
            )
        )
    return changes
