#!/usr/bin/env bash
# Writes the seed corpus Fuzz/corpus/<target>/ (committed; rerun only to refresh it): small
# real files, the .npy and safetensors ones written by driftlab itself on a tiny run, the
# specs copied from experiments/, the IDX and text files in their published formats.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/driftlab}
c=Fuzz/corpus
rm -rf "$c" && mkdir -p "$c"/{spec,safetensors,npy,idx,csv}
run=$(mktemp -d); trap 'rm -rf "$run"' EXIT

# A tiny paper-000 run (2 features, an MLP of 2, one epoch): arrays and a checkpoint of a few hundred bytes.
"$BIN" run experiments/ar-states-3.json --out "$run/r" --threads 1 --set training.epochs=1 --set data.stepsPerState=8 \
  --set data.features=2 --set 'model.hidden=[2]' --set training.batchSize=4 --set 'attribution=[{"method":"gradient"}]' \
  --set 'figures=[]' --set 'metrics=["regression"]' >/dev/null 2>&1
cp "$run/r/checkpoints/epoch-0001.safetensors" "$c/safetensors/checkpoint.safetensors"
for f in coefficients series-targets validation-inputs; do cp "$run/r/data/$f.npy" "$c/npy/$f.npy"; done
cp "$run/r/spec.resolved.json" "$c/spec/resolved.json"
for s in ar-states-3 synthetic-pamap2-time-smoothgrad fashion-mnist-overtraining-quick synthetic-har-quick; do
  cp "experiments/$s.json" "$c/spec/$s.json"
done

python3 - "$c" <<'PY'
import gzip, struct, sys
import numpy as np
c = sys.argv[1]
# .npy kinds the reader meets beyond driftlab's own: Fortran order, big-endian, 0-d, float64.
np.save(f"{c}/npy/fortran.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
np.save(f"{c}/npy/big-endian.npy", np.arange(4, dtype=">f4"))
np.save(f"{c}/npy/scalar.npy", np.float32(1.5))
np.save(f"{c}/npy/float64.npy", np.arange(3, dtype="<f8"))
# IDX: the first byte picks the fuzzed file (even: images, odd: labels; see InputReader.idx).
images = struct.pack(">IIII", 0x803, 2, 28, 28) + bytes(range(256)) * 6 + bytes(32)
labels = struct.pack(">II", 0x801, 1) + bytes([3])
for name, data in [("images", b"\x00" + images), ("labels", b"\x01" + labels),
                   ("images-gz", b"\x00" + gzip.compress(images, mtime=0)), ("labels-gz", b"\x01" + gzip.compress(labels, mtime=0))]:
    open(f"{c}/idx/{name}", "wb").write(data)
# MHEALTH layout: 23 channels and an activity label, whitespace separated; a NaN, exponents, a tab, CRLF.
rows = ["\t".join(["-9.8", "0.31", "1e-3"] + ["%.4f" % (i * 0.37 - 2) for i in range(20)] + [str(a)]) for a in (0, 1, 12)]
open(f"{c}/csv/mhealth.log", "w").write("\n".join(rows) + "\n")
open(f"{c}/csv/crlf-nan.log", "w", newline="").write(",".join(["NaN"] + ["1.5"] * 22 + ["2"]) + "\r\n\r\n")
PY
ls -R "$c" | head -40
