#!/usr/bin/env bash
# make crashtest: CRASH_TRIALS times, start `driftlab run` on a tiny spec, kill -9 it at a
# random moment, run it again (the resume), and compare every output's sha256 with one
# uninterrupted reference run. Also counts the temporary files of interrupted writes
# (AtomicFile's ".NAME.tmp-PID", the figure writer's ".NAME.UUID.tmp", Foundation's
# ".dat.nosyncXXXX") left after the resume:
# the resume must remove them. Exit status 1 on any mismatch, failed resume or leftover.
#
# The spec is experiments/ar-states-3.json made small with --set (10 epochs, 2,000 steps per
# state): about 1 s, spread over every stage (data, train with a checkpoint per epoch,
# attribute, metrics, tables, figures), so a uniform random kill moment lands in each of them.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/driftlab}
TRIALS=${CRASH_TRIALS:-100}
SPEC=experiments/ar-states-3.json
ARGS=(--threads 1 --set training.epochs=10 --set data.stepsPerState=2000)
work=$(mktemp -d "${TMPDIR:-/tmp}/driftlab-crashtest.XXXXXX")
trap 'rm -rf "$work"' EXIT

# sha256 of every file but manifest.json (it holds timestamps and stage seconds), run.log
# (timestamped lines, appended on resume) and the lock file, then the manifest's own output hashes, which must agree too.
fingerprint() {
  (cd "$1" && find . -type f ! -name manifest.json ! -name .lock ! -name run.log | LC_ALL=C sort | xargs -r sha256sum
   python3 -c 'import json; o = json.load(open("manifest.json"))["outputs"]; [print(o[k], "manifest:" + k) for k in sorted(o)]')
}
temporaries() { find "$1" -type f \( -name '.*.tmp-*' -o -name '.*.tmp' -o -name '.dat.nosync*' \) | wc -l; }

start=$(date +%s%N)
"$BIN" run "$SPEC" --out "$work/reference" "${ARGS[@]}" >/dev/null 2>"$work/reference.log" \
  || { echo "the reference run failed:"; tail -5 "$work/reference.log"; exit 1; }
reference_ms=$(( ($(date +%s%N) - start) / 1000000 ))
fingerprint "$work/reference" > "$work/reference.sha256"
echo "reference run: $reference_ms ms, $(wc -l < "$work/reference.sha256") hashes; $TRIALS trials, kill -9 at 0…$reference_ms ms"

identical=0 interrupted=0 left=0 logs=0
for ((i = 1; i <= TRIALS; i++)); do
  out="$work/trial"
  rm -rf "$out"
  delay_ms=$(( (RANDOM * 32768 + RANDOM) % (reference_ms + 1) ))
  "$BIN" run "$SPEC" --out "$out" "${ARGS[@]}" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  killed=0
  kill -9 "$pid" 2>/dev/null && { interrupted=$((interrupted + 1)); killed=1; }
  wait "$pid" 2>/dev/null
  if ! "$BIN" run "$SPEC" --out "$out" "${ARGS[@]}" >/dev/null 2>"$work/resume.log"; then
    echo "trial $i (killed at $delay_ms ms): the resume failed:"; tail -5 "$work/resume.log"
    continue
  fi
  # run.log survives the kill: the resume appended to it (one "run of" line per start that got
  # the lock), and it ends with the resumed run's closing line.
  starts=$(grep -c " run of " "$out/run.log" 2>/dev/null || true)
  if tail -1 "$out/run.log" 2>/dev/null | grep -qE " (done \(|already complete)" && [ "${starts:-0}" -ge 1 ]; then
    logs=$((logs + 1))
  else
    echo "trial $i (killed at $delay_ms ms, killed=$killed): run.log lacks the resume: $(tail -2 "$out/run.log" 2>/dev/null | tr '\n' '|')"
  fi
  temps=$(temporaries "$out")
  left=$((left + temps))
  fingerprint "$out" > "$work/trial.sha256"
  if cmp -s "$work/trial.sha256" "$work/reference.sha256"; then
    identical=$((identical + 1))
  else
    echo "trial $i (killed at $delay_ms ms): outputs differ from the reference:"
    diff "$work/reference.sha256" "$work/trial.sha256" | head -10
  fi
done
echo "$TRIALS trials ($interrupted killed mid-run): $identical identical, $left temp files left, $logs run.logs with the resume"
[ "$identical" -eq "$TRIALS" ] && [ "$left" -eq 0 ] && [ "$logs" -eq "$TRIALS" ]
