#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the tests and print its URL (the last line of output).
#
#   scripts/ensure-postgres.sh [STATE_DIR]     start (or reuse) a server whose cluster lives in STATE_DIR
#   scripts/ensure-postgres.sh --stop STATE_DIR
#
# Idempotent: if the server of STATE_DIR is already up, its URL is printed again. Installs Debian's `postgresql`
# package when no server binaries are found and we are root (as CI is). The server listens on 127.0.0.1 only, on a
# free port, runs as a non-root user (postgres cannot run as root), trusts local connections and skips fsync: it
# holds test data only.
set -euo pipefail

find_bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
        return
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/initdb" ] && { echo "$dir"; return; }
    done
    command -v initdb >/dev/null 2>&1 && dirname "$(readlink -f "$(command -v initdb)")"
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if [ "${1:-}" = "--stop" ]; then
    state=${2:?usage: ensure-postgres.sh --stop STATE_DIR}
    bindir=$(find_bindir)
    [ -f "$state/data/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$state/data" -m immediate -w stop >/dev/null
    rm -rf "$state"
    exit 0
fi

state=${1:-${TMPDIR:-/tmp}/tradeguard-postgres-$(id -u)}
bindir=$(find_bindir || true)
if [ -z "$bindir" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "PostgreSQL server binaries not found; install Debian's postgresql package" >&2
        exit 1
    fi
    echo "installing PostgreSQL (apt-get install postgresql)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bindir=$(find_bindir)
fi

if [ -f "$state/url" ] && "$bindir/pg_isready" -q -d "$(cat "$state/url")"; then
    cat "$state/url"
    exit 0
fi

if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
rm -rf "$state/data"
mkdir -p "$state"
chmod 755 "$state"
[ "$(id -u)" = 0 ] && chown postgres "$state"
as_owner "$bindir/initdb" -D "$state/data" -U tradeguard -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$state/initdb.log" 2>&1 \
    || { cat "$state/initdb.log" >&2; exit 1; }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
options="-c listen_addresses=127.0.0.1 -p $port -k $state -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
as_owner "$bindir/pg_ctl" -D "$state/data" -o "$options" -l "$state/server.log" -w -t 60 start >/dev/null \
    || { cat "$state/server.log" >&2; exit 1; }
url="postgresql://tradeguard@127.0.0.1:$port/postgres"
echo "$url" >"$state/url"
echo "$url"
