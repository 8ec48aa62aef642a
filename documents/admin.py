from django.contrib import admin

from .models import RenderedDocument


@admin.register(RenderedDocument)
class RenderedDocumentAdmin(admin.ModelAdmin):
    list_display = ["key", "version", "page_count", "size", "rendered_at"]
    search_fields = ["key"]
    readonly_fields = ["key", "version", "file", "page_count", "size", "rendered_at"]
