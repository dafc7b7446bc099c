#!/usr/bin/env bash
# The OpenAPI document the service serves (orchestrator-headless --openapi prints the same bytes'
# content) passes `redocly lint` with no errors. Skipped (77) only where npm is absent.
#   lint_openapi.sh HEADLESS_BINARY REDOCLY
set -euo pipefail
headless=$1
redocly=$2
if [ ! -x "$redocly" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "lint_openapi: $redocly is missing; scripts/install-deps installs it" >&2
    exit 1
  fi
  echo "lint_openapi: no npm on this machine: skipped" >&2
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$headless" --openapi >"$work/openapi.json"
# No telemetry, no update check: the linter stays on this machine.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
"$redocly" lint --format=stylish "$work/openapi.json"
