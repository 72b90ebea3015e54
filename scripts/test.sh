#!/usr/bin/env bash
# Sets up and runs every check: lint, the import contracts of the pure cores, the web client's
# API types against the schema, its lint (ESLint) and component tests (Vitest) and the whole
# pytest suite (real PostgreSQL, Redis, Celery workers, models and a real Chromium). Extra
# arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test || exit 1
export PATH="$PWD/.venv/bin:$PATH"  # Node.js from .venv when the system's is too old
bash scripts/build_frontend.sh || exit 1

export DATABASE_URL="${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/interview_coach}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/15}"
export HF_HUB_OFFLINE=1

.venv/bin/ruff check . || exit 1
.venv/bin/lint-imports || exit 1
# Types: strict on the pure cores, the normal mode elsewhere ([tool.mypy] in pyproject.toml).
.venv/bin/mypy || exit 1
bash scripts/api_types.sh --check || exit 1  # the web client's API types match the API's schema
(cd frontend && npm run --silent lint) || exit 1
(cd frontend && npm test --silent) || exit 1

.venv/bin/python -m pytest "$@"
status=$?
if compgen -G "test-artifacts/*.png" > /dev/null; then
  echo "Screenshots of the browser tests: $PWD/test-artifacts/ ($(ls test-artifacts/*.png | wc -l) files)"
fi
if [ "$status" -eq 5 ]; then
  echo "ERROR: pytest collected no tests; that is a failure, not a pass." >&2
  exit 1
fi
exit "$status"
