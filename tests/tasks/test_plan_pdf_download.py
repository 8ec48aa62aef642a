"""A stored plan PDF is served like every other file: saved, typed from its content, nosniff."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from documents.models import RenderedDocument
from plans import printing
from tests.common.samples import served
from tests.factories import UserFactory, big_plan, pdf_bytes


@pytest.mark.django_db
def test_the_stored_pdf_of_a_plan_downloads_as_a_pdf_attachment(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = big_plan(1, title="Công tác thi đua, khen thưởng năm 2025")
    document = RenderedDocument(key=printing.plan_key(plan), version=printing.plan_version(plan), page_count=1)
    document.size = len(pdf_bytes())
    document.file.save(f"ke-hoach-{plan.pk}.pdf", ContentFile(pdf_bytes()))
    client.force_login(UserFactory())
    response = client.get(reverse("tasks:plan_pdf", args=[plan.pk]))
    assert served(response) == (
        f'attachment; filename="{printing.plan_filename(plan)}"',
        "application/pdf",
        "nosniff",
        pdf_bytes(),
    )
