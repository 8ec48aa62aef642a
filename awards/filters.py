import django_filters

from .models import AwardType, Dossier, DossierStatus, Movement


class DossierFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="Trạng thái", choices=DossierStatus.choices, empty_label="Tất cả")
    year = django_filters.NumberFilter(label="Năm")
    award_type = django_filters.ModelChoiceFilter(
        label="Danh hiệu, hình thức",
        queryset=AwardType.objects.filter(dossiers__isnull=False).distinct(),
        empty_label="Tất cả",
    )
    movement = django_filters.ModelChoiceFilter(
        label="Phong trào thi đua", queryset=Movement.objects.all(), empty_label="Tất cả"
    )

    class Meta:
        model = Dossier
        fields = ["status", "year", "award_type", "movement"]
