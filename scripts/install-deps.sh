#!/usr/bin/env bash
# Installs the system packages the build and the tests need (Debian 12). As root it installs what is
# missing; otherwise it checks and fails loudly, naming what to install.
set -euo pipefail
PKGS="chromium chromium-driver postgresql poppler-utils python3-aiosmtpd ca-certificates"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then exit 0; fi
if [ "$(id -u)" = "0" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends $missing
else
  echo "missing system packages:$missing" >&2
  echo "install them with: sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
