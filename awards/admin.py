"""Catalogue, movements, councils and the award history are edited here. Ballot boxes and receipts
are not registered at all: no screen, the admin included, shows who voted or how."""

from django.contrib import admin

from .models import AwardRecord, AwardType, Council, CouncilMember, CouncilSession, Decision, Dossier, Movement


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "category",
        "beneficiary",
        "deciding_level",
        "approval_threshold",
        "quorum",
        "vote_base",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["category", "beneficiary", "deciding_level", "vote_base"]
    search_fields = ["name", "code", "group"]
    list_editable = ["approval_threshold", "quorum", "vote_base"]


@admin.register(Movement)
class MovementAdmin(admin.ModelAdmin):
    list_display = ["name", "launched_by", "starts_on", "ends_on"]
    search_fields = ["name"]
    autocomplete_fields = ["launched_by"]


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "government", "level"]
    autocomplete_fields = ["government"]
    inlines = [CouncilMemberInline]


@admin.register(CouncilSession)
class CouncilSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "council", "meets_at", "status"]
    list_filter = ["status", "council"]
    readonly_fields = ["status"]


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "award_type", "year", "status"]
    list_filter = ["status", "year", "award_type"]
    search_fields = ["title", "unit__name"]
    readonly_fields = ["status", "session"]
    autocomplete_fields = ["unit"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "issuing_unit", "issued_on", "signer_name"]
    search_fields = ["number", "title"]
    readonly_fields = ["session", "award_type"]


@admin.register(AwardRecord)
class AwardRecordAdmin(admin.ModelAdmin):
    """Earlier years' awards are typed in here, so eligibility checks can see them."""

    list_display = ["full_name", "birth_year", "award_type", "year", "unit", "reference"]
    list_filter = ["award_type", "year", "unit_record"]
    search_fields = ["full_name", "search_name", "decision_reference"]
    autocomplete_fields = ["unit", "award_type"]
    readonly_fields = ["decision"]
