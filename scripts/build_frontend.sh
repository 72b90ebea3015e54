#!/usr/bin/env bash
# Builds the web client (frontend/) into frontend/dist/, which Django serves. Needs Node.js
# >= 20.19 with npm and the npm registry (nothing else is downloaded). Installs packages only when
# package-lock.json changed, and builds only when a source is newer than the last build.
#   scripts/build_frontend.sh           install if needed, type-check and build if needed
#   scripts/build_frontend.sh --force   build even when the build looks up to date
set -euo pipefail
cd "$(dirname "$0")/../frontend"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "ERROR: Node.js and npm are needed to build the web client (Node >= 20.19)." >&2
  exit 1
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "ERROR: Node.js $(node --version) is too old for the web client's build; use 20.19 or newer." >&2
  exit 1
fi

lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  log "Installing the web client's packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.lock-hash
fi

sources=(src index.html package.json package-lock.json tsconfig.json vite.config.ts)
if [ "${1:-}" != "--force" ] && [ -f dist/index.html ] \
   && [ -z "$(find "${sources[@]}" -newer dist/index.html -print -quit)" ]; then
  log "The web client's build is up to date (frontend/dist)"
  exit 0
fi
log "Building the web client (frontend/dist)"
npm run --silent build
