"""Certificate layouts (where each field lands on a pre-printed stock) and the register of what
was printed (sổ theo dõi cấp phát)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from awards.models import AwardType, Decision, Nominee
from units.models import Unit

from . import fonts


class PageSize(models.TextChoices):
    A4 = "A4", "A4 (210 × 297 mm)"
    A3 = "A3", "A3 (297 × 420 mm)"


# Portrait width and height in millimetres.
PAGE_MM = {PageSize.A4: (210, 297), PageSize.A3: (297, 420)}


class Orientation(models.TextChoices):
    PORTRAIT = "portrait", "Dọc"
    LANDSCAPE = "landscape", "Ngang"


class FieldKey(models.TextChoices):
    RECIPIENT = "recipient", "Họ tên người, tên tập thể được khen"
    POSITION = "position", "Chức vụ, đơn vị công tác (hoặc tên tập thể)"
    ACHIEVEMENT = "achievement", "Dòng thành tích"
    DECISION = "decision", "Số, ngày quyết định"
    PLACE_DATE = "place_date", "Địa danh, ngày tháng"
    SIGNER_AUTHORITY = "signer_authority", "Thẩm quyền ký (KT., TM.)"
    SIGNER_POST = "signer_post", "Chức vụ người ký"
    SIGNER_NAME = "signer_name", "Họ tên người ký"
    REGISTER = "register", "Số vào sổ"


class Face(models.TextChoices):
    SERIF = fonts.SERIF, "Liberation Serif (chữ chân)"
    SCRIPT = fonts.SCRIPT, "Great Vibes (chữ viết tay trang trí)"


class Align(models.TextChoices):
    LEFT = "left", "Trái"
    CENTER = "center", "Giữa"
    RIGHT = "right", "Phải"


MM = dict(max_digits=6, decimal_places=1)


class Layout(models.Model):
    """Where the text of one award type's certificate lands on one deciding unit's stock."""

    award_type = models.ForeignKey(
        AwardType, verbose_name="danh hiệu, hình thức", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="cơ quan quyết định",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Cơ quan ban hành quyết định (mỗi cơ quan có phôi riêng).",
    )
    name = models.CharField("tên mẫu", max_length=200)
    page_size = models.CharField("khổ giấy", max_length=4, choices=PageSize.choices, default=PageSize.A4)
    orientation = models.CharField(
        "chiều giấy", max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    offset_x_mm = models.DecimalField(
        "dịch ngang (mm)", **MM, default=Decimal(0), help_text="Bù lệch của máy in: dương là sang phải."
    )
    offset_y_mm = models.DecimalField(
        "dịch dọc (mm)", **MM, default=Decimal(0), help_text="Bù lệch của máy in: dương là xuống dưới."
    )
    min_size_pt = models.DecimalField(
        "cỡ chữ nhỏ nhất (pt)",
        **MM,
        default=Decimal(9),
        validators=[MinValueValidator(Decimal(4))],
        help_text="Chữ dài được thu nhỏ để vừa bề rộng, không nhỏ hơn cỡ này.",
    )
    stock_scan = models.ImageField(
        "ảnh quét phôi trắng",
        upload_to="phoi/",
        blank=True,
        help_text="Chỉ dùng để xem trước khi căn chỉnh; không bao giờ được in ra.",
    )

    class Meta:
        verbose_name = "mẫu in phôi"
        verbose_name_plural = "mẫu in phôi"
        ordering = ["unit__name", "award_type__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["award_type", "unit"],
                name="certificate_layout_unique",
                violation_error_message="Cơ quan này đã có mẫu in cho danh hiệu, hình thức này.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def page_mm(self) -> tuple[int, int]:
        width, height = PAGE_MM[self.page_size]
        return (height, width) if self.orientation == Orientation.LANDSCAPE else (width, height)


class LayoutField(models.Model):
    """One text on the certificate: its box starts `x_mm` from the left edge, its baseline lies
    `y_mm` from the top edge, and it is at most `max_width_mm` wide."""

    layout = models.ForeignKey(Layout, on_delete=models.CASCADE, related_name="fields")
    key = models.CharField("nội dung", max_length=20, choices=FieldKey.choices)
    x_mm = models.DecimalField("cách lề trái (mm)", **MM, validators=[MinValueValidator(Decimal(0))])
    y_mm = models.DecimalField("chân dòng cách mép trên (mm)", **MM, validators=[MinValueValidator(Decimal(0))])
    max_width_mm = models.DecimalField("rộng tối đa (mm)", **MM, validators=[MinValueValidator(Decimal(5))])
    face = models.CharField("phông chữ", max_length=10, choices=Face.choices, default=Face.SERIF)
    size_pt = models.DecimalField(
        "cỡ chữ (pt)", **MM, validators=[MinValueValidator(Decimal(4)), MaxValueValidator(Decimal(96))]
    )
    bold = models.BooleanField("đậm", default=False)
    italic = models.BooleanField("nghiêng", default=False)
    uppercase = models.BooleanField("in hoa", default=False)
    align = models.CharField("căn lề", max_length=10, choices=Align.choices, default=Align.CENTER)

    class Meta:
        verbose_name = "trường in"
        verbose_name_plural = "trường in"
        ordering = ["layout", "y_mm", "x_mm"]
        constraints = [
            models.UniqueConstraint(
                fields=["layout", "key"],
                name="certificate_field_unique",
                violation_error_message="Mỗi nội dung chỉ đặt một lần trên mẫu.",
            )
        ]

    def __str__(self):
        return self.get_key_display()

    def clean(self):
        if self.face == Face.SCRIPT and (self.bold or self.italic):
            raise ValidationError(
                {"face": "Phông Great Vibes chỉ có một kiểu chữ: bỏ chọn đậm, nghiêng cho trường này."}
            )
        layout = getattr(self, "layout", None)
        if layout is not None and self.x_mm is not None and self.max_width_mm is not None:
            width, height = layout.page_mm
            if self.x_mm + self.max_width_mm > width:
                raise ValidationError(
                    {"max_width_mm": f"Trường vượt ra ngoài mép phải của khổ giấy (rộng {width} mm)."}
                )
            if self.y_mm is not None and self.y_mm > height:
                raise ValidationError({"y_mm": f"Trường nằm ngoài mép dưới của khổ giấy (cao {height} mm)."})


class IssueQuerySet(models.QuerySet):
    def originals(self):
        return self.filter(reprint_of__isnull=True)


class Issue(models.Model):
    """One line of the register: a certificate printed for an awarded nominee, first or again."""

    unit = models.ForeignKey(
        Unit, verbose_name="cơ quan quyết định", on_delete=models.PROTECT, related_name="+", editable=False
    )
    number = models.PositiveIntegerField("số vào sổ", editable=False)
    decision = models.ForeignKey(
        Decision, verbose_name="quyết định", on_delete=models.PROTECT, related_name="+", editable=False
    )
    nominee = models.ForeignKey(
        Nominee, verbose_name="người, tập thể được khen", on_delete=models.PROTECT, related_name="+", editable=False
    )
    recipient = models.CharField("họ tên, tên tập thể", max_length=255, editable=False)
    reprint_of = models.ForeignKey(
        "self",
        verbose_name="in lại của",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reprints",
        editable=False,
    )
    printed_at = models.DateTimeField("ngày in", auto_now_add=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người in",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = "sổ theo dõi cấp phát"
        verbose_name_plural = "sổ theo dõi cấp phát"
        ordering = ["unit", "number", "printed_at", "id"]
        constraints = [
            # A number is given once in a unit's sequence; reprints repeat it.
            models.UniqueConstraint(
                fields=["unit", "number"], condition=Q(reprint_of__isnull=True), name="certificate_number_unique"
            ),
            models.UniqueConstraint(
                fields=["nominee"], condition=Q(reprint_of__isnull=True), name="certificate_one_original"
            ),
        ]

    def __str__(self):
        return f"Số {self.number} – {self.recipient}"

    @property
    def is_reprint(self) -> bool:
        return self.reprint_of_id is not None
