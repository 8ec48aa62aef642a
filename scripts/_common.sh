# Shared by scripts/run.sh and scripts/test.sh: system packages and the virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "Cần quyền root để cài: $*" >&2; exit 1; fi; }

apt_updated=""
apt_install() {
  # Install only the Debian packages whose command or file is missing.
  local missing=()
  while [ $# -gt 0 ]; do
    local check="$1" package="$2"; shift 2
    if [[ "$check" == /* ]]; then [ -e "$check" ] || missing+=("$package")
    else command -v "$check" >/dev/null 2>&1 || missing+=("$package"); fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> Cài gói hệ thống: ${missing[*]}"
  if [ -z "$apt_updated" ]; then as_root apt-get update -q; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
}

python_venv() {
  local requirements="$1"
  apt_install python3 python3
  # Debian splits venv/ensurepip out of python3.
  python3 -c "import ensurepip, venv" 2>/dev/null || apt_install /no-ensurepip python3-venv
  if [ ! -x .venv/bin/python ]; then echo "==> Tạo môi trường ảo .venv"; python3 -m venv .venv; fi
  local stamp=".venv/.installed-$(basename "$requirements")"
  if [ ! -f "$stamp" ] || [ "$requirements" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
    echo "==> Cài thư viện Python ($requirements)"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -r "$requirements"
    touch "$stamp"
  fi
}
