from django.contrib import admin

from .models import Covenant, CovenantSignature, CriteriaTable, Criterion, CriterionSection, Score


class SignatureInline(admin.TabularInline):
    model = CovenantSignature
    extra = 0


@admin.register(Covenant)
class CovenantAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "signing_due", "signed_on"]
    list_filter = ["group__year"]
    inlines = [SignatureInline]


class SectionInline(admin.TabularInline):
    model = CriterionSection
    extra = 0


@admin.register(CriteriaTable)
class CriteriaTableAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "scoring_due", "published_at"]
    list_filter = ["group__year"]
    inlines = [SectionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["number", "content", "kind", "max_points", "section"]
    list_filter = ["kind", "section__table__group__year"]
    search_fields = ["content"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["unit", "criterion", "self_points", "adjusted_points"]
    list_filter = ["criterion__section__table__group"]
    readonly_fields = ["scored_by", "scored_at", "adjusted_by", "adjusted_at"]
