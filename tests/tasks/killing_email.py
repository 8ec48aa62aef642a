"""E-mail backends for the worker tests: real delivery to files or memory, with a way to die.

`KillingFileBackend` writes each message as a file (Django's file backend) and, once
KILL_AFTER_MESSAGES files exist, SIGKILLs its own process before writing the next one: the
worker dies in the middle of a sweep, with a digest's transaction open, exactly as a power cut
or an OOM kill would leave it.
"""

import os
import signal
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class KillingFileBackend(FileBackend):
    def send_messages(self, email_messages):
        sent = len(list(Path(settings.EMAIL_FILE_PATH).iterdir()))
        if sent >= int(os.environ["KILL_AFTER_MESSAGES"]):
            os.kill(os.getpid(), signal.SIGKILL)
        return super().send_messages(email_messages)
