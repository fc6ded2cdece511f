#!/usr/bin/env bash
# Installs Debian's headless Java runtime for the Spark tests (tests/spark) when `java` is missing; a no-op otherwise.
# PySpark 4 needs Java 17 or newer; Debian 12's default-jre-headless is OpenJDK 17.
set -euo pipefail
if command -v java >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-java: java is missing; run as root or: sudo apt-get install -y default-jre-headless" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
command -v java >/dev/null
