#!/usr/bin/env bash
# A throwaway PgBouncer in front of the PostgreSQL test server (scripts/postgres-test-server.sh), run by hand
# without systemd, configured like deploy/pgbouncer/pgbouncer.ini: transaction pooling; clients connect through a
# unix socket without a password (or over 127.0.0.1 with SCRAM), and PgBouncer logs in to PostgreSQL with SCRAM
# over TCP.
#
#   scripts/pgbouncer-test-server.sh start   write the configuration (first time) and start; a no-op when running
#   scripts/pgbouncer-test-server.sh stop    stop (immediate shutdown); a no-op when not running
#   scripts/pgbouncer-test-server.sh url     print the DATABASE_URL of the test database through PgBouncer
#   scripts/pgbouncer-test-server.sh install install Debian's pgbouncer package (without starting its service)
#
# It listens on 127.0.0.1:SMS_PGB_PORT (default 54330) and on a unix socket in <folder>-socket; the folder is
# SMS_PGB_DATA (default .tools/pgbouncer). The PostgreSQL server is the one SMS_PG_DATA and SMS_PG_PORT select
# (the same defaults as scripts/postgres-test-server.sh), which must be running. Every database of that server is
# reachable under its own name, so a test can create a database and connect to it through PgBouncer at once; for
# that the script gives the test role CREATEDB.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${SMS_PGB_PORT:-54330}"
DATA="${SMS_PGB_DATA:-$PWD/.tools/pgbouncer}"
case "$DATA" in /*) ;; *) DATA="$PWD/$DATA" ;; esac
DATA="${DATA%/}"
SOCKET_DIR="$DATA-socket"
PG_PORT="${SMS_PG_PORT:-54329}"
PG_DATA="${SMS_PG_DATA:-$PWD/.tools/pgdata}"
case "$PG_DATA" in /*) ;; *) PG_DATA="$PWD/$PG_DATA" ;; esac
PG_DATA="${PG_DATA%/}"
DB_USER=sms_test
DB_NAME=sms_test


[ -x /usr/sbin/pgbouncer ] || bash scripts/apt-install-no-start.sh pgbouncer
[ "${1:-}" != install ] || exit 0
PGBOUNCER=/usr/sbin/pgbouncer

# PgBouncer refuses to run as root: as root it runs as the `postgres` OS user, like the PostgreSQL test server.
if [ "$(id -u)" -eq 0 ]; then
    SERVER_USER=postgres
    as_server() { runuser -u postgres -- "$@"; }
else
    SERVER_USER="$(id -un)"
    as_server() { "$@"; }
fi

pid() { cat "$DATA/pgbouncer.pid" 2>/dev/null || true; }
is_running() { local p; p="$(pid)"; [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

configure() {
    local password
    password="$(cat "$PG_DATA.password")"
    mkdir -p "$DATA" "$SOCKET_DIR"
    # The shipped configuration with the test server's paths and ports, no TLS (the server is on loopback), every
    # database of the server under its own name, a socket any local user may use (the tests run functions as root,
    # the benchmark as www-data under Apache and fcgiwrap; this server holds test data only), and shorter waits so
    # fault tests see their 503 quickly. It is rewritten on every start, so a changed port or server is picked up.
    sed -e "s|^sms = .*|* = host=127.0.0.1 port=$PG_PORT|" \
        -e "s|^listen_port = .*|listen_port = $PORT|" \
        -e "s|^unix_socket_dir = .*|unix_socket_dir = $SOCKET_DIR|" \
        -e "s|^auth_file = .*|auth_file = $DATA/userlist.txt|" \
        -e "s|^auth_hba_file = .*|auth_hba_file = $DATA/pgbouncer_hba.conf|" \
        -e "s|^logfile = .*|logfile = $DATA/pgbouncer.log|" \
        -e "s|^pidfile = .*|pidfile = $DATA/pgbouncer.pid|" \
        -e "s|^unix_socket_group = .*||" \
        -e "s|^unix_socket_mode = .*|unix_socket_mode = 0666|" \
        -e "/^server_tls_/d" \
        -e "s|^server_login_retry = .*|server_login_retry = 1|" \
        -e "s|^query_wait_timeout = .*|query_wait_timeout = 5|" \
        deploy/pgbouncer/pgbouncer.ini >"$DATA/pgbouncer.ini"
    cp deploy/pgbouncer/pgbouncer_hba.conf "$DATA/pgbouncer_hba.conf"
    (umask 077; printf '"%s" "%s"\n' "$DB_USER" "$password" >"$DATA/userlist.txt")
    chown -R "$SERVER_USER" "$DATA" "$SOCKET_DIR"
    chmod 700 "$DATA"
    chmod 755 "$SOCKET_DIR"
}

# The test role may create databases, so that each test can have its own database behind PgBouncer (which passes
# no `options` such as a search_path to the server).
grant_createdb() {
    local pg_bin
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV | head -n1)"
    as_server "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DATA-socket" -p "$PG_PORT" -U "$SERVER_USER" \
        -d postgres -c "ALTER ROLE $DB_USER CREATEDB" >/dev/null
}

start() {
    if is_running; then return 0; fi
    [ -s "$PG_DATA.password" ] || {
        echo "pgbouncer-test-server: the PostgreSQL test server is not initialised; run postgres-test-server.sh start" >&2
        exit 1
    }
    configure
    grant_createdb
    as_server "$PGBOUNCER" -q -d "$DATA/pgbouncer.ini"
    local tries=0
    until [ -S "$SOCKET_DIR/.s.PGSQL.$PORT" ] && is_running; do
        tries=$((tries + 1))
        if [ "$tries" -gt 100 ]; then
            echo "pgbouncer-test-server: PgBouncer did not start; see $DATA/pgbouncer.log" >&2
            tail -n 20 "$DATA/pgbouncer.log" >&2 || true
            exit 1
        fi
        sleep 0.1
    done
}

stop() {
    local p
    p="$(pid)"
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
        kill -TERM "$p"
        local tries=0
        while kill -0 "$p" 2>/dev/null && [ "$tries" -lt 100 ]; do sleep 0.1; tries=$((tries + 1)); done
    fi
    rm -f "$DATA/pgbouncer.pid"
}

url() {
    echo "postgresql:///$DB_NAME?host=$(url_encode "$SOCKET_DIR")&port=$PORT&user=$DB_USER"
}

url_encode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) url ;;
    *) echo "usage: $0 start|stop|url|install" >&2; exit 2 ;;
esac
