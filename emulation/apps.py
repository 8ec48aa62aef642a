from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = "Hoạt động cụm, khối thi đua"
