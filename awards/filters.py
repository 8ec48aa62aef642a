import django_filters
from django.db.models import Exists, OuterRef

from .models import AwardType, Dossier, DossierStatus, Movement


class DossierFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="Trạng thái", choices=DossierStatus.choices, empty_label="Tất cả")
    year = django_filters.NumberFilter(label="Năm")
    award_type = django_filters.ModelChoiceFilter(
        label="Danh hiệu, hình thức",
        # EXISTS, one index probe per award type: joining every dossier and removing duplicates
        # made the list cost grow with the dossiers of the whole country.
        queryset=AwardType.objects.filter(Exists(Dossier.objects.filter(award_type=OuterRef("pk")))),
        empty_label="Tất cả",
    )
    movement = django_filters.ModelChoiceFilter(
        label="Phong trào thi đua", queryset=Movement.objects.all(), empty_label="Tất cả"
    )

    class Meta:
        model = Dossier
        fields = ["status", "year", "award_type", "movement"]
