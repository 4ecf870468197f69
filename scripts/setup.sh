#!/usr/bin/env bash
# Installs everything the workspace needs on a machine that has only Node (>= 20.19) and npm:
# the pinned pnpm, the system sqlite3 and gzip (Debian packages, when missing and root), Chromium,
# PostgreSQL (for the PostgreSQL storage tests), then the dependencies (better-sqlite3 compiles from source when no prebuilt binary can be
# downloaded). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
  echo "setup: installing pnpm@$want"
  npm install --global --no-fund --no-audit "pnpm@$want" >/dev/null
fi
# node-gyp (run by pnpm for better-sqlite3) does not read npm's own config: pass npm's nodedir on,
# so the build uses the local Node headers instead of downloading them.
if [ -z "${npm_config_nodedir:-}" ]; then
  nd=$(npm config get nodedir 2>/dev/null || true)
  if [ -n "$nd" ] && [ "$nd" != "undefined" ] && [ "$nd" != "null" ]; then export npm_config_nodedir="$nd"; fi
fi
bash scripts/ensure-cli-tools.sh || echo "setup: warning: no sqlite3/gzip; replay's seed-snapshot acceptance test will fail" >&2
if [ "${WT_SKIP_CHROMIUM:-}" != 1 ]; then bash scripts/ensure-chromium.sh || echo "setup: warning: no Chromium; the viewer end-to-end tests will fail" >&2; fi
if [ "${WT_SKIP_POSTGRES:-}" != 1 ]; then bash scripts/ensure-postgres.sh || echo "setup: warning: no PostgreSQL; the PostgreSQL storage tests will fail (or set WT_POSTGRES_URL)" >&2; fi
echo "setup: pnpm install"
pnpm install --frozen-lockfile
