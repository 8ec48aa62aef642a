import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404


def allowed(user, perm: str, obj=None) -> bool:
    # Asks the rule set directly: Django's ModelBackend would say yes to a superuser even for
    # things no one may do (editing an issued plan).
    return user.is_authenticated and rules.has_perm(perm, user, obj)


def require(user, perm: str, obj=None) -> None:
    if not allowed(user, perm, obj):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")


def offset_for(direction: str) -> int:
    """URL word for a move ("len" = up, "xuong" = down) as a row offset."""
    offsets = {"len": -1, "xuong": 1}
    if direction not in offsets:
        raise Http404
    return offsets[direction]
