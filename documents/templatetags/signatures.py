"""Beside an uploaded file, what its digital signatures say: {% signature_note attachment.file %}
("Đã ký số bởi … lúc …", or that it was changed after signing, or that its CA is not trusted)."""

from django import template

from documents.services import signature_checks_of

register = template.Library()


@register.inclusion_tag("documents/_signature_note.html")
def signature_note(stored_file):
    return {"checks": signature_checks_of(stored_file)}
