#!/usr/bin/env bash
# The full crash campaign of RELIABILITY.md: the real binary killed (SIGKILL) at random moments
# of a values import, an Excel import, form saves over HTTP, a report's submission and the
# migrations of a first open, RUNS times
# each on SQLite and, when NTM_TEST_DATABASE_URL names a server, on PostgreSQL; every run checks
# that what was acknowledged is there, nothing is half there and the change log matches; then a
# full disk (on a real full file system too when scripts/small-disk-postgres.sh has started its
# server, with its variables exported) and a read-only database.
# Usage: [NTM_RELEASE=1] scripts/crash-campaign.sh [RUNS]   (default 200; a debug build unless
# NTM_RELEASE is set)
set -euo pipefail
cd "$(dirname "$0")/.."
export NTM_CRASH_RUNS="${1:-200}"
cargo test ${NTM_RELEASE:+--release} -p ntm --test crash -- --nocapture --test-threads 1 2>&1 |
  grep -E "kills|full disk|full log|full file system|read-only|test result|panicked"
