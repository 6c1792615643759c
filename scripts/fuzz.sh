#!/usr/bin/env bash
# Every fuzz target of fuzz/ (one per parser: criteria files, unit lists, values, agencies,
# targets, plans, recognitions, accounts, members, form numbers, periods and dates, form text,
# Excel templates, the addresses a request carries)
# for SECONDS each, with cargo-fuzz on stable (no sanitizer, debug assertions on). New inputs go
# to a scratch corpus (the committed one is read, not grown; see fuzz/README.md to merge); a
# crash stops the script with its input under fuzz/artifacts/<target>/, to be kept as
# fuzz/corpus/<target>/regress-* and replayed by `cargo test -p ntm-io --test fuzz_corpus`.
# Without cargo-fuzz the committed corpora are replayed instead.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (default 60, every target)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  mapfile -t TARGETS < <(grep -A1 '^\[\[bin\]\]' fuzz/Cargo.toml | sed -n 's/^name = "\(.*\)"/\1/p')
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed: replaying the committed corpora instead"
  exec cargo test -p ntm-io --test fuzz_corpus
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd fuzz
for t in "${TARGETS[@]}"; do
  case "$t" in
    form_number|period_or_date) max_len=64 ;;
    criteria_file|archive) max_len=65536 ;;
    *) max_len=8192 ;;
  esac
  mkdir -p "$WORK/$t"
  echo "== $t (${SECONDS_EACH} s)"
  cargo fuzz run -s none -a "$t" "$WORK/$t" "corpus/$t" -- \
    -max_total_time="$SECONDS_EACH" -timeout=10 -max_len="$max_len" -print_final_stats=1 2>&1 |
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|Done [0-9]+ runs|SUMMARY|panicked|ERROR" || true
  if ls artifacts/"$t"/crash-* >/dev/null 2>&1; then
    echo "CRASH in $t: $(ls artifacts/"$t"/crash-*)"
    exit 1
  fi
done
echo "no crash in ${#TARGETS[@]} targets"
