"""Login throttling with django-axes: the client address and the lockout page.

Axes counts failed logins per (account, address) pair (settings: AXES_LOCKOUT_PARAMETERS) and,
at the limit, refuses that account from that address until the cool-off ends or an admin unlocks
it. Here is what axes leaves to the project: which address a request comes from behind a
proxy, and what a locked-out person is shown. Admins unlock accounts with
units.services.unlock_logins (the user list's action "Mở khoá đăng nhập").
"""

import math

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone


def client_ip(request) -> str | None:
    """The address a login comes from (AXES_CLIENT_IP_CALLABLE).

    Behind REVERSE_PROXY_COUNT proxies that each append the address they saw to
    X-Forwarded-For (nginx: `$proxy_add_x_forwarded_for`), the client is that many entries from
    the right; anything further left was written by the client and cannot be trusted. Without a
    proxy, or when the header is shorter than it must be, REMOTE_ADDR is the only fact.
    """
    count = settings.REVERSE_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def unlock_time(username: str | None, ip_address: str | None):
    """When the (account, address) pair's cool-off ends: its latest counted failure plus the cool-off."""
    latest = AccessAttempt.objects.filter(username=username, ip_address=ip_address).aggregate(Max("attempt_time"))
    if latest["attempt_time__max"] is None:
        return None
    return latest["attempt_time__max"] + settings.AXES_COOLOFF_TIME


def lockout_message(username: str | None, ip_address: str | None) -> str:
    until = unlock_time(username, ip_address)
    limit = settings.AXES_FAILURE_LIMIT
    if until is None:  # unlocked between the check and this page (an admin, or the cool-off)
        wait = "Hãy thử lại"
    else:
        minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
        wait = f"Hãy thử lại sau {minutes} phút (lúc {timezone.localtime(until):%H:%M})"
    return (
        f"Tài khoản “{username or ''}” tạm thời bị khoá đăng nhập từ máy này vì nhập sai mật khẩu {limit} lần. "
        f"{wait}, hoặc nhờ quản trị viên mở khoá."
    )


def locked_out(request, original_response=None, credentials=None):
    """The login page again, with why it refuses and for how long (AXES_LOCKOUT_CALLABLE).

    Used for the portal's login and the admin's alike. The form is unbound so that showing it
    does not run authentication, and so count, once more."""
    username = get_client_username(request, credentials)
    form = AuthenticationForm(request, initial={"username": username})
    context = {
        "form": form,
        "next": request.POST.get("next", ""),
        "lockout": lockout_message(username, request.axes_ip_address),
    }
    return render(request, "registration/login.html", context, status=429)
