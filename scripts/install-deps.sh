#!/usr/bin/env bash
# Installs what the build and the tests need (Debian 12): the system packages, then axe-core (npm, pinned
# in tests/axe/package-lock.json) for the accessibility check of the headless-Chromium test. As root it
# installs what is missing; otherwise it checks the system packages and fails loudly, naming what to
# install.
set -euo pipefail
cd "$(dirname "$0")/.."
# fonts-wqy-microhei: a CJK font, so Chromium draws Chinese (layout checks, screenshots) and not boxes.
PKGS="chromium chromium-driver fonts-wqy-microhei postgresql poppler-utils python3-aiosmtpd ca-certificates"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Node.js and npm: the machine's own when present, Debian's otherwise.
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends $missing
  else
    echo "missing system packages:$missing" >&2
    echo "install them with: sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
  fi
fi
# axe-core, at the version the lock file pins (npm ci installs exactly that, or fails).
want=$(sed -n 's/.*"axe-core": *"\([^"]*\)".*/\1/p' tests/axe/package.json)
have=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' tests/axe/node_modules/axe-core/package.json 2>/dev/null | head -1 || true)
if [ "$want" != "$have" ] || [ ! -f tests/axe/node_modules/axe-core/axe.min.js ]; then
  (cd tests/axe && npm ci --no-audit --no-fund)
fi
test -f tests/axe/node_modules/axe-core/axe.min.js || { echo "axe-core did not install (tests/axe)" >&2; exit 1; }
