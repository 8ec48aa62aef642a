#!/usr/bin/env bash
# Start the portal with the demo data at http://127.0.0.1:8000 — no database server needed
# (SQLite file db.sqlite3, Celery tasks run in-process, e-mail printed to the console).
source "$(dirname "$0")/_common.sh"
# The portal's DEBUG defaults to off (production); the demo is a local run with the demo secret
# key, plain static files served by runserver and Django's error pages.
export DEBUG=1
python_venv requirements.txt
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo
echo "==> Mở http://127.0.0.1:8000 và đăng nhập bằng một tài khoản ở trên."
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
