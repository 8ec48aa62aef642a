"""Query-string filters of the API lists (django-filter)."""

import django_filters

from awards.models import Dossier
from plans.models import Appendix, Plan
from tasks.models import Occurrence, ProgressUpdate, Task
from units.models import Unit


class PlanFilter(django_filters.FilterSet):
    class Meta:
        model = Plan
        fields = ["year", "status", "issuing_unit"]


class AppendixFilter(django_filters.FilterSet):
    class Meta:
        model = Appendix
        fields = ["plan"]


class TaskFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="appendix__plan", help_text="Chỉ nhiệm vụ của kế hoạch này.")
    unit = django_filters.NumberFilter(method="filter_unit", help_text="Chỉ nhiệm vụ mà đơn vị này có vai trò.")
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte", help_text="Hạn từ ngày này.")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte", help_text="Hạn đến ngày này.")

    class Meta:
        model = Task
        fields = ["appendix", "plan", "unit", "due_after", "due_before"]

    def filter_unit(self, queryset, name, value):
        return queryset.filter(assignments__unit_id=value).distinct()


class OccurrenceFilter(django_filters.FilterSet):
    class Meta:
        model = Occurrence
        fields = ["task", "status"]


class ProgressUpdateFilter(django_filters.FilterSet):
    class Meta:
        model = ProgressUpdate
        fields = ["task", "occurrence", "unit", "kind"]


class UnitFilter(django_filters.FilterSet):
    class Meta:
        model = Unit
        fields = ["kind", "level", "parent"]


class DossierFilter(django_filters.FilterSet):
    class Meta:
        model = Dossier
        fields = ["year", "status", "unit", "award_type"]
