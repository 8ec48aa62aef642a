import rules

from units.rules import is_admin, is_plan_editor, same_level

from .models import PlanStatus


# The admin asks `user.has_perm("plans.view_plan")` with no plan at all (obj=None): a predicate
# that needs the plan answers False then, and Django's model permissions decide.
@rules.predicate
def manages_plan(user, plan):
    return is_admin(user) or (plan is not None and is_plan_editor(user) and same_level(user, plan.issuing_unit))


@rules.predicate
def plan_is_draft(user, plan):
    return plan is not None and plan.status == PlanStatus.DRAFT


@rules.predicate
def plan_is_issued(user, plan):
    return plan is not None and plan.status == PlanStatus.ISSUED


rules.add_perm("plans.add_plan", is_admin | is_plan_editor)
rules.add_perm("plans.view_plan", manages_plan | (rules.is_authenticated & plan_is_issued))
rules.add_perm("plans.change_plan", manages_plan & plan_is_draft)
rules.add_perm("plans.issue_plan", manages_plan & plan_is_draft)
rules.add_perm("plans.reopen_plan", manages_plan & plan_is_issued)
# Ký số: the issuing administration's editors sign what was issued, with the organisation's certificate.
rules.add_perm("plans.sign_plan", manages_plan & plan_is_issued)
rules.add_perm("plans.view_history", manages_plan)
# "Tạo kế hoạch năm sau": an editor starts a draft of their own administration from a plan they
# manage, or from any issued plan (a commune from the province's); the form offers only issuers
# they may write for.
rules.add_perm("plans.copy_plan", is_admin | (is_plan_editor & (manages_plan | plan_is_issued)))
