from django.contrib import admin

from .models import Appendix, Plan, PlanSection
from .workbooks.admin import AppendixAdmin


class SectionInline(admin.StackedInline):
    model = PlanSection
    extra = 0


class AppendixInline(admin.StackedInline):
    model = Appendix
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "issuing_unit", "year", "status"]
    list_filter = ["status", "year"]
    search_fields = ["title", "number"]
    autocomplete_fields = ["issuing_unit", "based_on"]
    readonly_fields = ["status", "version"]
    inlines = [SectionInline, AppendixInline]


admin.site.register(Appendix, AppendixAdmin)
