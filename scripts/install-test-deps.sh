#!/usr/bin/env sh
# System packages some tests need: a headless browser for the query page, a Virtuoso
# server for the remote-store tests, and a native load generator for benchmarks.
# Installed with apt when this runs as root (or with password-less sudo); otherwise
# it says what to install, and the tests that need them skip with that reason.
set -eu
PACKAGES="chromium chromium-driver virtuoso-opensource wrk"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "note: not root; tests that need$missing will skip (install with: sudo apt-get install -y$missing)" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "note: no apt-get; tests that need$missing will skip" >&2
  exit 0
fi
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
