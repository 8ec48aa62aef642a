from django.contrib import admin

from .models import Task, TaskAssignment, TaskGroup


class AssignmentInline(admin.TabularInline):
    model = TaskAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["number", "content", "appendix", "group", "timing_text", "due_on", "schedule_kind"]
    list_filter = ["schedule_kind", "appendix__plan__year"]
    search_fields = ["content", "search_text"]
    list_select_related = ["appendix", "group"]
    inlines = [AssignmentInline]


@admin.register(TaskGroup)
class TaskGroupAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "appendix", "parent"]
