#!/usr/bin/env bash
# The API fuzz run (issue 10 point 8): starts the real `fuyu demo` server on a free loopback port over a
# fresh database, takes a demo bearer token from POST /api/v1/login, and runs schemathesis (pinned in
# scripts/install-deps.sh) against the server's own /api/v1/openapi.json with every check of
# tests/fuzz/schemathesis.toml: no 5xx, every status, content type and body as documented, invalid
# input refused, valid input not refused as unreadable, other methods 405. Bounded: a fixed number of
# cases per operation (FUYU_FUZZ_EXAMPLES, default 25), a fixed seed (FUYU_FUZZ_SEED). Exits non-zero
# on any failure, and when schemathesis is not installed.
#
# Usage: bash scripts/fuzz-api.sh                      (SQLite in a temporary folder)
#        bash scripts/fuzz-api.sh postgres://…/postgres (a fresh database created on that server)
set -euo pipefail
cd "$(dirname "$0")/.."
# The venv scripts/install-deps.sh makes (the same default place).
venv=${FUYU_VENV:-$( [ "$(id -u)" = "0" ] && echo /opt/fuyu-venv || echo "$HOME/.cache/fuyu-venv" )}
st="$venv/bin/schemathesis"
if ! "$st" --version >/dev/null 2>&1; then
  echo "FAIL: schemathesis is not installed at $st — run scripts/install-deps.sh (as root) first" >&2
  exit 1
fi
examples=${FUYU_FUZZ_EXAMPLES:-25}
seed=${FUYU_FUZZ_SEED:-20261124}
account=${FUYU_FUZZ_ACCOUNT:-head.na}
target=${CARGO_TARGET_DIR:-target}
cargo build --locked --quiet --bin fuyu
bin="$target/debug/fuyu"

work=$(mktemp -d /tmp/fuyu-fuzz.XXXXXX)
server=""
pgdb=""
base_url=${1:-}
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$pgdb" ]; then psql -q "$base_url" -c "DROP DATABASE IF EXISTS $pgdb" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

case "$base_url" in
  postgres://*|postgresql://*)
    pgdb="fuyu_fuzz_$$"
    psql -q "$base_url" -c "DROP DATABASE IF EXISTS $pgdb" -c "CREATE DATABASE $pgdb" >/dev/null
    db_url="${base_url%/*}/$pgdb"
    backend=PostgreSQL
    ;;
  "")
    db_url="sqlite://$work/fuyu.sqlite3"
    backend=SQLite
    ;;
  *) echo "usage: $0 [postgres://…]" >&2; exit 2 ;;
esac

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
origin="http://127.0.0.1:$port"
echo "== API fuzz run on $backend: schemathesis $("$st" --version | awk '{print $NF}'), $examples cases per operation, seed $seed, as $account =="
FUYU_DATA_DIR="$work/data" RUST_LOG=warn "$bin" --database-url "$db_url" demo --bind "127.0.0.1:$port" \
  >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -fs "$origin/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; echo "FAIL: the server did not start" >&2; exit 1; }
  sleep 0.5
done
curl -fs "$origin/healthz" >/dev/null || { cat "$work/server.log" >&2; echo "FAIL: the server did not answer" >&2; exit 1; }

password=$(sed -n 's/^pub const DEMO_PASSWORD: &str = "\(.*\)";/\1/p' src/demo.rs)
token=$(curl -fs -X POST -H 'Content-Type: application/json' \
  -d "{\"username\":\"$account\",\"password\":\"$password\"}" "$origin/api/v1/login" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
[ -n "$token" ] || { echo "FAIL: no API token for $account" >&2; exit 1; }

set +e
"$st" --config-file tests/fuzz/schemathesis.toml run "$origin/api/v1/openapi.json" \
  --url "$origin" \
  -H "Authorization: Bearer $token" \
  --max-examples "$examples" --seed "$seed" \
  --report junit --report-dir "$work/report" \
  >"$work/fuzz.log" 2>&1
rc=$?
set -e
cat "$work/fuzz.log"
if grep -q "panicked\|internal error" "$work/server.log"; then
  echo "FAIL: the server logged an internal error during the fuzz run:" >&2
  grep "panicked\|internal error" "$work/server.log" | head -20 >&2
  rc=1
fi
if [ "$rc" != 0 ]; then
  echo "FAIL: the API fuzz run on $backend found failures (above)" >&2
  exit "$rc"
fi
echo "API fuzz run on $backend: no failures"
