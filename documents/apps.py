from django.apps import AppConfig
from django.db.models.signals import post_delete


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "văn bản"

    def ready(self):
        from plans.models import Plan

        from .services import forget_plan_pdf

        # A stored PDF names its plan by key, not by foreign key, so no cascade removes it.
        post_delete.connect(forget_plan_pdf, sender=Plan, dispatch_uid="documents-forget-plan-pdf")
