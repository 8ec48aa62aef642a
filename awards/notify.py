"""E-mail to the people a change concerns, sent only once the change has committed.

Text comes from templates/awards/email/<name>.txt (first line is the subject), in Vietnamese.
Each recipient gets their own message: council members do not see each other's addresses.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string

from units.models import Role, User


def unit_people(dossier) -> list[User]:
    users = {u.pk: u for u in User.objects.filter(unit_id=dossier.unit_id, role=Role.UNIT_OFFICER, is_active=True)}
    if dossier.created_by_id and dossier.created_by_id not in users:
        users[dossier.created_by_id] = dossier.created_by
    return list(users.values())


def staff_people(unit) -> list[User]:
    editors = User.objects.filter(role=Role.PLAN_EDITOR, is_active=True).select_related("unit")
    return [u for u in editors if u.unit_id is None or u.unit.local_government_id == unit.local_government_id]


def council_people(council) -> list[User]:
    return [m.user for m in council.members.select_related("user") if m.user.is_active]


def audience_for(audience: str, *, dossier=None, session=None) -> list[User]:
    if audience == "unit":
        return unit_people(dossier)
    if audience == "staff":
        return staff_people(dossier.unit)
    if audience == "council":
        return council_people(session.council if session else dossier.session.council)
    return []


def send_after_commit(template: str, recipients, context: dict) -> None:
    addresses = sorted({u.email for u in recipients if u.email})
    if not addresses:
        return
    text = render_to_string(f"awards/email/{template}.txt", context)
    subject, _, body = text.strip().partition("\n")

    def send():
        messages = [
            EmailMessage(subject.strip(), body.strip() + "\n", settings.DEFAULT_FROM_EMAIL, [address])
            for address in addresses
        ]
        get_connection().send_messages(messages)

    transaction.on_commit(send)
