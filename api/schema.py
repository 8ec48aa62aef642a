"""How the OpenAPI schema describes the API key (drf-spectacular extension, loaded in ApiConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "khoaApi"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Khoá API tạo ở trang “Tài khoản”, gửi dạng `Token <khoá>`.",
        }


def document_throttling(result, generator, request, public):
    """Every operation may answer 429 when the key calls too often (api/throttling.py): said once
    here rather than on each view. A postprocessing hook (SPECTACULAR_SETTINGS)."""
    throttled = {
        "description": "Khoá API gọi quá số lần cho phép; thử lại sau số giây trong Retry-After.",
        "headers": {
            "Retry-After": {
                "schema": {"type": "integer"},
                "description": "Số giây cần chờ trước khi gọi lại.",
            }
        },
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].setdefault("429", throttled)
    return result
