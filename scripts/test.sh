#!/usr/bin/env bash
# The test command: the whole suite on SQLite, then again on PostgreSQL (including the headless-Chromium
# test), each followed by the API fuzz run (scripts/fuzz-api.sh: schemathesis against the real server).
# Uses $TEST_DATABASE_URL when set; otherwise starts a throwaway PostgreSQL and stops it after.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
echo "== suite on SQLite =="
env -u TEST_DATABASE_URL cargo test --locked
echo "== API fuzz run on SQLite =="
bash scripts/fuzz-api.sh
started=""
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  eval "$(bash scripts/pg-throwaway.sh)"
  started=$FUYU_PG_DIR
  trap 'bash scripts/pg-throwaway.sh stop "$started"' EXIT
fi
echo "== suite on PostgreSQL =="
TEST_DATABASE_URL=$TEST_DATABASE_URL cargo test --locked
echo "== API fuzz run on PostgreSQL =="
bash scripts/fuzz-api.sh "$TEST_DATABASE_URL"
