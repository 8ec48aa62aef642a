"""What a caller may do through the API beyond the apps' own rules: a read-only token reads only.

Who may see or change a given object is asked of the apps' predicates (`units.permissions`) and
selectors, exactly as the pages ask them; nothing here decides that a second time."""

from rest_framework import permissions

from .models import ApiToken


class TokenScope(permissions.BasePermission):
    message = "Khoá API này chỉ được đọc: hãy dùng khoá “Đọc và ghi” để ghi dữ liệu."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request.auth
        return not isinstance(token, ApiToken) or token.can_write
