from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from common.admin import ShownOnly

from .models import RenderedDocument, SignedDocument, TrustedRoot
from .services import trusted_root_from


@admin.register(RenderedDocument)
class RenderedDocumentAdmin(admin.ModelAdmin):
    list_display = ["key", "version", "page_count", "size", "rendered_at"]
    search_fields = ["key"]
    readonly_fields = ["key", "version", "file", "page_count", "size", "rendered_at"]


@admin.register(SignedDocument)
class SignedDocumentAdmin(ShownOnly, admin.ModelAdmin):
    """A signed file is what was signed: nobody replaces or removes it here."""

    list_display = ["key", "organisation", "signed_at", "size", "sha256"]
    search_fields = ["key", "sha256", "organisation"]


class TrustedRootForm(forms.ModelForm):
    """A root is added from its file; what it says (fingerprint, validity) is read, never typed."""

    upload = forms.FileField(label="Tệp chứng thư gốc (.cer, .crt, .pem, .der)")

    class Meta:
        model = TrustedRoot
        fields = ["name"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload is not None:
            try:
                root = trusted_root_from(name=cleaned.get("name", ""), data=upload.read(1024 * 1024))
            except ValidationError as error:
                self.add_error("upload", error)
            else:
                for field in ("name", "certificate", "fingerprint", "valid_until"):
                    setattr(self.instance, field, getattr(root, field))
        return cleaned


@admin.register(TrustedRoot)
class TrustedRootAdmin(admin.ModelAdmin):
    list_display = ["name", "valid_until", "fingerprint", "added_at"]
    search_fields = ["name", "fingerprint"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = TrustedRootForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return ["fingerprint", "valid_until", "added_at"] if obj else []

    def get_fields(self, request, obj=None):
        return ["name", "fingerprint", "valid_until", "added_at"] if obj else ["name", "upload"]
