#!/usr/bin/env bash
# Per-layer minima of interleaved profiles: runs `BIN bench --profile ROW --steps STEPS --layers`
# for each binary in turn, RUNS times, and prints for every layer the lowest forward and backward
# milliseconds each binary reached, then the lowest step time. On a machine whose speed drifts
# (docs/performance.md: ±20 % within minutes), minima of interleaved runs resolve a change that
# single runs do not. Keep the binaries outside .build (copies), so one rebuild does not change both.
#   scripts/profile-ab.sh ROW RUNS BIN_A BIN_B [BIN…]      (STEPS=2 by default)
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 ROW RUNS BIN [BIN…]  (STEPS=${STEPS:-2} steps per run)" >&2; exit 2; }
row=$1 runs=$2; shift 2
out=$(mktemp -d)
for r in $(seq 1 "$runs"); do
  i=0
  for bin in "$@"; do
    "$bin" bench --profile "$row" --steps "${STEPS:-2}" --layers > "$out/$i.$r.txt"
    i=$((i + 1))
  done
done
python3 - "$out" "$#" "$@" <<'PYEOF'
import glob, re, sys
folder, count, bins = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
tables = []
for i in range(count):
    layers, steps = {}, []
    for path in sorted(glob.glob(f"{folder}/{i}.*.txt")):
        columns = None  # where the per-layer table's right-aligned forward and backward numbers end
        for line in open(path):
            m = re.match(r"\S+: ([\d.]+) ms per step", line)
            if m: steps.append(float(m.group(1)))
            head = line.split()
            if head[:2] == ["layer", "kind"] and line.index("kind") > 10:  # the per-layer table, not the per-kind one
                columns = (line.index("forward ms") + len("forward ms"), line.index("backward ms") + len("backward ms"))
                continue
            if columns is None or len(head) < 2 or head[0].startswith("-"): continue
            def number(end):
                cell = line[:end].rsplit(None, 1)[-1] if line[:end].strip() else ""
                return float(cell.replace(",", "")) if re.fullmatch(r"[\d.,]+", cell) and len(line[:end]) == end and line[end - 1] != " " else 0.0
            fwd, bwd = number(columns[0]), number(columns[1])
            key = (head[0], "" if re.fullmatch(r"[\d.,]+", head[1]) else head[1])  # "(untimed)" has no kind
            old = layers.get(key, (fwd, bwd))
            layers[key] = (min(old[0], fwd), min(old[1], bwd))
    tables.append((layers, steps))
keys = sorted(set().union(*[t[0].keys() for t in tables]), key=lambda k: -max(t[0].get(k, (0, 0))[0] + t[0].get(k, (0, 0))[1] for t in tables))
print("layer | kind | " + " | ".join(f"fwd {j} | bwd {j}" for j in range(count)))
for k in keys:
    cells = []
    for layers, _ in tables:
        f, b = layers.get(k, (float("nan"), float("nan")))
        cells += [f"{f:.1f}", f"{b:.1f}"]
    print(f"{k[0]} | {k[1]} | " + " | ".join(cells))
for j, (_, steps) in enumerate(tables):
    print(f"binary {j} ({bins[j]}): step ms per run {', '.join(f'{s:.1f}' for s in steps)}; lowest {min(steps):.1f}")
PYEOF
rm -rf "$out"
