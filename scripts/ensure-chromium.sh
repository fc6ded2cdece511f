#!/usr/bin/env bash
# Installs Debian's headless Chromium for the browser tests (tests/web) when it is missing; a no-op otherwise.
# Playwright drives this system browser through executable_path: `playwright install` cannot download here.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-chromium: /usr/bin/chromium is missing; run as root or: sudo apt-get install -y chromium" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
test -x /usr/bin/chromium
