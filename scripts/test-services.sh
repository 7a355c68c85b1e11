#!/usr/bin/env bash
# What the tests need besides Python: Debian's Chromium (browser tests) and a PostgreSQL server.
# As root it installs them with apt-get when missing and starts PostgreSQL; it prints the `export` line
# for the test database URL (evaluated by `make test`). Without root it says what will be skipped.
set -u
log() { echo "test-services: $*" >&2; }

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${need[*]} from Debian's packages"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2 \
      || log "apt-get failed: the tests needing ${need[*]} will be skipped"
  else
    log "${need[*]} not installed and not root: the tests needing them will be skipped"
  fi
fi

if [ -n "${SENDDASH_TEST_POSTGRES_URL:-}" ]; then
  echo "export SENDDASH_TEST_POSTGRES_URL='$SENDDASH_TEST_POSTGRES_URL'"
  exit 0
fi
if command -v pg_lsclusters >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  line=$(pg_lsclusters -h 2>/dev/null | head -n 1)
  if [ -z "$line" ]; then
    ver=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
    pg_createcluster "$ver" main >&2 && line=$(pg_lsclusters -h | head -n 1)
  fi
  ver=$(echo "$line" | awk '{print $1}'); name=$(echo "$line" | awk '{print $2}'); port=$(echo "$line" | awk '{print $3}')
  pg_ctlcluster "$ver" "$name" start >&2 2>/dev/null || true
  for _ in $(seq 1 30); do su postgres -c "pg_isready -q -p $port" && break; sleep 0.5; done
  psql_do() { su postgres -c "psql -p $port -tAc \"$1\""; }
  psql_do "SELECT 1 FROM pg_roles WHERE rolname='senddash'" | grep -q 1 \
    || psql_do "CREATE ROLE senddash LOGIN SUPERUSER PASSWORD 'senddash'" >&2
  psql_do "SELECT 1 FROM pg_database WHERE datname='senddash_test'" | grep -q 1 \
    || su postgres -c "createdb -p $port -O senddash senddash_test" >&2
  echo "export SENDDASH_TEST_POSTGRES_URL='postgresql+psycopg://senddash:senddash@127.0.0.1:$port/senddash_test'"
else
  log "no PostgreSQL server to start: the PostgreSQL runs of the tests will be skipped"
fi
