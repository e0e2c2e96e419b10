#!/usr/bin/env bash
# Install the Debian packages stance needs (as root, or through sudo).
# When every one is installed already, apt is not touched at all (no
# update, no lock), so a second run is instant and works offline.
set -euo pipefail
pkgs="build-essential cmake pkg-config libsvm-dev liblinear-dev libutf8proc-dev check python3 parallel chromium groff-base"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -n "$missing" ] || exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# apt's lock may be held for a while by another apt (unattended upgrades):
# wait for it rather than fail
apt_get() { $SUDO apt-get -o DPkg::Lock::Timeout=300 "$@"; }
apt_get update -qq
apt_get install -y -qq --no-install-recommends $missing >/dev/null
