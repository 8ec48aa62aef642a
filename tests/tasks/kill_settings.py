"""Settings for a worker subprocess that kills itself mid-sweep (test_reminders_worker.py)."""

import os

from tdkt_portal.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.tasks.killing_email.KillingFileBackend"
EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
