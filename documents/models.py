from django.core.validators import RegexValidator
from django.db import models

from .parts import date_text, text_lines


# Decree 30/2020, appendix I: "Số" is digits only; "ký hiệu" is the document type's abbreviation
# joined by "-" to the issuer's (KH-UBND, QĐ-SGDĐT). The message shows an example of the document's own.
def number_validator(example: str = "196") -> RegexValidator:
    return RegexValidator(r"^\d+$", f"Số văn bản chỉ gồm chữ số, ví dụ {example}.")


def symbol_validator(example: str) -> RegexValidator:
    return RegexValidator(
        r"^[A-ZĐ][A-ZĐa-z0-9]*(-[A-ZĐ0-9][A-ZĐa-z0-9]*)*$",
        f"Ký hiệu viết liền, các phần nối bằng “-”, ví dụ {example}.",
    )


class OfficialDocument(models.Model):
    """The header and closing every printed document of the portal carries (Decree 30/2020):
    issuing body, number and symbol, place and date, subject, legal bases, recipients and signer.

    Each concrete document (a plan, an award decision…) adds its issuing unit — a registry unit,
    which this library does not know — and what is its own; it may tighten a field (a decision
    always has its number and date) by declaring it again.
    """

    parent_body_line = models.CharField(
        "cơ quan chủ quản",
        max_length=200,
        blank=True,
        help_text="Dòng trên cùng bên trái, ví dụ “UBND TỈNH CAO BẰNG”; để trống với UBND tỉnh.",
    )
    issuing_body_line = models.CharField(
        "tên cơ quan ban hành (in trên văn bản)",
        max_length=200,
        help_text="Chữ in hoa; xuống dòng ở chỗ văn bản gốc xuống dòng.",
    )
    number = models.CharField("số", max_length=10, blank=True, validators=[number_validator()])
    symbol = models.CharField("ký hiệu", max_length=30, validators=[symbol_validator("KH-UBND")])
    place = models.CharField("địa danh", max_length=100)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    title = models.CharField("trích yếu", max_length=500)
    legal_bases = models.TextField("căn cứ", blank=True, help_text="Mỗi căn cứ một dòng.")
    recipients = models.TextField("nơi nhận", blank=True, help_text="Mỗi nơi nhận một dòng.")
    signer_authority = models.CharField("thẩm quyền ký", max_length=100)
    signer_position = models.CharField("chức vụ người ký", max_length=100)
    signer_name = models.CharField("người ký", max_length=100, blank=True)

    class Meta:
        abstract = True

    @property
    def reference(self) -> str:
        """ "196/KH-UBND", or "    /KH-UBND" for a draft without its number."""
        return f"{self.number or '    '}/{self.symbol}"

    @property
    def legal_basis_lines(self) -> list[str]:
        return text_lines(self.legal_bases)

    @property
    def recipient_lines(self) -> list[str]:
        return text_lines(self.recipients)

    @property
    def date_line(self) -> str:
        """ "Hưng Yên, ngày 24 tháng 12 năm 2024", as Decree 30 writes it."""
        return f"{self.place}, {date_text(self.issued_on)}"


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


class SignedDocument(models.Model):
    """A document as the organisation signed it (documents.signing): the file is never drawn
    again, and its SHA-256 lets anyone holding a copy tell it is this one."""

    key = models.CharField("văn bản", max_length=100, db_index=True)
    file = models.FileField("tệp PDF đã ký số", upload_to="van-ban-ky-so/")
    sha256 = models.CharField("mã băm SHA-256", max_length=64, unique=True)
    size = models.PositiveIntegerField("dung lượng (byte)")
    organisation = models.CharField("cơ quan ký", max_length=300)
    signed_at = models.DateTimeField("ký lúc", auto_now_add=True)

    class Meta:
        verbose_name = "văn bản đã ký số"
        verbose_name_plural = "văn bản đã ký số"
        ordering = ["-signed_at"]

    def __str__(self):
        return f"{self.key} ({self.signed_at:%d/%m/%Y %H:%M})"


class TrustedRoot(models.Model):
    """A root certificate the portal trusts when it checks the signatures on uploaded PDFs (the
    national root CAs, loaded by an admin from the files their operators publish)."""

    name = models.CharField("tên", max_length=200, blank=True, help_text="Để trống: lấy tên ghi trong chứng thư.")
    certificate = models.BinaryField("chứng thư gốc (DER)")
    fingerprint = models.CharField("dấu vân tay SHA-256", max_length=64, unique=True)
    valid_until = models.DateTimeField("hiệu lực đến")
    added_at = models.DateTimeField("thêm lúc", auto_now_add=True)

    class Meta:
        verbose_name = "chứng thư gốc tin cậy"
        verbose_name_plural = "chứng thư gốc tin cậy"
        ordering = ["name"]

    def __str__(self):
        return self.name
