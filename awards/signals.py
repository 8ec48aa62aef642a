"""What awards tells the apps above it (the API's webhooks), which awards cannot import."""

from django.dispatch import Signal

# Sent by awards.services.decisions.issue_decision once the decision, its award history and its
# dossiers' transitions are written, inside its transaction. Keyword arguments: decision, actor,
# nominee_count.
decision_issued = Signal()
