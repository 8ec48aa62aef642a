import rules
from django.core.exceptions import PermissionDenied


def allowed(user, perm: str, obj=None) -> bool:
    # Asks the rule set directly: Django's ModelBackend would say yes to a superuser even for
    # things no one may do (editing an issued plan).
    return user.is_authenticated and rules.has_perm(perm, user, obj)


def require(user, perm: str, obj=None) -> None:
    if not allowed(user, perm, obj):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
