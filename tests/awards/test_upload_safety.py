"""Dossier papers: what is refused, what is kept and under which name, how it is served back."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services
from awards.models import Attachment
from tests.common.samples import (
    CONTENT_TYPES,
    GOOD_FILES,
    GOOD_PDF,
    LONG_NAME,
    LONG_NAME_SHOWN,
    REFUSED_DOCUMENTS,
    served,
)

from .conftest import make_dossier


@pytest.fixture
def dossier(world):
    return make_dossier(world, nominees=())


def attach(world, dossier, name, content):
    return services.add_attachment(
        actor=world.officer, dossier=dossier, uploaded=SimpleUploadedFile(name, content), kind="khac"
    )


@pytest.mark.parametrize(("name", "content", "message"), list(REFUSED_DOCUMENTS.values()), ids=list(REFUSED_DOCUMENTS))
def test_a_dangerous_paper_is_refused_with_its_reason_and_nothing_is_stored(world, dossier, name, content, message):
    before = Attachment.objects.count()
    with pytest.raises(ValidationError) as caught:
        attach(world, dossier, name, content)
    assert caught.value.messages == [message]
    assert Attachment.objects.count() == before


@pytest.mark.parametrize(("name", "content"), list(GOOD_FILES.items()), ids=list(GOOD_FILES))
def test_every_accepted_kind_is_kept_under_a_name_we_make(world, dossier, name, content):
    attachment = attach(world, dossier, name, content)
    ext = {"jpeg": "jpg"}.get(name.rsplit(".", 1)[-1], name.rsplit(".", 1)[-1])
    assert re.fullmatch(rf"awards/{dossier.pk}/[0-9a-f]{{32}}\.{ext}", attachment.file.name)
    assert (attachment.original_name, attachment.file.read()) == (name, content)


def test_a_250_character_name_is_kept_shortened(world, dossier):
    attachment = attach(world, dossier, LONG_NAME, GOOD_PDF)
    assert attachment.original_name == LONG_NAME_SHOWN
    assert len(attachment.original_name) == 120 and attachment.original_name.endswith(".pdf")


@pytest.mark.parametrize(("name", "content"), list(GOOD_FILES.items()), ids=list(GOOD_FILES))
def test_a_paper_downloads_as_an_attachment_typed_from_its_content(client, world, dossier, name, content):
    attachment = attach(world, dossier, name, content)
    client.force_login(world.officer)
    response = client.get(reverse("awards:attachment", args=[dossier.pk, attachment.pk]))
    assert served(response) == (
        f'attachment; filename="{name.replace(".jpeg", ".jpg")}"',
        CONTENT_TYPES[name.rsplit(".", 1)[-1]],
        "nosniff",
        content,
    )


def test_a_paper_stored_before_this_check_downloads_as_what_it_is(client, world, dossier):
    # Papers were stored as awards/<dossier>/<uuid> with no extension; one named .html was a page.
    page = b"<!DOCTYPE html><html><script>fetch('/quan-tri/')</script></html>"
    path = default_storage.save(f"awards/{dossier.pk}/0123456789abcdef", ContentFile(page))
    old = Attachment.objects.create(
        dossier=dossier, kind="khac", file=path, original_name="Tờ trình.html", content_kind="pdf", size=len(page)
    )
    client.force_login(world.officer)
    response = client.get(reverse("awards:attachment", args=[dossier.pk, old.pk]))
    assert served(response) == (
        "attachment; filename*=utf-8''T%E1%BB%9D%20tr%C3%ACnh.bin",
        "application/octet-stream",
        "nosniff",
        page,
    )
