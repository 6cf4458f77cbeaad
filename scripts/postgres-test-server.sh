#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, without systemd: Debian's binaries run by hand with initdb + pg_ctl.
#
#   scripts/postgres-test-server.sh start   initialise (first time) and start; a no-op when already running
#   scripts/postgres-test-server.sh stop    stop (fast shutdown); a no-op when not running
#   scripts/postgres-test-server.sh url     print the DATABASE_URL of the test database
#
# It listens on 127.0.0.1 only (port SMS_PG_PORT, default 54329) and on a unix socket in <data>/../<name>-socket.
# The data folder is SMS_PG_DATA (default .tools/pgdata). Roles: the server's OS user is the superuser (peer auth
# on the socket only); `sms_test` owns the database `sms_test` and logs in with a SCRAM password that is generated
# on first start and kept in <data>.password (mode 600, under .tools/, never committed).
# Durability settings are off (fsync, synchronous_commit): this server holds test data only.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${SMS_PG_PORT:-54329}"
DATA="${SMS_PG_DATA:-$PWD/.tools/pgdata}"
case "$DATA" in /*) ;; *) DATA="$PWD/$DATA" ;; esac
SOCKET_DIR="${DATA%/}-socket"
PASSWORD_FILE="${DATA%/}.password"
LOG_FILE="${DATA%/}.log"
DB_USER=sms_test
DB_NAME=sms_test

find_bin() {
    local dir
    for dir in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        if [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    done
    return 1
}


BIN="$(find_bin || true)"
if [ -z "$BIN" ]; then bash scripts/apt-install-no-start.sh postgresql; BIN="$(find_bin)"; fi

# initdb and postgres refuse to run as root: as root, everything runs as the `postgres` OS user.
if [ "$(id -u)" -eq 0 ]; then
    SERVER_USER=postgres
    as_server() { runuser -u postgres -- "$@"; }
else
    SERVER_USER="$(id -un)"
    as_server() { "$@"; }
fi

# As root the server runs as `postgres`, which must be able to reach the data folder. A clone in a private
# directory (`mktemp -d` makes 0700 ones) would stop initdb with "Permission denied": such ancestors get search
# permission for others (o+x: traverse, not list), and the script says so.
reach_data_folder() {
    [ "$(id -u)" -eq 0 ] || return 0
    local path="" part
    local IFS=/
    for part in $(dirname "$DATA"); do
        [ -n "$part" ] || continue
        path="$path/$part"
        if ! runuser -u "$SERVER_USER" -- test -x "$path"; then
            chmod o+x "$path"
            echo "postgres-test-server: o+x on $path so that $SERVER_USER can reach $DATA" >&2
        fi
    done
}

is_running() { [ -f "$DATA/PG_VERSION" ] && as_server "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

psql_admin() {
    as_server "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PORT" -U "$SERVER_USER" -d postgres "$@"
}

initialise() {
    mkdir -p "$DATA" "$SOCKET_DIR"
    chown "$SERVER_USER" "$DATA" "$SOCKET_DIR"
    chmod 700 "$DATA"
    # 755: other local users (and root's tests) may reach the socket; they still need sms_test's password.
    chmod 755 "$SOCKET_DIR"
    if [ ! -s "$PASSWORD_FILE" ]; then
        (umask 077; openssl rand -hex 16 >"$PASSWORD_FILE")
    fi
    as_server "$BIN/initdb" -D "$DATA" -U "$SERVER_USER" --encoding=UTF8 --locale=C.UTF-8 \
        --auth-local=peer --auth-host=scram-sha-256 >/dev/null
    cat >"$DATA/pg_hba.conf" <<EOF
local all $SERVER_USER            peer
local all all                     scram-sha-256
host  all all 127.0.0.1/32        scram-sha-256
EOF
    cat >>"$DATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCKET_DIR'
max_connections = 300
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    chown "$SERVER_USER" "$DATA/pg_hba.conf"
}

start() {
    if is_running; then return 0; fi
    if [ ! -f "$DATA/PG_VERSION" ]; then initialise; fi
    touch "$LOG_FILE"; chown "$SERVER_USER" "$LOG_FILE"
    as_server "$BIN/pg_ctl" -D "$DATA" -l "$LOG_FILE" -w -t 30 start >/dev/null
    local password; password="$(cat "$PASSWORD_FILE")"
    # Idempotent: the role and database are created on the first start only.
    psql_admin -v pw="$password" <<'SQL'
SELECT format('CREATE ROLE sms_test LOGIN PASSWORD %L', :'pw')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sms_test') \gexec
SELECT 'CREATE DATABASE sms_test OWNER sms_test'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'sms_test') \gexec
SQL
}

stop() {
    if is_running; then as_server "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null; fi
}

url() {
    [ -s "$PASSWORD_FILE" ] || { echo "postgres-test-server: not initialised; run start first" >&2; exit 1; }
    echo "postgres://$DB_USER:$(cat "$PASSWORD_FILE")@127.0.0.1:$PORT/$DB_NAME"
}

case "${1:-}" in
    start) reach_data_folder; start ;;
    stop) stop ;;
    url) url ;;
    *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
