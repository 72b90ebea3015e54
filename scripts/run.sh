#!/usr/bin/env bash
# Sets up and runs the whole platform on this machine: SQLite, local media, a local Redis,
# one Celery worker serving every queue (with beat), and daphne (HTTP + WebSocket) on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh run
export PATH="$PWD/.venv/bin:$PATH"  # Node.js from .venv when the system's is too old
bash scripts/build_frontend.sh

export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-interview_project.settings.local}"
# DEBUG off, as anyone reaching the server sees it: errors answer in the API's JSON shape (never
# a traceback page) and whitenoise serves the collected static files. DJANGO_DEBUG=true for
# Django's debug pages while developing.
export DJANGO_DEBUG="${DJANGO_DEBUG:-false}"
export HF_HUB_OFFLINE=1
# Each worker process loads Whisper, the sentence embedder and MediaPipe when it starts, so the
# first answer is analysed as fast as the next ones (instead of paying for the loads itself).
export ANALYSIS_WARM_UP="${ANALYSIS_WARM_UP:-speech,audio,text,video}"
PORT="${PORT:-8000}"
mkdir -p var/log

.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput -v 0

# One worker for every queue, with beat inside it (-B): beat runs the reconciler that repairs
# what a crash leaves behind, and the hourly housekeeping.
echo "Starting the Celery worker with beat (log: var/log/worker.log)"
.venv/bin/celery -A interview_project worker -B -s var/celerybeat-schedule \
  -Q media,speech,audio,video,text,scoring \
  --concurrency "${WORKER_CONCURRENCY:-2}" -n "local@%h" -l info >var/log/worker.log 2>&1 &
worker_pid=$!
trap 'kill "$worker_pid" 2>/dev/null; wait "$worker_pid" 2>/dev/null' EXIT INT TERM

# Serve once every worker process has its models, so that the first answer is not the slow one.
if [ -n "$ANALYSIS_WARM_UP" ]; then
  echo "Loading the analysis models in each worker process..."
  for _ in $(seq 1 180); do
    warm="$(grep -c "Loaded analysis models" var/log/worker.log 2>/dev/null || true)"
    [ "${warm:-0}" -ge "${WORKER_CONCURRENCY:-2}" ] && break
    kill -0 "$worker_pid" 2>/dev/null || { echo "The worker stopped; see var/log/worker.log" >&2; exit 1; }
    sleep 1
  done
fi

echo "Interview coach: http://127.0.0.1:${PORT}  (API docs: /api/docs/, admin: /admin/)"
echo "Create an admin account with: .venv/bin/python manage.py createsuperuser"
.venv/bin/daphne -b 127.0.0.1 -p "$PORT" interview_project.asgi:application
