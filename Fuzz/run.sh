#!/usr/bin/env bash
# make fuzz: each target in FUZZ_TARGETS (default all five) under libFuzzer for FUZZ_SECONDS
# (default 600). New inputs the fuzzer keeps go to .build-fuzz/corpus/<target>/ (not committed;
# it grows run by run), the committed seeds Fuzz/corpus/<target>/ and the regression inputs
# Fuzz/regressions/<target>/ are read as well; a crash, timeout or out-of-memory input is
# written to Fuzz/regressions/<target>/: fix the reader, then commit the input beside the fix
# (make test replays it). Prints libFuzzer's final stats per target; exit 1 if any target failed.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-600}
targets=${FUZZ_TARGETS:-spec safetensors npy idx csv}
Fuzz/build.sh || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/driftlab-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Leak reports are off: the Swift runtime's caches look like leaks to LeakSanitizer, and a
# reader that really kept growing would show as out-of-memory (-rss_limit_mb) instead.
export ASAN_OPTIONS=detect_leaks=0
failed=0
for t in $targets; do
  mkdir -p ".build-fuzz/corpus/$t" "Fuzz/regressions/$t"
  log=".build-fuzz/$t.log"
  echo "== $t: $seconds s"
  TMPDIR=$tmp .build-fuzz/bin/$t -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="Fuzz/regressions/$t/" \
    ".build-fuzz/corpus/$t" "Fuzz/corpus/$t" "Fuzz/regressions/$t" > "$log" 2>&1
  status=$?
  grep -E "^#[0-9]+.*DONE|^Done [0-9]+ runs|^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)" "$log"
  if [ $status -ne 0 ]; then
    failed=1
    echo "$t: libFuzzer exited $status; see $log and the new input in Fuzz/regressions/$t/"
    grep -m3 -E "ERROR|Fatal error|==[0-9]+==" "$log"
  fi
done
exit $failed
