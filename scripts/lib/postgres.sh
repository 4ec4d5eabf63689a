# A throwaway PostgreSQL cluster for the tests: Debian's server (installed when absent), a
# cluster of our own in target/pg on a free port, trusted on loopback only, stopped when the
# tests end. Sourced after tools.sh.

# The newest installed server's programs (initdb, pg_ctl), if any.
pg_bin() {
    local dirs=(/usr/lib/postgresql/*/bin)
    [[ -x "${dirs[-1]}/initdb" ]] && printf '%s\n' "${dirs[@]}" | sort -V | tail -1
}

need_postgres() {
    pg_bin >/dev/null || apt_install postgresql
}

# A TCP port nothing listens on.
free_port() {
    local port
    for _ in $(seq 50); do
        port=$((20000 + RANDOM % 40000))
        (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null || { echo "$port"; return 0; }
    done
    return 1
}

PG_DIR=""
PG_AS=()

# Starts the cluster and exports ROUNDS_TEST_POSTGRES (a URL of its `postgres` database;
# each test makes a database of its own there).
start_test_postgres() {
    need_postgres
    local bin port
    bin="$(pg_bin)"
    PG_DIR="$ROOT/target/pg"
    # PostgreSQL refuses to run as root: then it runs as Debian's `postgres` user, which
    # must be able to reach the folder.
    if [[ "$(id -u)" == 0 ]]; then
        PG_AS=(runuser -u postgres --)
        if ! runuser -u postgres -- test -x "$ROOT/target"; then
            PG_DIR="$(mktemp -d /tmp/rounds-pg.XXXXXX)"
            say "target/ is not reachable by the postgres user; the test cluster is in $PG_DIR"
        fi
    fi
    rm -rf "$PG_DIR" && mkdir -p "$PG_DIR"
    ((${#PG_AS[@]})) && chown postgres "$PG_DIR"
    port="$(free_port)"
    say "starting a throwaway PostgreSQL ($("$bin/postgres" --version | awk '{print $3}')) in $PG_DIR on port $port"
    "${PG_AS[@]}" "$bin/initdb" -D "$PG_DIR/data" -U rounds --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log"; return 1; }
    "${PG_AS[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -o \
        "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
    export ROUNDS_TEST_POSTGRES="postgres://rounds@127.0.0.1:$port/postgres"
}

stop_test_postgres() {
    [[ -n "$PG_DIR" && -d "$PG_DIR/data" ]] || return 0
    "${PG_AS[@]}" "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
