from django.db import models


class RenderedDocument(models.Model):
    """The latest PDF of one document (e.g. "plan-12"), kept while what it was drawn from is unchanged.

    `version` names the source version and the layout revision together: a changed plan or a
    changed layout makes the stored PDF stale, and the next request draws it again.
    """

    key = models.CharField("văn bản", max_length=100, unique=True)
    version = models.CharField("phiên bản", max_length=40)
    file = models.FileField("tệp PDF", upload_to="van-ban/")
    page_count = models.PositiveIntegerField("số trang")
    size = models.PositiveIntegerField("dung lượng (byte)")
    rendered_at = models.DateTimeField("tạo lúc", auto_now=True)

    class Meta:
        verbose_name = "bản PDF đã tạo"
        verbose_name_plural = "bản PDF đã tạo"

    def __str__(self):
        return f"{self.key} ({self.version})"
