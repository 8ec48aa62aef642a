"""The portal's production settings (DEBUG off, hashed static files, Redis), for the load test.

Only the cookies differ: locust speaks plain HTTP on the loopback, where nginx would have ended
TLS, and a Secure cookie would never come back over plain HTTP. And static files keep their hashed
names but are not also compressed: locust fetches pages, not static files, and compressing every
file took minutes of a busy machine before each run.
"""

from tdkt_portal.settings import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
