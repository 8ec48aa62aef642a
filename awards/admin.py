"""Catalogue, movements, councils and the earlier years' award history are edited here. Sessions,
dossiers and decisions move through their workflows on the portal only (awards/services/): here
they are shown. Ballot boxes and receipts are not registered at all: no screen, the admin included,
shows who voted or how."""

from django.contrib import admin

from common.admin import ChangedInPortalAdmin

from .models import (
    AwardRecord,
    AwardType,
    BaseSalary,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    Dossier,
    LegalText,
    Movement,
)


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "category",
        "beneficiary",
        "deciding_level",
        "deciding_basis",
        "approval_threshold",
        "quorum",
        "vote_base",
        "prize_coefficient",
        "procedure",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["category", "beneficiary", "deciding_level", "vote_base", "procedure"]
    search_fields = ["name", "code", "group"]
    list_editable = ["approval_threshold", "quorum", "vote_base"]


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    """The base salary by the day it takes effect: a decision takes the one in force on its signing date."""

    list_display = ["effective_from", "amount", "legal_basis"]


@admin.register(LegalText)
class LegalTextAdmin(admin.ModelAdmin):
    """The laws and decrees decisions cite, one "Căn cứ" paragraph each, while in force."""

    list_display = ["number", "kind", "issued_on", "name", "cited_in_decisions", "in_force_from", "in_force_to"]
    list_filter = ["kind", "cited_in_decisions"]
    search_fields = ["number", "name"]


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
    list_display = ["name", "government", "level", "decision_symbol", "head_title", "head_name", "parent"]
    autocomplete_fields = ["government", "parent"]
    search_fields = ["name", "government__name"]
    inlines = [CouncilMemberInline]


@admin.register(CouncilSession)
class CouncilSessionAdmin(ChangedInPortalAdmin):
    list_display = ["title", "council", "meets_at", "status"]
    list_filter = ["status", "council"]
    portal_note = (
        "Phiên họp chỉ tạo, sửa và chuyển bước trên cổng (Khen thưởng → Phiên họp), để chương trình, "
        "bỏ phiếu và kết quả theo đúng quy trình và mỗi thay đổi được ghi nhật ký."
    )


@admin.register(Dossier)
class DossierAdmin(ChangedInPortalAdmin):
    list_display = ["title", "unit", "award_type", "year", "status"]
    list_filter = ["status", "year", "award_type"]
    search_fields = ["title", "unit__name"]
    portal_note = (
        "Hồ sơ chỉ sửa và chuyển bước trên cổng (Khen thưởng → trang hồ sơ), để đơn vị, cán bộ thẩm định "
        "và hội đồng làm đúng phần việc của mình và mỗi thay đổi được ghi nhật ký."
    )


@admin.register(Decision)
class DecisionAdmin(ChangedInPortalAdmin):
    list_display = ["reference", "title", "issuing_unit", "issued_on", "signer_name"]
    search_fields = ["number", "title"]
    portal_note = (
        "Quyết định được ban hành trên cổng từ kết quả phiên họp (trang phiên họp → Ban hành quyết định), "
        "cùng lúc ghi sổ vàng và nhật ký; ở đây chỉ xem."
    )


@admin.register(AwardRecord)
class AwardRecordAdmin(admin.ModelAdmin):
    """Earlier years' awards are typed in here, so eligibility checks can see them. Rows written by a
    decision issued on the portal are shown only: the decision is their source."""

    list_display = ["full_name", "birth_year", "award_type", "year", "unit", "reference"]
    list_filter = ["award_type", "year", "kind", "posthumous"]
    search_fields = ["full_name", "search_name", "decision_reference"]
    autocomplete_fields = ["unit", "award_type", "decided_by"]
    readonly_fields = ["decision"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.decision_id)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.decision_id)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.decision_id:
            return fieldsets
        note = "Dòng này do quyết định ban hành trên cổng ghi vào sổ vàng nên chỉ xem ở đây."
        (name, options), *rest = fieldsets
        return [(name, {**options, "description": note}), *rest]
