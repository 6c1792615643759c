#!/usr/bin/env bash
# The full crash campaign of RELIABILITY.md: the real binary killed (SIGKILL) at random moments
# of a values import, RUNS times on SQLite and, when NTM_TEST_DATABASE_URL names a server, on
# PostgreSQL; every run checks that the import is whole or absent, with its log entry or none.
# Usage: scripts/crash-campaign.sh [RUNS]   (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
export NTM_CRASH_RUNS="${1:-200}"
cargo test --release -p ntm --test crash -- --nocapture --test-threads 1 2>&1 | grep -E "kills|test result|panicked"
