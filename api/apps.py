from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Kết nối hệ thống khác (API, lịch, webhook)"

    def ready(self):
        from . import schema  # noqa: F401  (registers the API key with drf-spectacular)
        from .webhooks import connect

        connect()
