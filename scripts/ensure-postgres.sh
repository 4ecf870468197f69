#!/usr/bin/env bash
# Makes sure PostgreSQL server binaries are available for the PostgreSQL storage tests (pg-kit
# starts a private server from them). Not needed when WT_POSTGRES_URL names an existing server.
# Looks for /usr/lib/postgresql/*/bin/initdb (or WT_POSTGRES_BIN); otherwise installs Debian's
# `postgresql` package (needs root and apt). The package's own cluster is not used by the tests.
set -euo pipefail
if [ -n "${WT_POSTGRES_URL:-}" ]; then echo "postgresql: using WT_POSTGRES_URL"; exit 0; fi
if [ -n "${WT_POSTGRES_BIN:-}" ] && [ -x "$WT_POSTGRES_BIN/initdb" ]; then echo "postgresql: $WT_POSTGRES_BIN"; exit 0; fi
found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$found" ] && [ -x "$found/initdb" ]; then echo "postgresql: $found"; exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "postgresql: installing Debian's postgresql package"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] && [ -x "$found/initdb" ] && { echo "postgresql: $found"; exit 0; }
fi
echo "postgresql: no /usr/lib/postgresql/*/bin/initdb and could not install it; set WT_POSTGRES_URL or WT_POSTGRES_BIN" >&2
exit 1
