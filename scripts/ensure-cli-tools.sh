#!/usr/bin/env bash
# Makes sure the system `sqlite3` shell and `gzip` are available: replay's seed-snapshot
# acceptance test reads snapshot blobs with them, as any user of the file format would. Installs
# Debian's packages when one is missing (needs root and apt; one `apt-get update` first).
set -euo pipefail
missing=()
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v gzip >/dev/null 2>&1 || missing+=(gzip)
if [ ${#missing[@]} -eq 0 ]; then echo "cli tools: sqlite3 and gzip present"; exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "cli tools: installing Debian's ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  command -v sqlite3 >/dev/null 2>&1 && command -v gzip >/dev/null 2>&1 && exit 0
fi
echo "cli tools: ${missing[*]} not found and could not be installed (need root and apt)" >&2
exit 1
