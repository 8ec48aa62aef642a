"""What a plan tells the apps above it. Plans cannot import them (they import plans), so they
listen here instead, connecting in their AppConfig.ready()."""

from django.dispatch import Signal

# Sent by plans.services.apply_transition once the plan is saved as issued, inside the issuing
# transaction: whatever a receiver writes commits or rolls back with the issue, and an error it
# raises stops the issue. Keyword arguments: plan, actor.
plan_issued = Signal()

# Sent by plans.copying.copy_plan once the copy's plan, sections and appendices are written, inside
# its transaction: tasks copies each appendix's groups and tasks and marks them through the
# context. Keyword argument: context (a plans.copying.CopyContext).
plan_copied = Signal()
