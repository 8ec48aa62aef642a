"""The deadline-day load test, one command (issue 18):

    .venv/bin/python bench/load/run.py [--users 50] [--seconds 60] [--workers 3]

Builds (or reuses) a PostgreSQL database "tdkt_load" with the demo data and one officer account per
unit that has a task, then starts, on this machine only: gunicorn with the production settings
(DEBUG off, hashed static files; bench/load/settings.py), a Celery worker on Redis, and locust
headless against 127.0.0.1 with a bounded number of users for a bounded time (locustfile.py).
While it runs, the reminder sweep is sent to the worker every --sweep-every seconds, as beat would.
Prints requests per second, p50/p95/p99 and failures per page and in all, then stops everything
it started. Exits 1 when a request failed or a page's p95 is over --p95-ms.

PostgreSQL and Redis must be running (scripts/test.sh starts them): DATABASE_URL's server is used
with the database name replaced; REDIS_URL (default redis://127.0.0.1:6379/15) is the broker.
"""

import argparse
import csv
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


def database_url(name: str) -> str:
    base = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/postgres"))
    if not base.scheme.startswith("postgres"):
        sys.exit("Cần DATABASE_URL của một máy chủ PostgreSQL (postgres://…): bài thử tải không chạy trên SQLite.")
    return urlunsplit(base._replace(path=f"/{name}"))


def ensure_database(url: str) -> bool:
    """Create the database if missing; True when it was created (and so needs the data)."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        connection.execute(f'CREATE DATABASE "{name}"')
        return True


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    gib = int(memory) // 1024 // 1024
    return f"{os.cpu_count()} lõi ({model}), {gib} GiB RAM, {platform.system()} {platform.release()}"


def wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while True:
        try:
            requests.get(url, timeout=30)
            return
        except requests.RequestException:
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"{url} không chạy được:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SIGN_IN = "/dang-nhap/ [POST]"  # a password hash by design (PBKDF2): counted, outside the pages' p95 target


def report(stats_csv: Path, p95_limit: float) -> bool:
    rows = list(csv.DictReader(stats_csv.open(encoding="utf-8")))
    header = f"{'trang':48} {'số yêu cầu':>10} {'lỗi':>5} {'rps':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>7}"
    print(header)
    print("-" * len(header))
    ok = True
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "TẤT CẢ"
        print(
            f"{(row['Type'] + ' ' + name).strip():48} {row['Request Count']:>10} {row['Failure Count']:>5} "
            f"{float(row['Requests/s']):7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
            f"{float(row['Max Response Time']):7.0f}"
        )
        if (
            row["Name"] not in ("Aggregated", SIGN_IN)
            and row["95%"] not in ("N/A", "")
            and float(row["95%"]) > p95_limit
        ):
            ok = False
        if int(row["Failure Count"]):
            ok = False
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--sweep-every", type=int, default=20, help="seconds between two reminder sweeps")
    parser.add_argument("--database", default="tdkt_load")
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the database first")
    parser.add_argument("--p95-ms", type=float, default=500)
    parser.add_argument(
        "--sign-in",
        action="store_true",
        help="every simulated person signs in through the login form first (default: a session already signed in)",
    )
    args = parser.parse_args()
    if not 1 <= args.users <= 500 or not 1 <= args.seconds <= 900:
        sys.exit("Giới hạn: 1–500 người dùng, 1–900 giây.")

    work = Path(tempfile.mkdtemp(prefix="tdkt-load-"))
    url = database_url(args.database)
    if args.fresh:
        import psycopg

        admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    ensure_database(url)
    env = {
        **{key: value for key, value in os.environ.items() if key not in ("DEBUG", "DJANGO_SETTINGS_MODULE")},
        "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "settings",  # bench/load/settings.py: production, plain-HTTP cookies
        "DEBUG": "false",
        "SECRET_KEY": "load-test-only-" + "x" * 40,
        "DATABASE_URL": url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "EMAIL_URL": "consolemail://",
        "LOAD_DATA": str(work / "data.json"),
        "LOG_LEVEL": "WARNING",
    }

    def manage(*command):
        subprocess.run([PYTHON, str(ROOT / "manage.py"), *command], env=env, cwd=ROOT, check=True)

    print(f"Máy: {machine()}; tải trung bình 1 phút lúc bắt đầu: {os.getloadavg()[0]:.1f}")
    print(f"Cơ sở dữ liệu {args.database}, Redis {env['REDIS_URL']}, thư mục tạm {work}")
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    people = str(args.users)
    subprocess.run([PYTHON, str(HERE / "prepare.py"), env["LOAD_DATA"], people], env=env, cwd=ROOT, check=True)
    if args.sign_in:
        env["LOAD_SIGN_IN"] = "1"

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    started: list[subprocess.Popen] = []
    logs = {name: work / f"{name}.log" for name in ("gunicorn", "celery", "locust")}
    try:
        gunicorn = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "tdkt_portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
            ],
            env=env,
            cwd=ROOT,
            stdout=logs["gunicorn"].open("wb"),
            stderr=subprocess.STDOUT,
        )
        started.append(gunicorn)
        worker = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "tdkt_portal",
                "worker",
                "--pool",
                "solo",
                "-l",
                "warning",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            env=env,
            cwd=ROOT,
            stdout=logs["celery"].open("wb"),
            stderr=subprocess.STDOUT,
        )
        started.append(worker)
        wait_for(f"{host}/dang-nhap/", gunicorn, logs["gunicorn"])
        print(
            f"gunicorn ({args.workers} tiến trình) ở {host}, Celery worker, "
            f"locust: {args.users} người dùng, {args.seconds} s"
        )
        locust = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "locust",
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--host",
                host,
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.seconds}s",
                "--csv",
                str(work / "ket-qua"),
                "--only-summary",
                "--reset-stats",
                "--stop-timeout",
                "10",
            ],
            env=env,
            cwd=ROOT,
            stdout=logs["locust"].open("wb"),
            stderr=subprocess.STDOUT,
        )
        started.append(locust)
        sweeps = 0
        next_sweep = time.monotonic()
        while locust.poll() is None:
            if time.monotonic() >= next_sweep:
                subprocess.run(
                    [PYTHON, "-c", "from tdkt_portal.celery import app; app.send_task('tasks.tasks.send_reminders')"],
                    env=env,
                    cwd=ROOT,
                    check=True,
                )
                sweeps += 1
                next_sweep = time.monotonic() + args.sweep_every
            time.sleep(0.5)
    finally:
        for process in reversed(started):
            if process.poll() is None:
                process.terminate()
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    print(
        f"Lượt quét nhắc việc đã gửi cho worker: {sweeps}; tải trung bình 1 phút lúc kết thúc: {os.getloadavg()[0]:.1f}"
    )
    print("Số liệu tính từ khi đủ người dùng (--reset-stats).")
    conflicts = [line for line in logs["locust"].read_text().splitlines() if line.startswith("409")]
    print(*conflicts)
    ok = report(work / "ket-qua_stats.csv", args.p95_ms)
    errors = work / "ket-qua_failures.csv"
    for row in csv.DictReader(errors.open(encoding="utf-8")):
        print(f"LỖI {row['Method']} {row['Name']}: {row['Error']} ×{row['Occurrences']}")
    server_errors = [
        line for line in logs["gunicorn"].read_text().splitlines() if "Traceback" in line or "ERROR" in line
    ]
    if server_errors:
        print(f"gunicorn ghi {len(server_errors)} dòng lỗi: xem {logs['gunicorn']}")
    print(f"Mục tiêu p95 < {args.p95_ms:.0f} ms mỗi trang, 0 lỗi: {'ĐẠT' if ok else 'CHƯA ĐẠT'}")
    shutil.rmtree(work / "static", ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
