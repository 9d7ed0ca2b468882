#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the test suite and exports DATABASE_URL.
# Sourced by .ci/run; usable by hand: `source scripts/ci-postgres.sh && start_ci_postgres`.

start_ci_postgres() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    CI_PG_DIR=$(mktemp -d /tmp/court-ledger-pg.XXXXXX)
    CI_PG_PORT=${CI_PG_PORT:-55432}
    local run_as=()
    if [ "$(id -u)" = 0 ]; then
        # initdb refuses to run as root: the cluster belongs to the postgres system user.
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        chown postgres "$CI_PG_DIR"
        run_as=(runuser -u postgres --)
    fi
    "${run_as[@]}" "$bin/initdb" -D "$CI_PG_DIR/data" -A trust -U postgres --no-sync >/dev/null
    "${run_as[@]}" "$bin/pg_ctl" -D "$CI_PG_DIR/data" -l "$CI_PG_DIR/log" -w \
        -o "-p $CI_PG_PORT -k $CI_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    CI_PG_BIN=$bin
    export DATABASE_URL="postgresql://postgres@127.0.0.1:$CI_PG_PORT/postgres"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') listening at $DATABASE_URL"
}

stop_ci_postgres() {
    if [ -n "${CI_PG_DIR:-}" ] && [ -d "$CI_PG_DIR/data" ]; then
        local run_as=()
        [ "$(id -u)" = 0 ] && run_as=(runuser -u postgres --)
        "${run_as[@]}" "$CI_PG_BIN/pg_ctl" -D "$CI_PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
        rm -rf "$CI_PG_DIR"
    fi
}
