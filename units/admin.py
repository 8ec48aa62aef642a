from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX
from import_export.forms import ImportForm
from import_export.results import RowResult

from common.uploads import validate_upload
from common.xlsx import longest_sheet, too_long_message

from .admin_provinces import ProvinceLoadAdminMixin
from .models import EmulationGroup, EmulationGroupMembership, Unit, UnitAlias, User
from .permissions import allowed
from .services import delete_unit, unlock_logins
from .sheets import AccountSheetResource, UnitSheetResource


class SheetImportForm(ImportForm):
    def clean_import_file(self):
        # Before import-export stores and reads the file: a real .xlsx of reasonable size and
        # length, judged by its bytes (the appendix workbooks' limits).
        uploaded = self.cleaned_data["import_file"]
        validate_upload(uploaded, allowed={"xlsx"}, max_bytes=settings.APPENDIX_IMPORT_MAX_BYTES)
        rows = longest_sheet(uploaded)
        uploaded.seek(0)
        if rows > settings.APPENDIX_IMPORT_MAX_ROWS:
            raise ValidationError(too_long_message(uploaded.name, rows, settings.APPENDIX_IMPORT_MAX_ROWS, "tệp"))
        return uploaded


class SheetAdminMixin(ImportExportMixin):
    """.xlsx in and out with django-import-export's preview (units.sheets); admins only."""

    formats = [XLSX]
    import_form_class = SheetImportForm
    skip_admin_log = True  # the import writes our own activity row
    # Import-export lists each imported row's object in the result; ours are named in the messages.

    def has_import_permission(self, request):
        return allowed(request.user, "units.manage_units")

    def has_export_permission(self, request):
        return allowed(request.user, "units.manage_units")

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def add_success_message(self, result, request):
        new, changed = result.totals[RowResult.IMPORT_TYPE_NEW], result.totals[RowResult.IMPORT_TYPE_UPDATE]
        messages.success(request, f"Đã nhập {new} {self.model._meta.verbose_name} mới, cập nhật {changed}.")


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


@admin.register(Unit)
class UnitAdmin(ProvinceLoadAdminMixin, SheetAdminMixin, admin.ModelAdmin):
    resource_classes = [UnitSheetResource]
    list_display = ["name", "short_name", "kind", "level", "parent", "active_to"]
    list_filter = ["level", "kind", "tree_root"]
    search_fields = ["name", "short_name", "search_name", "aliases__name"]
    autocomplete_fields = ["parent", "successor"]
    inlines = [UnitAliasInline]

    # Deleting goes through the registry's service, as on the portal's unit list: it refuses a unit
    # still in use (with a message naming what uses it) and writes the activity row.
    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one unit at a time, each through the service
        return actions

    def delete_model(self, request, obj):
        delete_unit(actor=request.user, unit=obj)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            self.message_user(request, error.messages[0], messages.ERROR)
            return redirect(reverse("admin:units_unit_change", args=[object_id]))


class MembershipInline(admin.TabularInline):
    model = EmulationGroupMembership
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(EmulationGroup)
class EmulationGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "year", "organiser"]
    list_filter = ["kind", "year", "level"]
    search_fields = ["name"]
    autocomplete_fields = ["organiser"]
    inlines = [MembershipInline]


@admin.register(User)
class PortalUserAdmin(SheetAdminMixin, UserAdmin):
    resource_classes = [AccountSheetResource]
    list_display = ["username", "full_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["unit"]
    fieldsets = UserAdmin.fieldsets + (("Vai trò trong cổng TĐKT", {"fields": ("full_name", "role", "unit")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("Vai trò trong cổng TĐKT", {"fields": ("full_name", "role", "unit")}),)
    actions = ["unlock_login"]

    @admin.action(description="Mở khoá đăng nhập", permissions=["change"])
    def unlock_login(self, request, queryset):
        """Accounts locked out by failed logins (django-axes) may log in again now, from anywhere."""
        unlocked = unlock_logins(actor=request.user, users=queryset)
        if unlocked:
            message = f"Đã mở khoá đăng nhập (xoá các lần nhập sai) cho {unlocked} tài khoản."
            self.message_user(request, message, messages.SUCCESS)
        else:
            self.message_user(request, "Các tài khoản đã chọn không bị khoá đăng nhập.", messages.INFO)
