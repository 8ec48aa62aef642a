import django_filters

from units.models import Unit

from .models import Plan, PlanStatus


class PlanFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="Năm")
    issuing_unit = django_filters.ModelChoiceFilter(
        label="Cơ quan ban hành",
        queryset=Unit.objects.filter(plans__isnull=False).distinct(),
        empty_label="Tất cả",
    )
    status = django_filters.ChoiceFilter(label="Trạng thái", choices=PlanStatus.choices, empty_label="Tất cả")
    q = django_filters.CharFilter(label="Tìm theo trích yếu", method="search")

    class Meta:
        model = Plan
        fields = ["year", "issuing_unit", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(title__icontains=value)
