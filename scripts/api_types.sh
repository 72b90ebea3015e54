#!/usr/bin/env bash
# The web client's API types, generated from the OpenAPI schema drf-spectacular publishes:
# frontend/src/api/schema.d.ts (committed; frontend/src/api/types.ts names what the app uses).
#   scripts/api_types.sh           regenerate it after an API change
#   scripts/api_types.sh --check   fail when the committed file differs from the schema's
set -euo pipefail
cd "$(dirname "$0")/.."

target=frontend/src/api/schema.d.ts
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

.venv/bin/python manage.py spectacular --validate --file "$tmp/schema.yml" >/dev/null
# A field with a default is optional in a request (its default fills it in), as the schema says.
(cd frontend && npx --no-install openapi-typescript "$tmp/schema.yml" --output "$tmp/schema.d.ts" \
  --default-non-nullable false >/dev/null)

if [ "${1:-}" = "--check" ]; then
  if ! diff -u "$target" "$tmp/schema.d.ts" >"$tmp/diff"; then
    cat "$tmp/diff" >&2
    echo "ERROR: $target is stale: run scripts/api_types.sh (or make api-types) and commit it." >&2
    exit 1
  fi
  echo "$target matches the API schema."
else
  cp "$tmp/schema.d.ts" "$target"
  echo "Wrote $target."
fi
