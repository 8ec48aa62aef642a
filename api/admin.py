from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from common.admin import ChangedInPortalAdmin, OutboxAdmin
from units.permissions import allowed

from . import services, webhooks
from .models import ApiToken, CalendarFeed, WebhookDelivery, WebhookEvent, WebhookSubscription


@admin.register(ApiToken)
class ApiTokenAdmin(ChangedInPortalAdmin):
    """Admins see every key (whose, which scope, when last used); only the owner makes or revokes it."""

    portal_note = "Mỗi người tạo và thu hồi khoá API của mình ở trang “Tài khoản”; khoá chỉ hiện một lần khi tạo."
    list_display = ["name", "user", "scope", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", "revoked_at"]
    search_fields = ["name", "user__username", "user__full_name", "prefix"]
    fields = ["user", "name", "scope", "prefix", "created_at", "last_used_at", "revoked_at"]

    def portal_url(self, obj):
        return reverse("api:account")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ChangedInPortalAdmin):
    portal_note = "Mỗi người tạo, đổi hoặc tắt địa chỉ lịch riêng của mình ở trang “Tài khoản”."
    list_display = ["user", "created_at", "last_read_at"]
    search_fields = ["user__username", "user__full_name"]
    fields = ["user", "created_at", "last_read_at"]

    def portal_url(self, obj):
        return reverse("api:account")


class WebhookSubscriptionForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label="Sự kiện", choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "events", "active"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                services.check_subscription(name=data["name"], url=data["url"], events=data["events"])
            except ValidationError as error:
                for field, messages_ in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages_)
        return data


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    """Admins register the addresses of other systems and the events each is sent. Saved through
    api.services (checked, logged); turned off rather than deleted, so the delivery log stays."""

    form = WebhookSubscriptionForm
    list_display = ["name", "url", "event_list", "active", "created_at", "log_link"]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    actions = ["renew_secret"]

    def get_fields(self, request, obj=None):
        fields = ["name", "url", "events", "active"]
        if obj is None:
            return fields
        shown = ["secret"] if allowed(request.user, "api.manage_webhooks") else []
        return [*fields, *shown, "created_by", "created_at", "log_link"]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["secret", "created_by", "created_at", "log_link"]
        if not self.has_change_permission(request, obj):
            readonly += ["name", "url", "events", "active"]
        return readonly

    def has_add_permission(self, request):
        return super().has_add_permission(request) and allowed(request.user, "api.manage_webhooks")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and allowed(request.user, "api.manage_webhooks")

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="sự kiện")
    def event_list(self, subscription):
        return "; ".join(subscription.event_labels())

    @admin.display(description="nhật ký gửi")
    def log_link(self, subscription):
        if subscription is None or subscription.pk is None:
            return "—"
        url = reverse("admin:api_webhookdelivery_changelist") + f"?subscription__id__exact={subscription.pk}"
        return format_html('<a href="{}">Xem các lần gửi</a>', url)

    def save_model(self, request, obj, form, change):
        services.save_subscription(actor=request.user, subscription=obj)

    @admin.action(description="Đổi khoá bí mật", permissions=["change"])
    def renew_secret(self, request, queryset):
        for pk in queryset.values_list("pk", flat=True):
            services.renew_webhook_secret(actor=request.user, subscription_id=pk)
        self.message_user(
            request,
            "Đã đổi khoá bí mật: hãy cập nhật khoá mới cho hệ thống nhận, các lần gửi từ nay ký bằng khoá mới.",
            messages.SUCCESS,
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(OutboxAdmin):
    """The delivery log: every event sent or waiting, its tries and the receiver's last answer;
    read-only, with "Gửi lại" for what failed."""

    list_display = ["event", "subscription", "status", "attempts", "last_status_code", "created_at", "sent_at", "error"]
    list_filter = ["status", "event", "subscription"]
    search_fields = ["event_id", "subscription__name"]
    date_hierarchy = "created_at"
    list_select_related = ["subscription"]
    resend_rows = staticmethod(webhooks.resend)
    queued_message = "Đã đưa {count} lần gửi vào hàng đợi gửi lại."
    skipped_message = "Bỏ qua {count} lần gửi đã thành công hoặc của địa chỉ đã tắt."
    fields = [
        "subscription",
        "event",
        "event_id",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "last_response",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "body",
    ]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and allowed(request.user, "api.manage_webhooks")

    def has_delete_permission(self, request, obj=None):
        return False
