#!/usr/bin/env bash
# Run the whole test suite against PostgreSQL and Redis with a real Chromium, installing and
# starting whatever is missing. Extra arguments go to pytest (e.g. scripts/test.sh tests/units).
source "$(dirname "$0")/_common.sh"

apt_install pg_ctlcluster postgresql redis-server redis-server chromium chromium \
  pdffonts poppler-utils /usr/lib/x86_64-linux-gnu/libharfbuzz-subset.so.0 libharfbuzz-subset0 \
  pg_isready postgresql-client redis-cli redis-tools \
  soffice libreoffice-writer-nogui \
  /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf fonts-liberation2
python_venv requirements-dev.txt

export PGPASSWORD=postgres
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "==> Khởi động PostgreSQL"
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if ! psql -h 127.0.0.1 -U postgres -d postgres -Atc "select 1" >/dev/null 2>&1; then
  # A fresh Debian cluster asks for a password over TCP; give the postgres role the one we use.
  as_root su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" || true
fi
psql -h 127.0.0.1 -U postgres -d postgres -Atc "select 1" >/dev/null \
  || { echo "LỖI: không kết nối được PostgreSQL tại 127.0.0.1:5432" >&2; exit 1; }

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "==> Khởi động Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/tdkt-test.log
  for _ in $(seq 20); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ] \
  || { echo "LỖI: không kết nối được Redis tại 127.0.0.1:6379" >&2; exit 1; }

export DATABASE_URL="postgres://postgres:postgres@127.0.0.1:5432/tdkt"
export REDIS_URL="redis://127.0.0.1:6379/15"
export TDKT_REQUIRE_SERVICES=1
exec .venv/bin/python -m pytest "$@"
