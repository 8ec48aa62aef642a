import django_filters
from django.db.models import Q

from plans.models import Plan
from units.text import fold

from .models import AssignmentRole, Task

QUARTER_CHOICES = [(1, "Quý I"), (2, "Quý II"), (3, "Quý III"), (4, "Quý IV")]


class UnitTaskFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(
        label="Kế hoạch", field_name="appendix__plan", queryset=Plan.objects.none(), empty_label="Tất cả"
    )
    role = django_filters.ChoiceFilter(
        label="Vai trò của đơn vị", choices=AssignmentRole.choices, method="filter_role", empty_label="Tất cả"
    )
    quarter = django_filters.ChoiceFilter(
        label="Quý", choices=QUARTER_CHOICES, method="filter_quarter", empty_label="Tất cả"
    )
    q = django_filters.CharFilter(label="Tìm nội dung", method="filter_search")

    class Meta:
        model = Task
        fields = []

    def __init__(self, *args, unit, **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)
        self.filters["plan"].queryset = (
            Plan.objects.issued().filter(appendices__tasks__assignments__unit=unit).distinct()
        )

    def filter_role(self, queryset, name, value):
        return queryset.filter(assignments__unit=self.unit, assignments__role=value).distinct()

    def filter_quarter(self, queryset, name, value):
        value = int(value)
        # Active at some point in the quarter: starts before it ends and is due after it starts.
        return queryset.filter(starts_on__month__lte=value * 3, due_on__month__gte=value * 3 - 2)

    def filter_search(self, queryset, name, value):
        words = fold(value).split()
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=word)
        return queryset.filter(condition)
