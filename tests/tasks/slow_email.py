"""A mail server that takes its time, for the tests where two sweeps overlap.

Django's in-memory backend, slowed by `settings.SLOW_EMAIL_SECONDS` per connection; `sending`
is set as soon as a sweep starts handing a message over, so a test can act while a digest's
transaction is open and its lock held.
"""

import threading
import time

from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class SlowLocmemBackend(LocmemBackend):
    sending = threading.Event()

    def send_messages(self, messages):
        SlowLocmemBackend.sending.set()
        time.sleep(getattr(settings, "SLOW_EMAIL_SECONDS", 0))
        return super().send_messages(messages)
