import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ xử lý"
    RUNNING = "running", "Đang xử lý"
    SUCCEEDED = "succeeded", "Hoàn thành"
    FAILED = "failed", "Không thành công"


class Job(models.Model):
    """One piece of slow work (a big import, a big PDF) that a person waits for on a page.

    Progress is written with queryset updates outside any transaction so the waiting page sees
    it while the work goes on.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("loại", max_length=60)
    title = models.CharField("công việc", max_length=300)
    func = models.CharField("hàm xử lý", max_length=200)
    params = models.JSONField("tham số", default=dict, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="jobs",
        verbose_name="người yêu cầu",
    )
    status = models.CharField("trạng thái", max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    message = models.TextField("thông báo", blank=True)
    result = models.JSONField("kết quả", default=dict, blank=True)
    result_file = models.FileField("tệp kết quả", upload_to="jobs/%Y/%m/", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    started_at = models.DateTimeField("bắt đầu lúc", null=True, blank=True)
    finished_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "công việc xử lý nền"
        verbose_name_plural = "công việc xử lý nền"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    def report(self, percent: int, message: str = "") -> None:
        """Tell the waiting page how far the work is (0–100) and what it is doing."""
        self.progress = max(0, min(100, int(percent)))
        fields = {"progress": self.progress}
        if message:
            self.message = fields["message"] = message
        Job.objects.filter(pk=self.pk).update(**fields)

    def attach(self, name: str, content: bytes) -> None:
        """Keep a produced file (a PDF, a workbook) for the owner to download."""
        self.result_file.save(name, ContentFile(content), save=False)
        Job.objects.filter(pk=self.pk).update(result_file=self.result_file.name)

    def mark(self, status: str, *, message: str | None = None, **extra) -> None:
        now = timezone.now()
        fields = {"status": status, **extra}
        if status == JobStatus.RUNNING:
            fields["started_at"] = now
        if status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
            fields["finished_at"] = now
        if status == JobStatus.SUCCEEDED:
            fields["progress"] = 100
        if message is not None:
            fields["message"] = message
        for field, value in fields.items():
            setattr(self, field, value)
        Job.objects.filter(pk=self.pk).update(**fields)
