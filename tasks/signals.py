"""What progress tells the apps above tasks (the API's webhooks), which tasks cannot import."""

from django.dispatch import Signal

# Sent once a progress update is written — a lead unit's status report (tasks.progress's workflow
# effect) or a coordinating unit's contribution (add_contribution) — inside its transaction.
# Keyword argument: update (a tasks.models.ProgressUpdate).
progress_reported = Signal()
