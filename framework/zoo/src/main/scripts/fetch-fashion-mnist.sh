#!/usr/bin/env bash
# Fetches Fashion-MNIST (60k train / 10k test, 28x28, MIT) from the Debian package
# dataset-fashion-mnist without installing it, into ${LORAKIT_DATA:-~/.cache/lorakit/data}/fashion-mnist/.
# Idempotent: does nothing when the four IDX files are already there.
set -euo pipefail
out="${LORAKIT_DATA:-$HOME/.cache/lorakit/data}/fashion-mnist"
files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
have_all() { for f in "${files[@]}"; do [[ -s "$out/$f" ]] || return 1; done; }
if ! have_all; then
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
  (cd "$work" && { apt-get download dataset-fashion-mnist >/dev/null 2>&1 \
      || { echo "apt-get download failed; run 'sudo apt-get update' and retry" >&2; exit 1; }; })
  dpkg-deb -x "$work"/dataset-fashion-mnist_*.deb "$work/x"
  mkdir -p "$out"
  for f in "${files[@]}"; do
    src="$(find "$work/x" -name "$f" -print -quit)"
    [[ -n "$src" ]] || { echo "dataset-fashion-mnist has no $f" >&2; exit 1; }
    cp "$src" "$out/$f.tmp" && mv "$out/$f.tmp" "$out/$f"   # rename is atomic: no half files
  done
fi
echo "Fashion-MNIST in $out:"; ls -l "${files[@]/#/$out/}"
