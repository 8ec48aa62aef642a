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


# The written opinion of an absent council member: the secretary uploads the signed paper.


@pytest.fixture
def voting_session(world, catalogue):
    from awards.models import AwardType

    from .conftest import make_ready

    AwardType.objects.filter(code="lao-dong-tien-tien").update(written_opinions_count=True)
    dossier = make_ready(world)
    services.schedule_dossier(actor=world.staff, dossier=dossier, session=world.session)
    services.open_voting(actor=world.secretary, session=world.session)
    return world.session, dossier.nominees.get()


@pytest.mark.parametrize(("name", "content", "message"), list(REFUSED_DOCUMENTS.values()), ids=list(REFUSED_DOCUMENTS))
def test_a_dangerous_written_opinion_is_refused_and_nothing_is_counted(world, voting_session, name, content, message):
    from awards.models import BallotBox, BallotReceipt, CouncilMember, WrittenOpinion

    session, nominee = voting_session
    member = CouncilMember.objects.get(user=world.members[9])
    with pytest.raises(ValidationError) as caught:
        services.record_written_opinion(
            actor=world.secretary,
            session=session,
            member=member,
            choices={nominee.pk: "dong_y"},
            paper=SimpleUploadedFile(name, content),
        )
    assert caught.value.messages == [message]
    assert not WrittenOpinion.objects.exists() and not BallotReceipt.objects.exists()
    assert BallotBox.objects.get(nominee=nominee).approvals == 0


def test_a_written_opinion_is_kept_under_a_name_we_make(world, voting_session):
    from awards.models import CouncilMember

    session, nominee = voting_session
    opinion = services.record_written_opinion(
        actor=world.secretary,
        session=session,
        member=CouncilMember.objects.get(user=world.members[9]),
        choices={nominee.pk: "dong_y"},
        paper=SimpleUploadedFile(LONG_NAME, GOOD_PDF),
    )
    assert re.fullmatch(rf"awards/phien-hop/{session.pk}/[0-9a-f]{{32}}\.pdf", opinion.paper.name)
    assert opinion.original_name == LONG_NAME_SHOWN
