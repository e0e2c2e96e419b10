#!/usr/bin/env bash
# Install the Debian packages stance needs (as root, or through sudo).
set -euo pipefail
pkgs="build-essential cmake pkg-config libsvm-dev liblinear-dev libutf8proc-dev check python3 parallel chromium"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
