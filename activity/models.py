from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ActivityQuerySet(models.QuerySet):
    def for_context(self, obj, *also):
        """The rows whose context is ``obj`` (or, for a record that travelled — a dossier
        forwarded upward —, any of ``also`` of the same model), newest first by the model's order."""
        return self.filter(
            context_type=ContentType.objects.get_for_model(obj), context_id__in=[obj.pk, *(o.pk for o in also)]
        ).select_related("actor")


class ActivityLog(models.Model):
    """One row per change made through a service: who, when, what, before and after.

    `target` is the row that changed; `context` is the record whose history it belongs to
    (a task edit shows in its plan's history).

    Rows are only ever added. Nothing deleted elsewhere takes a row along or rewrites it: the
    target and context are generic (a deleted plan's history stays, naming its id), and the
    account and content types a row names are protected, so an account that acted is deactivated
    rather than deleted. PostgreSQL refuses UPDATE and DELETE on the table (migration 0003).
    """

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("thao tác", max_length=50)
    summary = models.CharField("nội dung", max_length=500)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    context_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    context_id = models.PositiveBigIntegerField()
    before = models.JSONField("trước", null=True, blank=True)
    after = models.JSONField("sau", null=True, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "nhật ký thao tác"
        verbose_name_plural = "nhật ký thao tác"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["context_type", "context_id", "-at"])]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor}: {self.summary}"
