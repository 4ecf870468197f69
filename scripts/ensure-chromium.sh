#!/usr/bin/env bash
# Makes sure a headless Chromium is available for the viewer's end-to-end tests. Uses
# CHROMIUM_PATH or /usr/bin/chromium; otherwise installs Debian's `chromium` (needs root and apt).
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$path" ]; then echo "chromium: $path"; exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "chromium: installing Debian's chromium package"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] && { echo "chromium: /usr/bin/chromium"; exit 0; }
fi
echo "chromium: not found at $path and could not be installed; set CHROMIUM_PATH" >&2
exit 1
