"""Who may do what in a group's year. Membership is by the user's unit: whoever works for a
member unit acts for it; the leader unit's people act as Cụm/Khối trưởng."""

import rules

from units.models import EmulationGroupMembership, MembershipRole
from units.rules import is_admin, is_plan_editor, same_level


def membership_role(user, group) -> str | None:
    """The role of the user's unit in the group (cached on the user for the request)."""
    if group is None or not user.is_authenticated or user.unit_id is None:
        return None
    cache = user.__dict__.setdefault("_emulation_roles", {})
    if group.pk not in cache:
        roles = EmulationGroupMembership.objects.filter(group_id=group.pk, unit_id=user.unit_id)
        cache[group.pk] = roles.values_list("role", flat=True).first()
    return cache[group.pk]


def remember_roles(user, groups) -> None:
    """Look up the user's role in many groups with one query (a list page asks for each)."""
    if not user.is_authenticated or user.unit_id is None:
        return
    cache = user.__dict__.setdefault("_emulation_roles", {})
    ids = [g.pk for g in groups if g.pk not in cache]
    found = dict(
        EmulationGroupMembership.objects.filter(group_id__in=ids, unit_id=user.unit_id).values_list("group_id", "role")
    )
    cache.update({pk: found.get(pk) for pk in ids})


@rules.predicate
def is_member(user, group):
    return membership_role(user, group) is not None


@rules.predicate
def is_leader(user, group):
    return membership_role(user, group) == MembershipRole.LEADER


@rules.predicate
def manages_group(user, group):
    """Sở/Phòng Nội vụ of the administration that set the group up."""
    return is_admin(user) or (group is not None and is_plan_editor(user) and same_level(user, group.organiser))


@rules.predicate
def is_published(user, group):
    if group is None:
        return False
    try:
        return group.criteria_table.is_published
    except group._meta.model.criteria_table.RelatedObjectDoesNotExist:
        return False


rules.add_perm("emulation.view_group", is_member | manages_group)
rules.add_perm("emulation.edit_covenant", is_leader | manages_group)
rules.add_perm("emulation.edit_criteria", (is_leader | manages_group) & ~is_published)
rules.add_perm("emulation.score_own", is_member & ~is_published)
rules.add_perm("emulation.review_scores", is_leader | manages_group)
rules.add_perm("emulation.adjust_scores", is_leader & ~is_published)
rules.add_perm("emulation.remind_members", is_leader & ~is_published)
rules.add_perm("emulation.publish_ranking", is_leader & ~is_published)
rules.add_perm("emulation.view_ranking", is_leader | manages_group | (is_member & is_published))
rules.add_perm("emulation.propose_awards", is_leader & is_published)
# Next year's list is the organiser's: its Sở/Phòng Nội vụ copies it and clears the review marks.
rules.add_perm("emulation.copy_group", manages_group)
rules.add_perm("emulation.review_members", manages_group)
