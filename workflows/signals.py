"""What the machine tells the apps above every workflow's owner (the API's webhooks) without
their being imported: a signal per transition taken."""

from django.dispatch import Signal

# Sent by Workflow.apply once a transition is saved, its effects run and its activity row written,
# inside the same transaction: whatever a receiver writes commits or rolls back with the change.
# sender: the workflow's model (e.g. awards.models.Dossier). Keyword arguments: workflow, change
# (a workflows.Change: .obj the changed row, .source the state before, .transition, .reason, .facts).
transitioned = Signal()
