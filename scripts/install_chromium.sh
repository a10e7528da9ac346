#!/bin/sh
# Install Debian's Chromium for the browser test (tests/test_browser.py) when it is missing.
#
# Playwright drives /usr/bin/chromium through `executable_path`; its own browser download cannot run on
# a closed network, so the browser comes from the distribution's packages instead.
# Usage: scripts/install_chromium.sh        (root, or sudo available; safe to run again)
set -eu

CHROMIUM=${CCHC_CHROMIUM:-${CHROMIUM:-/usr/bin/chromium}}  # the browser test reads CCHC_CHROMIUM too

if [ -x "$CHROMIUM" ]; then
    echo "chromium already installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: $CHROMIUM is missing and apt-get is not available; install Chromium by hand" >&2
    echo "       (or set CCHC_CHROMIUM to an existing Chromium/Chrome binary for the browser test)." >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "error: installing chromium needs root (run this script as root or install sudo)." >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
echo "installed: $("$CHROMIUM" --version 2>/dev/null)"
