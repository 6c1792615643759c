#!/usr/bin/env bash
# The full load campaign of RELIABILITY.md: the real binary on loopback, CLIENTS clients
# (half writing distinct values through the entry form, each with its own session; half reading
# pages and JSON) for SECONDS; zero errors and zero lost saves (counted back from the value
# history), p50/p99 printed; then ROUNDS of two officers saving one value at the same moment.
# Usage: [NTM_RELEASE=1] scripts/load.sh [CLIENTS] [SECONDS] [ROUNDS]   (default 200 30 50; a
# debug build unless NTM_RELEASE is set)
set -euo pipefail
cd "$(dirname "$0")/.."
export NTM_LOAD_CLIENTS="${1:-200}" NTM_LOAD_SECONDS="${2:-30}" NTM_LOAD_ROUNDS="${3:-50}"
cargo test ${NTM_RELEASE:+--release} -p ntm --test load -- --nocapture --test-threads 1 2>&1 | grep -E "^load|officers|test result|panicked|errors"
