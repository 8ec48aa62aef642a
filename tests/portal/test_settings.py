import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, env):
    env = {k: v for k, v in env.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set for the browser tests only
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60 + "-production-like-secret-key-for-the-check",
        "ALLOWED_HOSTS": "tdkt.example.gov.vn",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_demo_defaults_need_nothing_set():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}}
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG, s.LANGUAGE_CODE, s.TIME_ZONE, "
        "s.EMAIL_BACKEND)"
    )
    result = manage("shell", "-c", code, env=env)
    assert result.stdout.split()[-6:] == [
        "django.db.backends.sqlite3",
        "True",
        "True",
        "vi",
        "Asia/Ho_Chi_Minh",
        "django.core.mail.backends.console.EmailBackend",
    ], result.stderr


def test_suite_runs_on_postgresql_and_a_live_redis_broker():
    from tdkt_portal.celery import app

    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1)
        assert connection.transport.driver_type == "redis"


def test_upload_limits_are_set_in_megabytes():
    env = {**os.environ, "AWARDS_MAX_UPLOAD_MB": "3", "APPENDIX_IMPORT_MAX_MB": "2", "EVIDENCE_MAX_MB": "5"}
    code = (
        "from django.conf import settings as s; "
        "print(s.AWARDS_MAX_UPLOAD_BYTES, s.APPENDIX_IMPORT_MAX_BYTES, s.EVIDENCE_MAX_BYTES)"
    )
    result = manage("shell", "-c", code, env=env)
    assert result.stdout.split()[-3:] == [str(3 * 1024 * 1024), str(2 * 1024 * 1024), str(5 * 1024 * 1024)]
