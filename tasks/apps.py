from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = "Nhiệm vụ"

    def ready(self):
        from plans.signals import plan_copied, plan_issued

        from .copying import on_plan_copied
        from .notices import on_plan_issued
        from .reminders import on_plan_issued as wake_issued_plan
        from .schedule import install_beat_schedule

        post_migrate.connect(install_beat_schedule, sender=self, dispatch_uid="tasks.install_beat_schedule")
        # Units hear about their tasks the moment a plan is issued, in the issuing transaction.
        plan_issued.connect(on_plan_issued, dispatch_uid="tasks.announce_plan_issued")
        # Its occurrences parked by sweeps while it was a draft are due for the next sweep.
        plan_issued.connect(wake_issued_plan, dispatch_uid="tasks.wake_issued_plan")
        # A plan copied to next year brings its appendices' groups and tasks, in the same transaction.
        plan_copied.connect(on_plan_copied, dispatch_uid="tasks.copy_plan_rows")
