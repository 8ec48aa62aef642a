from django.apps import AppConfig
from django.db.models.signals import post_delete


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Kế hoạch"

    def ready(self):
        from .models import Plan
        from .printing import forget_plan_pdf

        # A deleted plan's stored PDF goes too (documents.RenderedDocument, kept by key).
        post_delete.connect(forget_plan_pdf, sender=Plan, dispatch_uid="plans.forget_plan_pdf")
