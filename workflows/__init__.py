"""One state machine for every workflow of the portal: plans, task status, award dossiers, council
sessions and the emulation year. See `workflows.machine`; docs/workflows.md is generated from the
declarations (`python manage.py workflow_docs`)."""

from .machine import Change, StatusField, Transition, Workflow, status_log

__all__ = ["Change", "StatusField", "Transition", "Workflow", "status_log"]
