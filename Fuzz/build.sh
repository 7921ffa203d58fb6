#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/Targets/<target>.swift) into .build-fuzz/bin/<target>.
#
# The route, and why: SwiftPM builds the library modules (Experiments and all below it) into a
# scratch folder of their own, .build-fuzz, with the Swift code instrumented for libFuzzer and
# AddressSanitizer; then swiftc compiles each small target file against those modules and links
# their object files with libFuzzer's main. A fuzz executable target in Package.swift would be
# built by every plain `swift build` too, where there is no libFuzzer main to link, and a
# separate scratch folder keeps the instrumented objects from ever mixing with .build's. The C
# targets (GEMM kernels, PNG codec) are left uninstrumented (-Xswiftc, not --sanitize): the
# readers do not go through them, and ASan on the unrolled GEMM kernels takes many minutes to
# compile. Incremental: a second run rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
scratch=.build-fuzz
targets=${FUZZ_TARGETS:-spec safetensors npy idx csv}
"$SWIFT" build -c release --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address --target Experiments
release=$scratch/release
modules="AtomicFiles GEMMKernels Tensors NeuralNet Metrics Datasets Attribution PNGCodec Figures Experiments"
objects=()
for m in $modules; do objects+=("$release/$m.build/"*.o); done
# The C modules' maps, for the clang importer when the target files import Experiments.
maps=()
for m in CPNG CCairo; do maps+=(-Xcc "-fmodule-map-file=Sources/$m/module.modulemap"); done
for m in GEMMKernels PNGCodec; do maps+=(-Xcc "-fmodule-map-file=$release/$m.build/module.modulemap" -Xcc -ISources/$m/include); done
for flag in $(pkg-config --cflags libpng cairo); do maps+=(-Xcc "$flag"); done
mkdir -p "$scratch/bin"
for t in $targets; do
  "${SWIFTC:-swiftc}" -O -parse-as-library -sanitize=fuzzer,address -I "$release/Modules" "${maps[@]}" \
    Fuzz/Targets/FuzzInput.swift "Fuzz/Targets/$t.swift" "${objects[@]}" \
    $(pkg-config --libs libpng cairo zlib) -o "$scratch/bin/$t" 2> >(grep -v "ld.gold: warning: Cannot export local symbol" >&2)
  echo "built $scratch/bin/$t"
done
