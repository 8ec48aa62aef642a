"""What the API returns: explicit fields, read-only except the progress reports."""

from rest_framework import ISO_8601, serializers

from awards.models import AwardType, Decision, Dossier
from notifications.models import Notification
from plans.models import Appendix, Plan
from tasks.models import Occurrence, ProgressUpdate, Task, TaskAssignment, TaskStatus
from units.models import Unit


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "level",
            "code",
            "parent",
            "local_government",
            "active_from",
            "active_to",
            "successor",
        ]


class PlanSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True, help_text="Số, ký hiệu như in trên văn bản, ví dụ “196/KH-UBND”.")
    issuing_unit_name = serializers.CharField(source="issuing_unit.name", read_only=True, help_text="Cơ quan ban hành.")
    task_count = serializers.IntegerField(read_only=True, help_text="Số nhiệm vụ trong các phụ lục.")
    web_url = serializers.CharField(source="get_absolute_url", read_only=True, help_text="Trang kế hoạch trên cổng.")

    class Meta:
        model = Plan
        fields = [
            "id",
            "reference",
            "number",
            "symbol",
            "year",
            "title",
            "status",
            "issuing_unit",
            "issuing_unit_name",
            "place",
            "issued_on",
            "based_on",
            "version",
            "task_count",
            "web_url",
        ]


class AppendixSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appendix
        fields = ["id", "plan", "position", "label", "title", "subtitle", "columns", "column_labels"]


class AssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskAssignment
        fields = ["role", "unit", "text"]


class OccurrenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Occurrence
        fields = ["id", "task", "due_on", "status", "percent", "reason", "version", "updated_at"]


class TaskSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="appendix.plan_id", read_only=True, help_text="Kế hoạch của nhiệm vụ.")
    group_title = serializers.CharField(source="group.title", read_only=True, default="", help_text="Nhóm nội dung.")
    assignments = AssignmentSerializer(many=True, read_only=True, help_text="Đơn vị chủ trì, phối hợp… theo vai trò.")
    occurrences = OccurrenceSerializer(many=True, read_only=True, help_text="Các kỳ thực hiện với trạng thái.")

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "appendix",
            "group",
            "group_title",
            "number",
            "content",
            "note",
            "timing_text",
            "schedule_kind",
            "quarters",
            "starts_on",
            "due_on",
            "schedule_note",
            "assignments",
            "occurrences",
        ]


class ProgressUpdateSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.__str__", read_only=True, help_text="Người báo cáo.")
    evidence_count = serializers.IntegerField(source="evidence.count", read_only=True, help_text="Số tệp minh chứng.")

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "task",
            "occurrence",
            "due_on",
            "kind",
            "unit",
            "author_name",
            "at",
            "status",
            "percent",
            "noted_on",
            "note",
            "reason",
            "evidence_count",
        ]


# Dates are read as ISO 8601 (2025-12-15) or as Vietnamese write them (15/12/2025).
DATE_INPUTS = [ISO_8601, "%d/%m/%Y"]


class StatusReportSerializer(serializers.Serializer):
    """Báo cáo trạng thái một kỳ thực hiện (đơn vị chủ trì)."""

    status = serializers.ChoiceField(choices=TaskStatus.choices, help_text="Trạng thái mới.")
    percent = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100, help_text="Tiến độ (%); bỏ trống để giữ nguyên."
    )
    noted_on = serializers.DateField(input_formats=DATE_INPUTS, help_text="Ngày báo cáo: YYYY-MM-DD hoặc dd/mm/yyyy.")
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000, help_text="Nội dung tiến độ."
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="Lý do, bắt buộc khi “Không thực hiện”.",
    )


class ContributionSerializer(serializers.Serializer):
    """Nội dung phối hợp của đơn vị phối hợp."""

    noted_on = serializers.DateField(input_formats=DATE_INPUTS, help_text="Ngày báo cáo: YYYY-MM-DD hoặc dd/mm/yyyy.")
    note = serializers.CharField(max_length=5000, help_text="Nội dung phối hợp.")


class AwardTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = AwardType
        fields = [
            "id",
            "code",
            "name",
            "category",
            "group",
            "beneficiary",
            "deciding_level",
            "legal_basis",
            "valid_from",
            "valid_to",
        ]


class DossierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dossier
        fields = [
            "id",
            "unit",
            "kind",
            "award_type",
            "year",
            "title",
            "status",
            "session",
            "submitted_at",
            "updated_at",
        ]


class DecisionSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True, help_text="Số, ký hiệu, ví dụ “1520/QĐ-UBND”.")

    class Meta:
        model = Decision
        fields = [
            "id",
            "reference",
            "number",
            "symbol",
            "issued_on",
            "title",
            "award_type",
            "issuing_unit",
            "session",
            "signer_name",
        ]


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at"]


class ProblemSerializer(serializers.Serializer):
    """Lỗi: thông báo bằng tiếng Việt."""

    detail = serializers.CharField(help_text="Điều gì sai, bằng tiếng Việt.")


class StaleSerializer(ProblemSerializer):
    version = serializers.IntegerField(help_text="Phiên bản hiện tại: đọc lại rồi gửi If-Match với số này.")
