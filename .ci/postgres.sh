# Sourced by .ci/run: a throwaway PostgreSQL server for the suite's second database.
#
# Debian's `postgresql` package (installed when missing), a cluster made by initdb in a
# temporary folder owned by an unprivileged account (PostgreSQL refuses to run as root),
# listening on a free port of 127.0.0.1 only, with a password (the suite checks that no
# message shows it). The server is stopped and its folder removed when .ci/run exits,
# whether the tests passed or not. Exports DIKLAT_TEST_PG, the URL tests/conftest.py reads,
# and DIKLAT_PG_REQUIRED=1, so that a server that did not come up fails the suite
# instead of skipping.

pg_bindir() {
    local dir
    for dir in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    done
    return 1
}

pg_install() {
    pg_bindir >/dev/null && return 0
    echo "postgres: installing Debian's postgresql package"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
    pg_bindir >/dev/null
}

# Runs a command as the account that owns the cluster (root cannot).
pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$PG_OWNER" -- "$@"
    else
        "$@"
    fi
}

pg_stop() {
    if [ -n "${PG_DATA:-}" ] && [ -d "$PG_DATA" ]; then
        pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    [ -n "${PG_TMP:-}" ] && rm -rf "$PG_TMP"
}

pg_start() {
    pg_install || { echo "postgres: no PostgreSQL server could be installed"; return 1; }
    PG_BIN=$(pg_bindir)
    PG_OWNER=$(id -un)
    if [ "$(id -u)" -eq 0 ]; then
        PG_OWNER=diklat-ci-pg
        id -u "$PG_OWNER" >/dev/null 2>&1 \
            || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OWNER"
    fi
    PG_TMP=$(mktemp -d /tmp/diklat-ci-pg.XXXXXX)
    PG_DATA="$PG_TMP/data"
    chmod 0755 "$PG_TMP"
    [ "$(id -u)" -eq 0 ] && chown "$PG_OWNER" "$PG_TMP"
    local password port
    password=$(python3 -c "import secrets; print(secrets.token_hex(12))")
    port=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
    printf '%s\n' "$password" >"$PG_TMP/pw"
    [ "$(id -u)" -eq 0 ] && chown "$PG_OWNER" "$PG_TMP/pw"
    pg_as_owner "$PG_BIN/initdb" -D "$PG_DATA" -U diklat --pwfile="$PG_TMP/pw" \
        --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
        || { cat "$PG_TMP/initdb.log"; return 1; }
    rm -f "$PG_TMP/pw"
    # A test server: durability is traded for speed (the data lives for one run).
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_TMP/server.log" -w -t 60 start -o \
        "-h 127.0.0.1 -p $port -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        >/dev/null || { cat "$PG_TMP/server.log"; return 1; }
    export DIKLAT_TEST_PG="postgresql+psycopg://diklat:$password@127.0.0.1:$port/postgres"
    echo "postgres: $("$PG_BIN/postgres" --version) on 127.0.0.1:$port"
}

# A developer may source this file with PG_FUNCTIONS_ONLY=1 to start a server by hand.
[ -n "${PG_FUNCTIONS_ONLY:-}" ] && return 0

# Chained, not replaced: other parts of .ci/run may have their own clean-up.
_pg_prev_trap=$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")
trap "pg_stop${_pg_prev_trap:+; $_pg_prev_trap}" EXIT
trap 'exit 130' INT TERM
export DIKLAT_PG_REQUIRED=1
pg_start || exit 1
