from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = "Nhiệm vụ"

    def ready(self):
        from .schedule import install_beat_schedule

        post_migrate.connect(install_beat_schedule, sender=self, dispatch_uid="tasks.install_beat_schedule")
