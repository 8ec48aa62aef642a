"""Who may print certificates and read the register: whoever issues the deciding unit's awards
(an admin, or a Sở/Phòng Nội vụ editor of the same administration, as `awards.add_decision`)."""

import rules

from units.rules import is_admin, is_plan_editor, same_level


@rules.predicate
def staff_for_unit(user, unit):
    return is_admin(user) or (unit is not None and is_plan_editor(user) and same_level(user, unit))


@rules.predicate
def staff_for_decision(user, decision):
    return decision is not None and staff_for_unit(user, decision.issuing_unit)


@rules.predicate
def staff_for_layout(user, layout):
    return layout is not None and staff_for_unit(user, layout.unit)


can_read_register = is_admin | is_plan_editor

rules.add_perm("certificates.print_certificates", staff_for_decision)
rules.add_perm("certificates.test_layout", staff_for_layout)
rules.add_perm("certificates.view_register", can_read_register)
# The same predicates for templates ({% test_rule %}): asking them as rules skips Django's model
# permission backend, which would read the user's permission tables on every page of the menu.
rules.add_rule("certificates.print_certificates", staff_for_decision)
rules.add_rule("certificates.view_register", can_read_register)
