"""Notices to the people a change concerns: in the portal, and by e-mail once the change has committed.

Text comes from templates/awards/email/<name>.txt (first line is the subject), in Vietnamese; the
same template, rendered with `in_app`, leaves out the letter's greeting, link and signature for
the portal's notice list. Each e-mail recipient gets their own message: council members do not
see each other's addresses. E-mail goes through the outbox (notifications.mail): queued with the
change, sent by the worker after the commit, so a mail server that is down never fails a change.
"""

from django.conf import settings
from django.template.loader import render_to_string

from notifications.mail import queue_email
from notifications.services import notify
from units.models import Role, User


def unit_people(dossier) -> list[User]:
    users = {u.pk: u for u in User.objects.unit_officers().filter(unit_id=dossier.unit_id)}
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
        council = dossier.council
        if council is not None and not council.is_peoples_committee:
            # A Sở's, a school's council: its secretary receives the dossiers.
            return [m.user for m in council.members.filter(role="thu_ky").select_related("user")]
        return staff_people(council.government if council is not None else dossier.unit)
    if audience == "council":
        return council_people(session.council if session else dossier.session.council)
    return []


def _render(template: str, context: dict) -> tuple[str, str]:
    text = render_to_string(f"awards/email/{template}.txt", context)
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip()


def announce(template: str, recipients, context: dict, *, about, actor=None) -> None:
    """Tell the people a change concerns: in the portal and in the outbox, both inside the caller's
    transaction so they exist exactly when the change does; the e-mail leaves once it has committed.

    `about` is the dossier or session the link opens. Whoever made the change gets no notice of
    their own action in the portal; their copy of the e-mail still goes out as a record."""
    path = about.get_absolute_url()
    context = {**context, "link": f"{settings.PORTAL_URL}{path}"}
    people = list({user.pk: user for user in recipients if user.is_active}.values())
    in_app = [user for user in people if actor is None or user.pk != actor.pk]
    if in_app:
        title, body = _render(template, {**context, "in_app": True})
        notify(in_app, title=title, body=body, url=path)
    addresses = sorted({user.email for user in people if user.email})
    if not addresses:
        return
    subject, body = _render(template, context)
    queue_email(to=addresses, subject=subject, body=body + "\n")
