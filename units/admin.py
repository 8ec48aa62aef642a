from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .admin_provinces import ProvinceLoadAdminMixin
from .models import EmulationGroup, EmulationGroupMembership, Unit, UnitAlias, User


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


@admin.register(Unit)
class UnitAdmin(ProvinceLoadAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "level", "parent", "active_to"]
    list_filter = ["level", "kind", "tree_root"]
    search_fields = ["name", "short_name", "search_name", "aliases__name"]
    autocomplete_fields = ["parent", "successor"]
    inlines = [UnitAliasInline]


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
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["unit"]
    fieldsets = UserAdmin.fieldsets + (("Vai trò trong cổng TĐKT", {"fields": ("full_name", "role", "unit")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("Vai trò trong cổng TĐKT", {"fields": ("full_name", "role", "unit")}),)
