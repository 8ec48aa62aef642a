from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app, for wiring that spans the other apps."""

    name = "tdkt_portal"
    verbose_name = "Cổng thi đua, khen thưởng"

    def ready(self):
        from . import stored_files

        stored_files.connect()
