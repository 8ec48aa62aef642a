import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, env):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests only; DJANGO_SETTINGS_MODULE points at the
    # suite's tests.settings (which turns DEBUG on): these tests read the portal's own settings.
    env = {k: v for k, v in env.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def unset(*names):
    return {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", *names}}


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


def test_demo_needs_only_debug_set():
    env = {**unset("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"), "DEBUG": "1"}
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


def test_debug_is_off_unless_asked_for():
    """A deployment that forgets DEBUG must not show Django's debug pages."""
    env = {**unset("DEBUG", "SECRET_KEY"), "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "tdkt.example.gov.vn"}
    code = "from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT)"
    result = manage("shell", "-c", code, env=env)
    assert result.stdout.split()[-2:] == ["False", "True"], result.stderr


def test_without_debug_a_missing_secret_key_stops_the_portal_with_a_clear_message():
    result = manage("check", env=unset("DEBUG", "SECRET_KEY"))
    assert result.returncode != 0
    assert "Chưa đặt SECRET_KEY" in result.stderr
    assert "DEBUG=1" in result.stderr
    assert "demo-only" not in result.stdout + result.stderr


def test_a_migration_check_needs_no_secret_key_but_a_migrate_does():
    """makemigrations signs nothing: a developer or a hook checks models without the deployment's key."""
    checked = manage("makemigrations", "--check", "--dry-run", env=unset("DEBUG", "SECRET_KEY"))
    assert (checked.returncode, checked.stdout.strip()) == (0, "No changes detected"), checked.stderr
    migrated = manage("migrate", "--plan", env=unset("DEBUG", "SECRET_KEY"))
    assert migrated.returncode != 0 and "Chưa đặt SECRET_KEY" in migrated.stderr


def test_without_debug_the_demo_secret_key_is_never_used():
    env = {**unset("SECRET_KEY"), "DEBUG": "false", "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Chưa đặt SECRET_KEY" in result.stderr


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


def test_hsts_preload_is_opt_in_and_its_duration_a_setting():
    production = {**unset("DEBUG"), "DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "tdkt.gov.vn"}
    code = "from django.conf import settings as s; print(s.SECURE_HSTS_PRELOAD, s.SECURE_HSTS_SECONDS)"
    assert manage("shell", "-c", code, env=production).stdout.split()[-2:] == ["False", "31536000"]
    opted_in = {**production, "SECURE_HSTS_PRELOAD": "true", "SECURE_HSTS_SECONDS": "600"}
    assert manage("shell", "-c", code, env=opted_in).stdout.split()[-2:] == ["True", "600"]


@pytest.mark.django_db
def test_postgresql_connections_price_an_index_lookup_for_a_cached_database():
    """tdkt_portal/settings.py: the server's default 4 made the unit task page read every task at
    100,000 tasks (bench/scale.py); each connection starts with 1.1 unless told otherwise."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
    env = {**os.environ, "DATABASE_RANDOM_PAGE_COST": ""}
    code = "from django.conf import settings as s; print(s.DATABASES['default'].get('OPTIONS', {}).get('options'))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "None", result.stderr
