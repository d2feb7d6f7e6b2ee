#!/usr/bin/env bash
# Installs what the build and the tests need (Debian 12): the system packages, then axe-core (npm, pinned
# in tests/axe/package-lock.json) for the accessibility check of the headless-Chromium test, then
# schemathesis (PyPI, pinned in tests/fuzz/requirements.txt) for the API fuzz run in its own venv. As
# root it installs what is missing; otherwise it checks the system packages and fails loudly, naming
# what to install.
set -euo pipefail
cd "$(dirname "$0")/.."
# fonts-wqy-microhei: a CJK font, so Chromium draws Chinese (layout checks, screenshots) and not boxes.
# python3-venv and curl: the API fuzz run (scripts/fuzz-api.sh).
PKGS="chromium chromium-driver fonts-wqy-microhei postgresql poppler-utils python3-aiosmtpd python3-venv curl ca-certificates"
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
# schemathesis for the API fuzz run, in a venv (Debian 12's Python is externally managed, PEP 668) with
# exactly the versions tests/fuzz/requirements.txt pins; reinstalled when that file changes.
venv=${FUYU_VENV:-$( [ "$(id -u)" = "0" ] && echo /opt/fuyu-venv || echo "$HOME/.cache/fuyu-venv" )}
if ! cmp -s tests/fuzz/requirements.txt "$venv/fuyu-requirements.txt" || ! "$venv/bin/schemathesis" --version >/dev/null 2>&1; then
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install --disable-pip-version-check --no-input -q -r tests/fuzz/requirements.txt
  cp tests/fuzz/requirements.txt "$venv/fuyu-requirements.txt"
fi
"$venv/bin/schemathesis" --version >/dev/null 2>&1 || { echo "schemathesis did not install ($venv)" >&2; exit 1; }
