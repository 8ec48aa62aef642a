"""Every refusal of the API as JSON with a Vietnamese `detail`: 401 for a missing, unknown or
revoked key, 403 outside the user's rights or the key's scope, 400 for what the services refuse,
429 (with Retry-After) when a key calls more often than its limit (api/throttling.py)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

MESSAGES = {
    exceptions.NotAuthenticated: "Cần đăng nhập hoặc gửi khoá API (tiêu đề “Authorization: Token <khoá>”).",
    exceptions.NotFound: "Không tìm thấy, hoặc bạn không có quyền xem.",
    exceptions.MethodNotAllowed: "Địa chỉ này không nhận phương thức {method}.",
    exceptions.NotAcceptable: "Không trả lời được theo định dạng yêu cầu (tiêu đề Accept).",
    exceptions.UnsupportedMediaType: "Không đọc được dữ liệu kiểu “{media_type}”: hãy gửi JSON.",
    exceptions.ParseError: "Dữ liệu gửi lên không đúng định dạng JSON.",
}


def service_errors(error: ValidationError) -> dict:
    if hasattr(error, "error_dict"):
        fields = {name: [m for e in errors for m in e.messages] for name, errors in error.error_dict.items()}
        return {"detail": " ".join(m for ms in fields.values() for m in ms), "errors": fields}
    return {"detail": " ".join(error.messages)}


def handle(exc, context):
    if isinstance(exc, ValidationError):
        return Response(service_errors(exc), status=status.HTTP_400_BAD_REQUEST)
    response = exception_handler(exc, context)
    if response is None:
        return None
    message = MESSAGES.get(exceptions.NotFound if isinstance(exc, Http404) else type(exc))
    if message is not None:
        request = context.get("request")
        media_type = exc.args[0] if isinstance(exc, exceptions.UnsupportedMediaType) and exc.args else ""
        response.data = {"detail": message.format(method=getattr(request, "method", ""), media_type=media_type)}
    throttle = getattr(context.get("request"), "throttled_by", None)
    if isinstance(exc, exceptions.Throttled) and throttle is not None:
        response.data = {"detail": throttle.message(exc.wait or 1)}
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail) == str(
        exceptions.PermissionDenied.default_detail
    ):
        response.data = {"detail": "Bạn không có quyền thực hiện thao tác này."}
    if isinstance(exc, exceptions.ValidationError) and not isinstance(response.data, dict):
        response.data = {"detail": " ".join(map(str, response.data)), "errors": response.data}
    elif isinstance(exc, exceptions.ValidationError) and "detail" not in response.data:
        flat = [f"{name}: {m}" for name, ms in response.data.items() for m in (ms if isinstance(ms, list) else [ms])]
        response.data = {"detail": "Dữ liệu chưa hợp lệ — " + "; ".join(map(str, flat)), "errors": response.data}
    return response
