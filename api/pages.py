"""The "Tài khoản" page: the person's API keys and private calendar address, and the feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import defaults
from django.views.decorators.http import require_POST, require_safe

from common.web import add_service_errors, button_action

from . import calendar, services
from .forms import TokenForm
from .models import CalendarFeed, digest


def _page(request, *, form=None, new_key=None, new_token=None, feed_key=None, status=200):
    context = {
        "tokens": request.user.api_tokens.all(),
        "form": form or TokenForm(),
        "new_key": new_key,
        "new_token": new_token,
        "feed": CalendarFeed.objects.filter(user=request.user).first(),
        "feed_url": request.build_absolute_uri(reverse("api:calendar_feed", args=[feed_key])) if feed_key else None,
        "docs_url": reverse("api:docs"),
    }
    return render(request, "api/account.html", context, status=status)


@login_required
def account(request):
    return _page(request)


@login_required
@require_POST
def token_create(request):
    """The key is shown on this answer only: it is never stored, so never shown again."""
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, key = services.create_token(
                actor=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _page(request, new_key=key, new_token=token)
    return _page(request, form=form, status=400)


@login_required
@require_POST
def token_revoke(request, pk):
    return button_action(
        request,
        lambda: services.revoke_token(actor=request.user, token_id=pk),
        success=lambda token: f"Đã thu hồi khoá “{token.name}”: hệ thống dùng khoá này không gọi được nữa.",
        then=reverse("api:account"),
    )


@login_required
@require_POST
def calendar_renew(request):
    key = services.renew_calendar(actor=request.user)
    messages.success(request, "Đã tạo địa chỉ lịch mới; địa chỉ cũ (nếu có) không dùng được nữa.")
    return _page(request, feed_key=key)


@login_required
@require_POST
def calendar_stop(request):
    return button_action(
        request,
        lambda: services.stop_calendar(actor=request.user),
        success="Đã tắt lịch riêng: ứng dụng lịch không tải được nữa.",
        then=reverse("api:account"),
    )


@require_safe
def calendar_feed(request, key):
    """No sign-in: the address is the secret, as calendar apps cannot sign in."""
    feed = CalendarFeed.objects.select_related("user__unit").filter(key_digest=digest(key)).first()
    if feed is None or not feed.user.is_active:
        raise Http404("Địa chỉ lịch không đúng hoặc đã được đổi.")
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    response = HttpResponse(calendar.feed(feed.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


def not_found(request, exception):
    """The portal's 404 (settings: tdkt_portal.urls.handler404): JSON in Vietnamese under /api/,
    where an address that matches no route (a text where an id goes) is still the API's answer."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Không tìm thấy, hoặc bạn không có quyền xem."}, status=404)
    return defaults.page_not_found(request, exception)
