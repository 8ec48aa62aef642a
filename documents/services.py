"""Stored PDFs: the latest PDF of a document, kept under a key while the version it was drawn
from is current. The app whose document it is names the key and the version, and decides when
the PDF goes (plans.printing does for a plan).

Storing a PDF is a cache fill, not a change anyone made, so it writes no activity log row.
"""

from django.core.files.base import ContentFile
from django.db import transaction

from .models import RenderedDocument
from .rendering import Pdf


def stored_pdf(key: str, version: str) -> RenderedDocument | None:
    return RenderedDocument.objects.filter(key=key, version=version).first()


@transaction.atomic
def store_pdf(key: str, version: str, pdf: Pdf, filename: str) -> RenderedDocument:
    """Keep `pdf` as the document's PDF for `version`, replacing the one of an older version
    (whose file is deleted once this commits)."""
    document = RenderedDocument.objects.select_for_update().filter(key=key).first()
    old_file = document.file.name if document and document.file else None
    if document is None:
        document = RenderedDocument(key=key)
    document.version = version
    document.page_count = pdf.page_count
    document.size = len(pdf.content)
    document.file.save(filename, ContentFile(pdf.content), save=False)
    document.save()
    if old_file and old_file != document.file.name:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return document


def forget_pdf(key: str) -> None:
    """The document is gone: so is its stored PDF (its file after commit: tdkt_portal.stored_files)."""
    RenderedDocument.objects.filter(key=key).delete()
