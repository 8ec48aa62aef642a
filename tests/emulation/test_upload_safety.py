"""Score evidence and criteria workbooks: what is refused, what is kept, how it is served back."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from emulation import services, workbook
from emulation.models import Score, ScoreEvidence
from tests.common.samples import (
    CONTENT_TYPES,
    GOOD_FILES,
    GOOD_PDF,
    LONG_NAME,
    LONG_NAME_SHOWN,
    REFUSED_DOCUMENTS,
    REFUSED_WORKBOOKS,
    served,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def add(block, name, content):
    return services.add_evidence(
        actor=block.alpha_user,
        table=block.table,
        unit=block.alpha,
        criterion=block.c1,
        upload=SimpleUploadedFile(name, content),
    )


@pytest.mark.parametrize(("name", "content", "message"), list(REFUSED_DOCUMENTS.values()), ids=list(REFUSED_DOCUMENTS))
def test_dangerous_evidence_is_refused_with_its_reason_and_nothing_is_stored(block, name, content, message):
    with pytest.raises(ValidationError) as caught:
        add(block, name, content)
    assert caught.value.messages == [message]
    assert (Score.objects.count(), ScoreEvidence.objects.count()) == (0, 0)


@pytest.mark.parametrize(("name", "content", "message"), list(REFUSED_WORKBOOKS.values()), ids=list(REFUSED_WORKBOOKS))
def test_a_dangerous_criteria_workbook_is_refused_with_its_reason(block, name, content, message):
    with pytest.raises(ValidationError) as caught:
        workbook.read_criteria(SimpleUploadedFile(name, content))
    assert caught.value.messages == [message]


@pytest.mark.parametrize(("name", "content"), list(GOOD_FILES.items()), ids=list(GOOD_FILES))
def test_every_accepted_kind_is_kept_under_a_name_we_make(block, name, content):
    evidence = add(block, name, content)
    ext = {"jpeg": "jpg"}.get(name.rsplit(".", 1)[-1], name.rsplit(".", 1)[-1])
    year = timezone.localdate().year
    assert re.fullmatch(rf"emulation/evidence/{year}/[0-9a-f]{{32}}\.{ext}", evidence.file.name)
    assert (evidence.original_name, evidence.kind, evidence.file.read()) == (
        name,
        {"jpg": "jpeg"}.get(ext, ext),
        content,
    )


def test_a_250_character_name_is_kept_shortened(block):
    evidence = add(block, LONG_NAME, GOOD_PDF)
    assert evidence.original_name == LONG_NAME_SHOWN
    assert len(evidence.original_name) == 120 and evidence.original_name.endswith(".pdf")


@pytest.mark.parametrize(("name", "content"), list(GOOD_FILES.items()), ids=list(GOOD_FILES))
def test_evidence_downloads_as_an_attachment_typed_from_its_content(client, block, name, content):
    evidence = add(block, name, content)
    client.force_login(block.leader_user)
    response = client.get(reverse("emulation:evidence", kwargs={"evidence_id": evidence.pk}))
    assert served(response) == (
        f'attachment; filename="{name.replace(".jpeg", ".jpg")}"',
        CONTENT_TYPES[name.rsplit(".", 1)[-1]],
        "nosniff",
        content,
    )


def test_evidence_stored_before_under_the_uploaders_name_downloads_as_what_it_is(client, block):
    score = Score.objects.create(criterion=block.c1, unit=block.alpha)
    path = default_storage.save("emulation/evidence/2025/ke-hoach.hta", ContentFile(GOOD_PDF))
    old = ScoreEvidence.objects.create(score=score, file=path, original_name="ke-hoach.hta")
    client.force_login(block.alpha_user)
    response = client.get(reverse("emulation:evidence", kwargs={"evidence_id": old.pk}))
    assert served(response) == ('attachment; filename="ke-hoach.pdf"', "application/pdf", "nosniff", GOOD_PDF)
