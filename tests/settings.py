"""The settings the test suite loads (pyproject.toml: DJANGO_SETTINGS_MODULE).

The portal's DEBUG defaults to off, and off means production: a required SECRET_KEY, HTTPS
redirects, secure cookies and hashed static names that only exist after collectstatic. The suite
is a development checkout, so it loads the settings as the demo does, with DEBUG on;
pytest-django still runs every test with DEBUG False. Set here in the environment, before the
portal's settings are read, so subprocesses started by tests (manage.py, a Celery worker) inherit it.
"""

import os

os.environ.setdefault("DEBUG", "true")

from tdkt_portal.settings import *  # noqa: E402, F403
