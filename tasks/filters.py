import django_filters
from django.db.models import Exists, OuterRef, Q

from plans.models import Plan
from units.text import fold

from .models import OPEN_STATUSES, AssignmentRole, Occurrence, Task, TaskAssignment, TaskStatus

QUARTER_CHOICES = [(1, "Quý I"), (2, "Quý II"), (3, "Quý III"), (4, "Quý IV")]
MONTH_CHOICES = [(m, f"Tháng {m}") for m in range(1, 13)]
OVERDUE_CHOICES = [("co", "Quá hạn"), ("khong", "Không quá hạn")]


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
    due_month = django_filters.ChoiceFilter(
        label="Hạn trong tháng", choices=MONTH_CHOICES, method="filter_due_month", empty_label="Tất cả"
    )
    status = django_filters.ChoiceFilter(
        label="Trạng thái", choices=TaskStatus.choices, method="filter_status", empty_label="Tất cả"
    )
    overdue = django_filters.ChoiceFilter(
        label="Quá hạn", choices=OVERDUE_CHOICES, method="filter_overdue", empty_label="Tất cả"
    )
    q = django_filters.CharFilter(label="Tìm nội dung", method="filter_search")

    class Meta:
        model = Task
        fields = []

    def __init__(self, *args, unit, today, **kwargs):
        self.unit = unit
        self.today = today
        super().__init__(*args, **kwargs)
        # Plans issued within the unit's own province (or commune) tree: the only ones whose
        # unit cells can name it (the matcher is scoped the same way). Asking which of them
        # really list the unit would cost a pass over all its tasks on every page view.
        # Only what an option prints ("Kế hoạch 12/KH-UBND – …"): a province issues hundreds.
        self.filters["plan"].queryset = (
            Plan.objects.issued()
            .filter(issuing_unit__tree_root_id=unit.tree_root_id or unit.pk)
            .only("id", "number", "symbol", "title")
        )

    def _with_occurrence(self, queryset, condition: Q):
        return queryset.filter(Exists(Occurrence.objects.filter(condition, task=OuterRef("pk"))))

    def filter_role(self, queryset, name, value):
        return queryset.filter(Exists(TaskAssignment.objects.filter(task=OuterRef("pk"), unit=self.unit, role=value)))

    def filter_quarter(self, queryset, name, value):
        value = int(value)
        # Active at some point in the quarter: starts before it ends and is due after it starts.
        return queryset.filter(starts_on__month__lte=value * 3, due_on__month__gte=value * 3 - 2)

    def filter_due_month(self, queryset, name, value):
        return self._with_occurrence(queryset, Q(due_on__month=int(value)))

    def filter_status(self, queryset, name, value):
        return self._with_occurrence(queryset, Q(status=value))

    def filter_overdue(self, queryset, name, value):
        late = Exists(Occurrence.objects.filter(task=OuterRef("pk"), status__in=OPEN_STATUSES, due_on__lt=self.today))
        return queryset.filter(late if value == "co" else ~late)

    def filter_search(self, queryset, name, value):
        words = fold(value).split()
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=word)
        return queryset.filter(condition)
