from django.contrib.contenttypes.models import ContentType

from .models import ActivityLog
from .snapshot import snapshot


def record(*, actor, action: str, summary: str, target, context=None, before=None, after=None) -> ActivityLog:
    """Write the activity log row for one change. Call it inside the service's transaction."""
    context = context if context is not None else target
    return ActivityLog.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        summary=summary[:500],
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        context_type=ContentType.objects.get_for_model(context),
        context_id=context.pk,
        before=before,
        after=after,
    )


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields that changed, so a history row says what was edited and nothing else."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record_changes(*, actor, action: str, summary: str, target, before: dict, fields, context=None) -> bool:
    """Log the fields of `target` that differ from the `before` snapshot; no row when nothing changed."""
    changed_before, changed_after = diff(before, snapshot(target, fields))
    if not changed_after:
        return False
    record(
        actor=actor,
        action=action,
        summary=summary,
        target=target,
        context=context,
        before=changed_before,
        after=changed_after,
    )
    return True
