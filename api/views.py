"""The REST API (/api/v1/). Thin like the pages: each list is an app's selector for the caller,
each write an app's service, each permission the predicate the page asks."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status as http
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from awards.models import AwardType, Decision, Dossier
from awards.selectors import visible_dossiers
from notifications.models import Notification
from plans.models import Appendix, Plan
from plans.selectors import visible_plans
from tasks import progress
from tasks.models import Occurrence, ProgressUpdate, Task, TaskAssignment
from tasks.selectors import visible_tasks
from units.models import Unit
from units.permissions import require

from . import filters, serializers
from .exceptions import service_errors

PROBLEMS = {
    401: OpenApiResponse(serializers.ProblemSerializer, description="Thiếu khoá, khoá sai hoặc đã thu hồi."),
    403: OpenApiResponse(serializers.ProblemSerializer, description="Ngoài quyền của tài khoản hoặc của khoá."),
    404: OpenApiResponse(serializers.ProblemSerializer, description="Không có, hoặc không được xem."),
}


def read_only(noun: str, detail: str = ""):
    """Vietnamese descriptions of a read-only list and its items."""
    return extend_schema_view(
        list=extend_schema(summary=f"Danh sách {noun}", description=detail),
        retrieve=extend_schema(summary=f"Chi tiết {noun}", description=detail),
    )


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    lookup_value_converter = "int"


@read_only("kế hoạch", "Kế hoạch người gọi được xem: đã ban hành, và bản dự thảo của cấp mình nếu soạn kế hoạch.")
class PlanViewSet(ReadOnly):
    queryset = Plan.objects.none()  # the model, for the schema; each request asks get_queryset()
    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilter

    def get_queryset(self):
        return visible_plans(self.request.user).order_by("-year", "id")


@read_only("phụ lục", "Phụ lục của các kế hoạch người gọi được xem.")
class AppendixViewSet(ReadOnly):
    queryset = Appendix.objects.none()  # the model, for the schema; each request asks get_queryset()
    serializer_class = serializers.AppendixSerializer
    filterset_class = filters.AppendixFilter

    def get_queryset(self):
        return Appendix.objects.filter(plan__in=visible_plans(self.request.user).values("pk")).order_by(
            "plan", "position", "id"
        )


@read_only(
    "nhiệm vụ",
    "Nhiệm vụ người gọi được mở như trên trang tiến độ: mọi nhiệm vụ của kế hoạch mình quản lý; với cán bộ "
    "đơn vị, nhiệm vụ của kế hoạch đã ban hành mà đơn vị có vai trò. Kèm đơn vị được giao và các kỳ thực hiện.",
)
class TaskViewSet(ReadOnly):
    queryset = Task.objects.none()  # the model, for the schema; each request asks get_queryset()
    serializer_class = serializers.TaskSerializer
    filterset_class = filters.TaskFilter

    def get_queryset(self):
        return (
            visible_tasks(self.request.user)
            .select_related("appendix", "group")
            .prefetch_related(
                Prefetch("assignments", queryset=TaskAssignment.objects.order_by("role", "position")),
                Prefetch("occurrences", queryset=Occurrence.objects.order_by("due_on", "id")),
            )
            .order_by("appendix__plan_id", "appendix__position", "position", "id")
        )


def etag(occurrence: Occurrence) -> str:
    return f'"{occurrence.version}"'


def if_match(request) -> int | None:
    """The version the caller read (If-Match: "3"); None when absent or not a version."""
    value = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    return int(value) if value.isdigit() else None


MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='ETag của kỳ thực hiện khi đọc (ví dụ "3"): ai đó lưu trước thì trả 412.',
)


@read_only("kỳ thực hiện", "Kỳ thực hiện của các nhiệm vụ người gọi được mở; ETag là phiên bản của kỳ.")
class OccurrenceViewSet(ReadOnly):
    queryset = Occurrence.objects.none()  # the model, for the schema; each request asks get_queryset()
    serializer_class = serializers.OccurrenceSerializer
    filterset_class = filters.OccurrenceFilter

    def get_queryset(self):
        tasks = visible_tasks(self.request.user).values("pk")
        return Occurrence.objects.filter(task__in=tasks).order_by("task", "due_on", "id")

    def retrieve(self, request, *args, **kwargs):
        occurrence = self.get_object()
        return Response(self.get_serializer(occurrence).data, headers={"ETag": etag(occurrence)})

    def _stale(self, occurrence: Occurrence, error: ValidationError):
        occurrence.refresh_from_db()
        body = {**service_errors(error), "version": occurrence.version}
        return Response(body, status=http.HTTP_412_PRECONDITION_FAILED, headers={"ETag": etag(occurrence)})

    @extend_schema(
        summary="Báo cáo trạng thái kỳ thực hiện",
        description=(
            "Đơn vị chủ trì (hoặc thực hiện) báo cáo trạng thái, tiến độ và nội dung, như trên trang tiến độ. "
            "Cần khoá “Đọc và ghi” và tiêu đề If-Match; phiên bản cũ trả 412 kèm phiên bản hiện tại."
        ),
        parameters=[MATCH],
        request=serializers.StatusReportSerializer,
        responses={
            200: serializers.OccurrenceSerializer,
            400: OpenApiResponse(serializers.ProblemSerializer, description="Dữ liệu không hợp lệ."),
            **PROBLEMS,
            412: OpenApiResponse(serializers.StaleSerializer, description="Có người lưu trước: đọc lại."),
            428: OpenApiResponse(serializers.ProblemSerializer, description="Thiếu tiêu đề If-Match."),
        },
    )
    @action(detail=True, methods=["post"], serializer_class=serializers.StatusReportSerializer)
    def status(self, request, pk=None):
        occurrence = self.get_object()
        require(request.user, "tasks.update_status", occurrence.task)
        expected = if_match(request)
        if expected is None:
            return Response(
                {"detail": 'Cần tiêu đề If-Match với ETag của kỳ thực hiện vừa đọc (ví dụ If-Match: "3").'},
                status=http.HTTP_428_PRECONDITION_REQUIRED,
            )
        form = serializers.StatusReportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            progress.update_status(
                actor=request.user,
                occurrence=occurrence,
                status=data["status"],
                percent=data.get("percent"),
                reason=data["reason"],
                report=progress.Report(noted_on=data["noted_on"], note=data["note"]),
                expected_version=expected,
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "stale":
                return self._stale(occurrence, error)
            raise
        occurrence.refresh_from_db()
        return Response(serializers.OccurrenceSerializer(occurrence).data, headers={"ETag": etag(occurrence)})

    @extend_schema(
        summary="Gửi nội dung phối hợp",
        description="Đơn vị phối hợp gửi nội dung đóng góp cho kỳ thực hiện (không đổi trạng thái của đơn vị chủ trì).",
        request=serializers.ContributionSerializer,
        responses={
            201: serializers.ProgressUpdateSerializer,
            400: OpenApiResponse(serializers.ProblemSerializer, description="Dữ liệu không hợp lệ."),
            **PROBLEMS,
        },
    )
    @action(detail=True, methods=["post"], serializer_class=serializers.ContributionSerializer)
    def contributions(self, request, pk=None):
        occurrence = self.get_object()
        require(request.user, "tasks.add_contribution", occurrence.task)
        form = serializers.ContributionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        update = progress.add_contribution(
            actor=request.user,
            occurrence=occurrence,
            report=progress.Report(noted_on=data["noted_on"], note=data["note"]),
        )
        return Response(serializers.ProgressUpdateSerializer(update).data, status=http.HTTP_201_CREATED)


@read_only("cập nhật tiến độ", "Lịch sử báo cáo tiến độ và nội dung phối hợp của các nhiệm vụ người gọi được mở.")
class ProgressUpdateViewSet(ReadOnly):
    queryset = ProgressUpdate.objects.none()  # the model, for the schema; each request asks get_queryset()
    serializer_class = serializers.ProgressUpdateSerializer
    filterset_class = filters.ProgressUpdateFilter

    def get_queryset(self):
        tasks = visible_tasks(self.request.user).values("pk")
        return ProgressUpdate.objects.filter(task__in=tasks).select_related("author").order_by("-at", "-id")


@read_only("đơn vị", "Danh mục đơn vị (mọi người đã đăng nhập được xem).")
class UnitViewSet(ReadOnly):
    queryset = Unit.objects.none()  # the model, for the schema; each request asks get_queryset()
    serializer_class = serializers.UnitSerializer
    filterset_class = filters.UnitFilter

    def get_queryset(self):
        require(self.request.user, "units.view_units")
        return Unit.objects.order_by("id")


@read_only("danh hiệu, hình thức khen thưởng", "Danh mục theo Luật Thi đua, khen thưởng 2022 và nghị định hướng dẫn.")
class AwardTypeViewSet(ReadOnly):
    queryset = AwardType.objects.none()  # the model, for the schema; each request asks get_queryset()
    serializer_class = serializers.AwardTypeSerializer

    def get_queryset(self):
        require(self.request.user, "awards.view_catalogue")
        return AwardType.objects.order_by("position", "id")


@read_only("hồ sơ đề nghị khen thưởng", "Hồ sơ người gọi được xem như trên trang Khen thưởng.")
class DossierViewSet(ReadOnly):
    queryset = Dossier.objects.none()  # the model, for the schema; each request asks get_queryset()
    serializer_class = serializers.DossierSerializer
    filterset_class = filters.DossierFilter

    def get_queryset(self):
        return visible_dossiers(self.request.user).order_by("-year", "id")


@read_only("quyết định khen thưởng")
class DecisionViewSet(ReadOnly):
    queryset = Decision.objects.none()  # the model, for the schema; each request asks get_queryset()
    serializer_class = serializers.DecisionSerializer

    def get_queryset(self):
        require(self.request.user, "awards.view_decision")
        return Decision.objects.order_by("-issued_on", "id")


@read_only("thông báo", "Thông báo của chính người gọi.")
class NotificationViewSet(ReadOnly):
    queryset = Notification.objects.none()  # the model, for the schema; each request asks get_queryset()
    serializer_class = serializers.NotificationSerializer

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user)
